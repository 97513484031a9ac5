import type { Database } from "../../db/database.ts";
import { configFromEnv } from "../../server/config.ts";
import { PARTS, type Part, type RunningServer, startServer } from "../../server/start-server.ts";
import { AppError } from "../../shared/errors.ts";
import { type CliCommand, openConfiguredDatabase, parseFlags } from "../command.ts";

export function parsePort(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError("invalid_input", `${flag}: must be a port number from 0 to 65535`);
  }
  return port;
}

/** Stops cleanly on Ctrl-C or SIGTERM: parts first, then the database. */
export function waitForSignal(server: RunningServer, database: Database): Promise<number> {
  return new Promise((resolve) => {
    const stop = async () => {
      await server.stop();
      await database.close();
      resolve(0);
    };
    process.once("SIGINT", () => void stop());
    process.once("SIGTERM", () => void stop());
  });
}

export const serveCommand: CliCommand = {
  path: ["serve"],
  summary: "run the web app, the inbound mail receiver, the dispatcher and the scheduler",
  usage:
    "dossier serve [--only web|mail|dispatcher|scheduler] [--port N] [--smtp-port N]\n" +
    "  --only may be repeated; by default every part runs. Parts share nothing but the database.",
  async run(args) {
    const { values } = parseFlags(args, {
      only: { type: "string", multiple: true },
      port: { type: "string" },
      "smtp-port": { type: "string" },
    });
    const parts = (values.only ?? [...PARTS]) as Part[];
    for (const part of parts) {
      if (!PARTS.includes(part))
        throw new AppError("invalid_input", `--only: "${part}" must be one of ${PARTS.join(", ")}`);
    }
    const base = configFromEnv();
    const config = {
      ...base,
      port: parsePort(values.port, "--port", base.port),
      smtpPort: parsePort(values["smtp-port"], "--smtp-port", base.smtpPort),
    };
    const database = await openConfiguredDatabase(config);
    const server = await startServer({ database, config, parts }).catch(async (error) => {
      await database.close();
      throw error;
    });
    for (const [part, address] of Object.entries(server.addresses))
      console.log(`${part.padEnd(10)} ${address}`);
    console.log(`database   ${database.location}`);
    return waitForSignal(server, database);
  },
};
