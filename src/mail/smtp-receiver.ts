/**
 * The office mailboxes' incoming SMTP server (it plays the offices' MX). A message is acknowledged
 * with 250 only once its exact bytes and its rows are committed, so a sender that got 250 can rely
 * on it, and one that got 4xx retries (RFC 5321 §4.2.5, §6.1: accepting a message is taking
 * responsibility for it). Protocol only: what a message means is decided by later processing.
 */

import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import {
  SMTPServer,
  type SMTPServerDataStream,
  type SMTPServerError,
  type SMTPServerSession,
} from "smtp-server";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import { type Db, type Executor, queryRows } from "../db/database.ts";
import { inboundMessages } from "../db/schema.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";

/** Largest message accepted, announced with the SIZE extension (RFC 1870). */
export const MAX_MESSAGE_BYTES = 30 * 1024 * 1024;

const RECEIVER: Actor = { ...SYSTEM_ACTOR, label: "smtp-receiver" };

/** One stored row of `inbound_messages`, as handed to listeners. */
export interface StoredInboundMessage {
  id: string;
  officeId: string | null;
  mailbox: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  messageId: string | null;
  subject: string | null;
  sha256: string;
  size: number;
}

/** Called after a delivery is committed, with the rows it created (none when all were duplicates). */
export type InboundListener = (event: { db: Db; messages: StoredInboundMessage[] }) => void | Promise<void>;

const inboundListeners = new Set<InboundListener>();

/**
 * Lets later modules (bounces, enquiries) react to new inbound mail in this process without
 * touching the receiver. Rows keep `processed_at` null until such processing marks them, so work
 * missed by a listener (a crash after the commit) can be picked up again from the table.
 *
 * @example const stop = onInboundStored(({ db, messages }) => processBounces(db, messages));
 * @returns a function that removes the listener
 */
export function onInboundStored(listener: InboundListener): () => void {
  inboundListeners.add(listener);
  return () => {
    inboundListeners.delete(listener);
  };
}

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
}

interface Mailbox {
  officeId: string;
  mailbox: string;
}

/**
 * Starts receiving mail for the offices' generic and manager mailboxes.
 *
 * @example const receiver = await startSmtpReceiver({ db, host: "0.0.0.0", port: 25 });
 */
export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpListener> {
  const { db } = options;
  const size = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
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
      findMailbox(db, address.address).then(
        (mailbox) => {
          if (mailbox) return callback();
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
            const stored = await storeInbound(db, session, raw);
            callback(null, stored.length > 0 ? "Message stored" : "Message already stored");
            notifyListeners(db, stored);
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

/** The office mailbox an address belongs to, compared without case (mailbox names are, in practice). */
async function findMailbox(db: Executor, address: string): Promise<Mailbox | undefined> {
  const lowered = address.trim().toLowerCase();
  const [row] = await queryRows<{ office_id: string; mailbox: string }>(
    db,
    sql`select id as office_id,
               case when lower(mailbox_email) = ${lowered} then lower(mailbox_email) else lower(manager_email) end as mailbox
          from offices
         where lower(mailbox_email) = ${lowered} or lower(manager_email) = ${lowered}
         limit 1`,
  );
  return row ? { officeId: row.office_id, mailbox: row.mailbox } : undefined;
}

async function storeInbound(
  db: Db,
  session: SMTPServerSession,
  raw: Buffer,
): Promise<StoredInboundMessage[]> {
  const headers = await readHeaderFields(raw);
  const envelopeFrom = session.envelope.mailFrom ? clean(session.envelope.mailFrom.address, 998) : null;
  const envelopeTo = session.envelope.rcptTo.map((r) => clean(r.address, 998));
  return db.transaction(async (tx) => {
    const mailboxes = new Map<string, Mailbox>();
    for (const rcpt of session.envelope.rcptTo) {
      const mailbox = await findMailbox(tx, rcpt.address);
      if (mailbox) mailboxes.set(mailbox.mailbox, mailbox);
    }
    // Every recipient was checked at RCPT time; none left means the mailboxes changed meanwhile.
    if (mailboxes.size === 0) throw new Error("no recipient mailbox left");
    const sha256 = await storeBlob(tx, raw);
    const stored = await tx
      .insert(inboundMessages)
      .values(
        [...mailboxes.values()].map((m) => ({
          officeId: m.officeId,
          mailbox: m.mailbox,
          envelopeFrom,
          envelopeTo,
          messageId: headers.messageId,
          subject: headers.subject,
          sha256,
          size: raw.byteLength,
        })),
      )
      // The same Message-ID delivered again to a mailbox (a sender retrying after a lost 250) is
      // the same message: the unique index keeps one row, and the sender still gets 250.
      .onConflictDoNothing()
      .returning();
    await recordAuditEvents(
      tx,
      RECEIVER,
      stored.map((row) => ({
        action: "inbound-message.received",
        entityType: "inbound_message",
        entityId: row.id,
        officeId: row.officeId,
        after: {
          mailbox: row.mailbox,
          envelopeFrom,
          messageId: row.messageId,
          subject: row.subject,
          sha256,
          size: row.size,
        },
      })),
    );
    return stored.map((row) => ({
      id: row.id,
      officeId: row.officeId,
      mailbox: row.mailbox,
      envelopeFrom: row.envelopeFrom,
      envelopeTo: row.envelopeTo,
      messageId: row.messageId,
      subject: row.subject,
      sha256: row.sha256,
      size: row.size,
    }));
  });
}

function notifyListeners(db: Db, messages: StoredInboundMessage[]): void {
  if (messages.length === 0) return;
  for (const listener of inboundListeners) {
    // A listener's failure must not undo or delay an acknowledged delivery; the row is kept.
    Promise.resolve()
      .then(() => listener({ db, messages }))
      .catch((error: unknown) => console.error("inbound mail listener failed:", error));
  }
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

/**
 * Message-ID and Subject from the header section, decoded (RFC 2047). Never throws: a message with
 * malformed or 8-bit headers is still stored as bytes, with what could be read.
 */
export async function readHeaderFields(
  raw: Uint8Array,
): Promise<{ messageId: string | null; subject: string | null }> {
  try {
    const parsed = await simpleParser(
      headerSection(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)),
      {
        skipHtmlToText: true,
        skipTextToHtml: true,
        skipImageLinks: true,
        skipTextLinks: true,
      },
    );
    // 998 is RFC 5322's line limit (§2.1.1); also keeps the value within a btree index entry.
    const messageId = parsed.messageId ? clean(parsed.messageId, 998) : "";
    const subject = parsed.subject ? clean(parsed.subject, 2000) : "";
    return { messageId: messageId || null, subject: subject || null };
  } catch {
    return { messageId: null, subject: null };
  }
}

/** The header section only (RFC 5322 §2.1: up to the first empty line), so a huge body is never parsed here. */
function headerSection(raw: Buffer): Buffer {
  const limit = Math.min(raw.byteLength, 1024 * 1024);
  const head = raw.subarray(0, limit);
  const crlf = head.indexOf("\r\n\r\n");
  const lf = head.indexOf("\n\n");
  const ends = [crlf === -1 ? -1 : crlf + 4, lf === -1 ? -1 : lf + 2].filter((n) => n > 0);
  const end = ends.length > 0 ? Math.min(...ends) : limit;
  return Buffer.concat([head.subarray(0, end), Buffer.from("\r\n")]);
}

/** Text fit for a PostgreSQL text column: no NUL (refused by PostgreSQL), bounded length. */
function clean(value: string, max: number): string {
  return value.replaceAll("\0", "").trim().slice(0, max);
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
