/**
 * The office mailboxes' incoming SMTP server (it plays the offices' MX). A message is acknowledged
 * with 250 only once its exact bytes and its rows are committed, so a sender that got 250 can rely
 * on it, and one that got 4xx retries (RFC 5321 §4.2.5, §6.1: accepting a message is taking
 * responsibility for it). Protocol only: what a message means is decided by later processing.
 */

import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from "smtp-server";
import type { Db } from "../db/database.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { type InboundStore, inboundStoreOf } from "./group-inbound-storage.ts";
import {
  findOfficeMailbox,
  notifyInboundStored,
  type OfficeMailbox,
  type StoredInboundMessage,
} from "./store-inbound-message.ts";

export {
  type InboundListener,
  onInboundStored,
  readHeaderFields,
  type StoredInboundMessage,
} from "./store-inbound-message.ts";

/** Largest message accepted, announced with the SIZE extension (RFC 1870). */
export const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;

const RECEIVER: Actor = { ...SYSTEM_ACTOR, label: "smtp-receiver" };

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  db: Db;
  host: string;
  /** 0 picks a free port; the chosen one is returned. */
  port: number;
  /** Name given in the greeting; defaults to the machine's host name. */
  serverName?: string;
  /** PEM key and certificate; STARTTLS is offered only when both are given. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  maxMessageBytes?: number;
  /** Where messages are stored; by default this process's group commit for `db`. */
  store?: InboundStore;
}

/**
 * Starts receiving mail for the offices' generic and manager mailboxes.
 *
 * @example const receiver = await startSmtpReceiver({ db, host: "0.0.0.0", port: 25 });
 */
export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpListener> {
  const { db } = options;
  const size = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const store = options.store ?? inboundStoreOf(db);
  const lookUp = rememberedMailboxes(db);
  const server = new SMTPServer({
    name: options.serverName,
    banner: "Dossier office mail",
    size,
    rejectOversized: true,
    // This port receives mail from the world for local mailboxes, as an MX does: no AUTH (RFC 5321 §4.1.1.3 relays need none).
    authOptional: true,
    disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    // RFC 3463 enhanced codes (5.1.1 unknown mailbox, 4.3.0 local failure) tell senders what went wrong.
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      lookUp(address.address).then(
        (mailbox) => {
          if (mailbox) {
            acceptedMailbox.set(address, mailbox);
            return callback();
          }
          callback(smtpError(550, `<${address.address}>: no such mailbox here`));
        },
        () => callback(smtpError(451, "Mailbox lookup failed, try again later")),
      );
    },
    onData(stream, session, callback) {
      collectMessage(stream).then(
        async (raw) => {
          if (raw === null)
            return callback(smtpError(552, `Message exceeds fixed maximum message size ${size}`));
          try {
            const stored = await storeInbound(store, session, raw);
            callback(null, stored.length > 0 ? "Message stored" : "Message already stored");
            notifyInboundStored(db, stored);
          } catch {
            callback(smtpError(451, "Message could not be stored, try again later"));
          }
        },
        () => callback(smtpError(451, "Message could not be read, try again later")),
      );
    },
  });
  return listen(server, options.host, options.port);
}

/**
 * How long a mailbox found for an address is used without asking again. Every message asked the
 * database once per recipient, for an answer that changes when an administrator edits an office:
 * a mailbox removed still receives for this long, as it would have a moment earlier. An address
 * not found is asked again each time, so a mailbox just added receives at once.
 */
const MAILBOX_MEMORY_MS = 1000;

function rememberedMailboxes(db: Db): (address: string) => Promise<OfficeMailbox | undefined> {
  const found = new Map<string, { mailbox: OfficeMailbox; until: number }>();
  return async (address) => {
    const key = address.trim().toLowerCase();
    const now = Date.now();
    const known = found.get(key);
    if (known && known.until > now) return known.mailbox;
    const mailbox = await findOfficeMailbox(db, address);
    // Bounded: the receiver answers a handful of office addresses, and anything else is not kept.
    if (found.size > 1000) found.clear();
    if (mailbox) found.set(key, { mailbox, until: now + MAILBOX_MEMORY_MS });
    return mailbox;
  };
}

/** The mailbox each accepted RCPT TO named, as found when it was accepted. */
const acceptedMailbox = new WeakMap<object, OfficeMailbox>();

async function storeInbound(
  store: InboundStore,
  session: SMTPServerSession,
  raw: Buffer,
): Promise<StoredInboundMessage[]> {
  // Each recipient was looked up when RCPT TO accepted it, moments before; a mailbox an
  // administrator removes meanwhile still receives this one message, as it would have a second earlier.
  const mailboxes = session.envelope.rcptTo.flatMap((rcpt) => {
    const mailbox = acceptedMailbox.get(rcpt);
    return mailbox ? [mailbox] : [];
  });
  if (mailboxes.length === 0) throw new Error("no recipient mailbox left");
  return store.store({
    mailboxes,
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    raw,
    actor: RECEIVER,
  });
}

/**
 * Reads the whole DATA stream. Resolves with the bytes, or null when the message went over the
 * SIZE limit (the rest is read and dropped so the session can go on).
 */
export function collectMessage(stream: SMTPServerDataStream): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.once("error", reject);
    stream.once("end", () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
  });
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = responseCode;
  return error;
}

/** Listens and resolves with the bound port; `close()` stops accepting and ends open sessions. */
export function listen(server: SMTPServer, host: string, port: number): Promise<SmtpListener> {
  // Without a listener, a socket error on one session would be thrown and stop the process.
  server.on("error", (error: Error) => console.error(`smtp: ${error.message}`));
  return new Promise((resolve, reject) => {
    const onStartError = (error: Error) => reject(error);
    server.server.once("error", onStartError);
    server.listen(port, host, () => {
      server.server.off("error", onStartError);
      const address = server.server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      resolve({
        port: bound,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
