import { openDatabase } from "../../db/database.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../demo/seed-demo.ts";
import { startDemo } from "../../demo/start-demo.ts";
import { UNKNOWN_MAILBOX_DOMAIN } from "../../mail/mail-catcher.ts";
import { configFromEnv } from "../../server/config.ts";
import { type CliCommand, parseFlags } from "../command.ts";
import { parsePort, waitForSignal } from "./serve.ts";

export const demoCommand: CliCommand = {
  path: ["demo"],
  summary: "run everything on the embedded database with demo data and a built-in mail catcher",
  usage: "dossier demo [--port N] [--smtp-port N]   (data in DOSSIER_DATA_DIR, default ./.dossier)",
  async run(args) {
    const started = Date.now();
    const { values } = parseFlags(args, { port: { type: "string" }, "smtp-port": { type: "string" } });
    const base = configFromEnv();
    const database = await openDatabase({ dataDir: base.dataDir });
    try {
      const demo = await startDemo({
        database,
        config: {
          ...base,
          port: parsePort(values.port, "--port", base.port),
          smtpPort: parsePort(values["smtp-port"], "--smtp-port", base.smtpPort),
        },
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`Dossier demo ready in ${seconds} s${demo.fresh ? " (new demo data)" : ""}.`);
      console.log(`  web          ${demo.addresses.web}`);
      console.log(
        `  inbound mail ${demo.addresses.mail}  (office mailboxes: ottawa@dossier.demo, montreal@dossier.demo, manila@dossier.demo)`,
      );
      console.log(
        `  sent mail    caught and shown at ${demo.addresses.web}/mail; mail to @${UNKNOWN_MAILBOX_DOMAIN} comes back undelivered`,
      );
      console.log(`  data         ${database.location}`);
      console.log(`Accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const account of DEMO_ACCOUNTS) {
        const roles = account.memberships.map(([office, role]) => `${office} ${role}`).join(", ");
        console.log(`  ${account.email.padEnd(22)} ${roles}`);
      }
      return await waitForSignal(demo, database);
    } catch (error) {
      await database.close();
      throw error;
    }
  },
};
