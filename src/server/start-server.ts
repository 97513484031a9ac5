import { readFile } from "node:fs/promises";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { dispatchOnce, startDispatcher } from "../correspondence/dispatcher.ts";
import { registerInboundProcessing } from "../correspondence/process-inbound-message.ts";
import type { Database } from "../db/database.ts";
import { offices } from "../db/schema.ts";
import { dispatchEnquiryMessagesOnce } from "../enquiries/dispatch-enquiry-messages.ts";
import { checkDkimKey, type DkimKey } from "../mail/dkim-sign.ts";
import { startSmtpReceiver } from "../mail/smtp-receiver.ts";
import { pollImapMailboxJob } from "../scheduler/jobs/poll-imap-mailbox.ts";
import { startScheduler } from "../scheduler/scheduler.ts";
import { AppError } from "../shared/errors.ts";
import { createApp } from "../web/app.ts";
import { type Config, dispatchSettings, imapSettings } from "./config.ts";
import { SCHEDULED_JOBS } from "./scheduled-jobs.ts";

export const PARTS = ["web", "mail", "dispatcher", "scheduler"] as const;
export type Part = (typeof PARTS)[number];

export interface RunningServer {
  /** What each part listens on, for the start-up message. */
  addresses: Partial<Record<Part, string>>;
  stop(): Promise<void>;
}

/**
 * Starts the chosen parts of Dossier in this process. All state is in PostgreSQL, so the same parts
 * can run in several processes on several machines that share one database server.
 */
export async function startServer(options: {
  database: Database;
  config: Config;
  parts: readonly Part[];
}): Promise<RunningServer> {
  const { database, config, parts } = options;
  const db = database.db;
  const stops: (() => Promise<void>)[] = [];
  const addresses: RunningServer["addresses"] = {};
  try {
    if (parts.includes("dispatcher") && !config.smtpUrl) {
      throw new AppError(
        "invalid_input",
        "SMTP_URL: is required to run the dispatcher (e.g. smtp://user:pass@mail.example:587)",
      );
    }
    // Checked before any part starts: a mistyped setting never leaves a half-started server.
    const dispatch = parts.includes("dispatcher") ? dispatchSettings(config) : undefined;
    const imap = parts.includes("mail") ? imapSettings(config) : undefined;
    for (const mailbox of imap?.mailboxes ?? []) {
      const [office] = await db.select().from(offices).where(eq(offices.code, mailbox.officeCode));
      if (!office) {
        throw new AppError(
          "invalid_input",
          `${mailbox.variable}: no office has the code ${mailbox.officeCode} (see dossier offices list)`,
        );
      }
    }
    if (parts.includes("web")) {
      const app = createApp({ database, config });
      const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
        s.once("error", reject);
      });
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      addresses.web = `http://${config.host === "127.0.0.1" ? "localhost" : config.host}:${port}`;
      stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    }
    if (parts.includes("mail")) {
      const receiver = await startSmtpReceiver({ db, host: config.host, port: config.smtpPort });
      addresses.mail = `smtp://${config.host}:${receiver.port}`;
      stops.push(() => receiver.close());
      // Mail is processed as soon as it is stored; the scheduler's job catches up after a crash.
      const stopProcessing = registerInboundProcessing();
      stops.push(async () => stopProcessing());
      if (imap && imap.mailboxes.length > 0) {
        const poller = startScheduler({
          db,
          jobs: imap.mailboxes.map((mailbox) => pollImapMailboxJob(mailbox, imap.pollMs)),
          tickMs: Math.min(imap.pollMs, 5_000),
        });
        stops.push(() => poller.stop());
        const polled = imap.mailboxes
          .map((m) => `${m.officeCode}${m.address === "manager" ? " manager" : ""} (${m.host}/${m.folder})`)
          .join(", ");
        addresses.mail += `; IMAP ${polled} every ${imap.pollMs / 1000} s`;
      }
    }
    if (dispatch && config.smtpUrl) {
      const dkim = await readDkimKey(config);
      const dispatcher = startDispatcher({
        db,
        smtpUrl: config.smtpUrl,
        // Letters and the replies on enquiries leave the same way, from the office's generic mailbox.
        queues: [dispatchOnce, dispatchEnquiryMessagesOnce],
        ...dispatch,
        ...(dkim ? { dkim } : {}),
      });
      addresses.dispatcher = `sending through ${redactUrl(config.smtpUrl)}, ${dispatch.inFlight} at once, ${dispatch.batchSize} claimed per pass`;
      stops.push(() => dispatcher.stop());
    }
    if (parts.includes("scheduler")) {
      const scheduler = startScheduler({ db, jobs: SCHEDULED_JOBS, tickMs: 5_000 });
      addresses.scheduler = `${SCHEDULED_JOBS.length} jobs`;
      stops.push(() => scheduler.stop());
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new AppError(
        "invalid_input",
        `port: ${(error as Error).message}; choose another with --port or --smtp-port`,
      );
    }
    throw error;
  }
  return {
    addresses,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/**
 * The DKIM key from `DKIM_PRIVATE_KEY_FILE` and `DKIM_SELECTOR`, checked before the first message is
 * sent: a half-configured or unreadable key stops start-up instead of sending mail unsigned.
 */
async function readDkimKey(config: Config): Promise<DkimKey | undefined> {
  const { dkimPrivateKeyFile: file, dkimSelector: selector } = config;
  if (!file && !selector) return undefined;
  if (!file || !selector) {
    throw new AppError(
      "invalid_input",
      "DKIM_PRIVATE_KEY_FILE and DKIM_SELECTOR: set both to sign outgoing mail, or neither",
    );
  }
  let privateKey: string;
  try {
    privateKey = await readFile(file, "utf8");
    checkDkimKey(privateKey);
  } catch (error) {
    throw new AppError("invalid_input", `DKIM_PRIVATE_KEY_FILE: ${(error as Error).message}`);
  }
  return { selector, privateKey };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the configured SMTP server";
  }
}
