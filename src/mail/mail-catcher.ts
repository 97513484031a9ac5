/**
 * The demo's stand-in for the outside world's mail servers: an SMTP sink that accepts every
 * message for every recipient and keeps it in `caught_mail`, so mail Dossier sends can be read in
 * the app. Never run it where real mail must leave the office.
 *
 * One reserved domain, `nowhere.dossier.demo` (`UNKNOWN_MAILBOX_DOMAIN`), holds no mailbox in the
 * demo world. Mail for it is accepted (250) like any other, and then, as a real mail server that
 * finds out later that it cannot deliver, the catcher sends an RFC 3464 delivery status
 * notification (Action: failed, Status: 5.1.1) from `MAILER-DAEMON@mail-catcher.dossier.invalid`
 * to the envelope sender, over SMTP to the server given as `returnNoticesTo` (Dossier's inbound
 * receiver, which plays the office mailboxes' MX). So the demo shows a bounce coming back.
 */
import { createTransport } from "nodemailer";
import { SMTPServer } from "smtp-server";
import type { Db } from "../db/database.ts";
import { caughtMail } from "../db/schema.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { buildDeliveryFailureReport } from "./build-delivery-failure-report.ts";
import {
  collectMessage,
  listen,
  MAX_MESSAGE_BYTES,
  readHeaderFields,
  type SmtpListener,
} from "./smtp-receiver.ts";

/** The catcher's host name: in its greeting, and the domain its delivery reports come from. */
export const CATCHER_HOST = "mail-catcher.dossier.invalid";

/** Recipients at this domain have no mailbox in the demo world: their mail comes back undelivered. */
export const UNKNOWN_MAILBOX_DOMAIN = "nowhere.dossier.demo";

/**
 * How long after accepting a message its report is sent, then retried when the office's server
 * does not take it (RFC 5321 §4.5.4.1: a sender retries, and gives up after days; the demo, sooner).
 */
const REPORT_DELAYS_MS = [1_000, 5_000, 15_000, 60_000, 300_000];

/** Whether mail for this address is returned undelivered by the catcher. */
export function hasNoMailbox(address: string): boolean {
  return address.trim().toLowerCase().endsWith(`@${UNKNOWN_MAILBOX_DOMAIN}`);
}

/**
 * Starts the catcher. Point the dispatcher's SMTP URL at it (`smtp://127.0.0.1:<port>`).
 *
 * @example const catcher = await startMailCatcher({ db, host: "127.0.0.1", port: 2526,
 *   returnNoticesTo: { host: "127.0.0.1", port: 2525 } });
 */
export async function startMailCatcher(options: {
  db: Db;
  host: string;
  port: number;
  /** Where delivery reports go (the office mailboxes' SMTP server). Without it none is sent. */
  returnNoticesTo?: { host: string; port: number };
}): Promise<SmtpListener> {
  const { db } = options;
  const pending = new Set<NodeJS.Timeout>();
  let closed = false;

  /** Sends one report, trying again later while the office's server does not accept it. */
  const returnReport = (report: Buffer, to: string, attempt = 0): void => {
    const target = options.returnNoticesTo;
    const delay = REPORT_DELAYS_MS[attempt];
    if (!target || closed || delay === undefined) {
      if (delay === undefined) console.error(`mail catcher: gave up returning a delivery report to ${to}`);
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      const transport = createTransport({
        host: target.host,
        port: target.port,
        secure: false,
        ignoreTLS: true,
        name: CATCHER_HOST,
      });
      // RFC 5321 §4.5.5: reports are sent from the null reverse-path, so none is ever returned.
      transport
        .sendMail({ envelope: { from: "", to: [to] }, raw: report })
        .catch(() => returnReport(report, to, attempt + 1))
        .finally(() => transport.close());
    }, delay);
    pending.add(timer);
  };

  const server = new SMTPServer({
    name: CATCHER_HOST,
    banner: "Dossier demo mail catcher",
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const arrivalDate = new Date();
      collectMessage(stream).then(
        async (raw) => {
          if (raw === null)
            return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
          const envelopeFrom = session.envelope.mailFrom
            ? session.envelope.mailFrom.address.replaceAll("\0", "")
            : null;
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address.replaceAll("\0", ""));
          try {
            const { subject } = await readHeaderFields(raw);
            await db.transaction(async (tx) => {
              const sha256 = await storeBlob(tx, raw);
              await tx.insert(caughtMail).values({
                envelopeFrom,
                envelopeTo,
                subject,
                sha256,
                size: raw.byteLength,
              });
            });
            callback(null, "Caught");
          } catch {
            return callback(
              Object.assign(new Error("Could not store the message, try again later"), { responseCode: 451 }),
            );
          }
          // The message is accepted already: a report that cannot be written is only logged.
          try {
            const unknown = envelopeTo.filter(hasNoMailbox);
            // A message from the null reverse-path is itself a report: it is never answered by one.
            if (unknown.length === 0 || !envelopeFrom) return;
            const envelopeId = session.envelope.mailFrom
              ? mailFromArg(session.envelope.mailFrom, "ENVID")
              : null;
            const report = buildDeliveryFailureReport({
              reportingMta: CATCHER_HOST,
              returnTo: envelopeFrom,
              original: raw,
              arrivalDate,
              envelopeId,
              failed: unknown.map((address) => ({
                address,
                status: "5.1.1",
                diagnostic: `550 5.1.1 <${address}>: Recipient address rejected: no such mailbox in the demo world`,
              })),
            });
            returnReport(report, envelopeFrom);
          } catch (error) {
            console.error(`mail catcher: no delivery report written: ${(error as Error).message}`);
          }
        },
        () => callback(Object.assign(new Error("Could not read the message"), { responseCode: 451 })),
      );
    },
  });
  const listener = await listen(server, options.host, options.port);
  return {
    port: listener.port,
    async close() {
      closed = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      await listener.close();
    },
  };
}

/** A MAIL FROM parameter (RFC 3461 §4.4 ENVID), as smtp-server keeps them. */
function mailFromArg(mailFrom: { args?: unknown }, name: string): string | null {
  const args = mailFrom.args;
  if (!args || typeof args !== "object") return null;
  const value = (args as Record<string, unknown>)[name];
  return typeof value === "string" && value ? value : null;
}
