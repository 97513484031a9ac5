import { openDatabase } from "../../db/database.ts";
import { migrate } from "../../db/migrate.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, hasUsers, seedDemo } from "../../demo/seed-demo.ts";
import { startMailCatcher } from "../../mail/mail-catcher.ts";
import { configFromEnv } from "../../server/config.ts";
import { PARTS, startServer } from "../../server/start-server.ts";
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
      await migrate(database.db);
      const fresh = !(await hasUsers(database.db));
      if (fresh) await seedDemo(database.db);
      // Outgoing mail goes to the catcher instead of the outside world; it is shown at /mail.
      const catcher = await startMailCatcher({ db: database.db, host: "127.0.0.1", port: 0 });
      const config = {
        ...base,
        databaseUrl: undefined,
        port: parsePort(values.port, "--port", base.port),
        smtpPort: parsePort(values["smtp-port"], "--smtp-port", base.smtpPort),
        smtpUrl: `smtp://127.0.0.1:${catcher.port}`,
      };
      const server = await startServer({ database, config, parts: PARTS }).catch(async (error) => {
        await catcher.close();
        throw error;
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`Dossier demo ready in ${seconds} s${fresh ? " (new demo data)" : ""}.`);
      console.log(`  web          ${server.addresses.web}`);
      console.log(
        `  inbound mail ${server.addresses.mail}  (office mailboxes: ottawa@dossier.demo, montreal@dossier.demo, manila@dossier.demo)`,
      );
      console.log(`  sent mail    caught and shown at ${server.addresses.web}/mail`);
      console.log(`  data         ${database.location}`);
      console.log(`Accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const account of DEMO_ACCOUNTS) {
        const roles = account.memberships.map(([office, role]) => `${office} ${role}`).join(", ");
        console.log(`  ${account.email.padEnd(22)} ${roles}`);
      }
      return await waitForSignal(
        {
          addresses: server.addresses,
          async stop() {
            await server.stop();
            await catcher.close();
          },
        },
        database,
      );
    } catch (error) {
      await database.close();
      throw error;
    }
  },
};
