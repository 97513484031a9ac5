/**
 * The demo's stand-in for the outside world's mail servers: an SMTP sink that accepts every
 * message for every recipient and keeps it in `caught_mail`, so mail Dossier sends can be read in
 * the app. Never run it where real mail must leave the office.
 */
import { SMTPServer } from "smtp-server";
import type { Db } from "../db/database.ts";
import { caughtMail } from "../db/schema.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import {
  collectMessage,
  listen,
  MAX_MESSAGE_BYTES,
  readHeaderFields,
  type SmtpListener,
} from "./smtp-receiver.ts";

/**
 * Starts the catcher. Point the dispatcher's SMTP URL at it (`smtp://127.0.0.1:<port>`).
 *
 * @example const catcher = await startMailCatcher({ db, host: "127.0.0.1", port: 2526 });
 */
export async function startMailCatcher(options: {
  db: Db;
  host: string;
  port: number;
}): Promise<SmtpListener> {
  const { db } = options;
  const server = new SMTPServer({
    name: "mail-catcher.dossier.invalid",
    banner: "Dossier demo mail catcher",
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      collectMessage(stream).then(
        async (raw) => {
          if (raw === null)
            return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
          try {
            const { subject } = await readHeaderFields(raw);
            await db.transaction(async (tx) => {
              const sha256 = await storeBlob(tx, raw);
              await tx.insert(caughtMail).values({
                envelopeFrom: session.envelope.mailFrom
                  ? session.envelope.mailFrom.address.replaceAll("\0", "")
                  : null,
                envelopeTo: session.envelope.rcptTo.map((r) => r.address.replaceAll("\0", "")),
                subject,
                sha256,
                size: raw.byteLength,
              });
            });
            callback(null, "Caught");
          } catch {
            callback(
              Object.assign(new Error("Could not store the message, try again later"), { responseCode: 451 }),
            );
          }
        },
        () => callback(Object.assign(new Error("Could not read the message"), { responseCode: 451 })),
      );
    },
  });
  return listen(server, options.host, options.port);
}
