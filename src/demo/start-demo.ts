/**
 * Everything the demo runs, in one process: demo data on first start, the web app, the office
 * mailboxes' SMTP receiver, the scheduler, the dispatcher, and the mail catcher that stands in for
 * the outside world's mail servers. The catcher returns mail for `nowhere.dossier.demo` undelivered
 * to the receiver, so a bounce and its paper fallback happen on the demo's first start.
 */
import type { Database } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { startMailCatcher } from "../mail/mail-catcher.ts";
import type { Config } from "../server/config.ts";
import { type RunningServer, startServer } from "../server/start-server.ts";
import { hasUsers, seedDemo } from "./seed-demo.ts";
import { sendDemoEnquiries } from "./send-demo-enquiries.ts";

export interface RunningDemo extends RunningServer {
  /** Whether the demo data was created by this start. */
  fresh: boolean;
}

/**
 * @example const demo = await startDemo({ database, config: { ...configFromEnv(), port: 0, smtpPort: 0 } });
 *   … await demo.stop();
 */
export async function startDemo(options: { database: Database; config: Config }): Promise<RunningDemo> {
  const { database } = options;
  await migrate(database.db);
  const fresh = !(await hasUsers(database.db));
  if (fresh) await seedDemo(database.db);
  const config = { ...options.config, databaseUrl: undefined };

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    // The receiver first: the catcher returns its reports there, so it needs the bound port.
    const office = await startServer({ database, config, parts: ["web", "mail", "scheduler"] });
    stops.push(() => office.stop());
    const catcher = await startMailCatcher({
      db: database.db,
      host: "127.0.0.1",
      port: 0,
      returnNoticesTo: { host: loopback(config.host), port: boundPort(office.addresses.mail) },
    });
    stops.push(() => catcher.close());
    // Outgoing mail goes to the catcher instead of the outside world; it is shown at /mail.
    const dispatcher = await startServer({
      database,
      config: { ...config, smtpUrl: `smtp://127.0.0.1:${catcher.port}` },
      parts: ["dispatcher"],
    });
    stops.push(() => dispatcher.stop());
    if (fresh) {
      await sendDemoEnquiries(database.db, {
        host: loopback(config.host),
        port: boundPort(office.addresses.mail),
      });
    }
    return {
      fresh,
      addresses: { ...office.addresses, ...dispatcher.addresses },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The port of `smtp://host:port`, as the server reports where it listens. */
function boundPort(address: string | undefined): number {
  const port = Number(/:(\d+)$/.exec(address ?? "")?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no inbound mail port in ${address}`);
  return port;
}

/** Where to reach a server listening on `host` from this machine. */
function loopback(host: string): string {
  return host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
}
