/**
 * Durable storage of a message that reached an office mailbox, by whatever road it came (the SMTP
 * receiver, an IMAP poll). The caller acknowledges the message to whoever handed it over (SMTP 250,
 * an IMAP flag or move) only after `storeInboundMessage` resolves, that is after the commit: a
 * crash before it loses nothing the sender was told had arrived.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { type Db, type Executor, queryRows } from "../db/database.ts";
import { blobs, inboundMessages } from "../db/schema.ts";
import { sha256Hex } from "../edocs/store-blob.ts";
import type { Actor } from "../users/actor.ts";

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

/** An office mailbox: its generic (enquiries) address or its manager address, lower case. */
export interface OfficeMailbox {
  officeId: string;
  mailbox: string;
}

/** Called after a delivery is committed, with the rows it created (none when all were duplicates). */
export type InboundListener = (event: { db: Db; messages: StoredInboundMessage[] }) => void | Promise<void>;

const inboundListeners = new Set<InboundListener>();

/**
 * Lets later modules (bounces, enquiries) react to new inbound mail in this process without
 * touching the receivers. Rows keep `processed_at` null until such processing marks them, so work
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

/** Tells this process's listeners about rows just committed; a listener's failure is logged only. */
export function notifyInboundStored(db: Db, messages: StoredInboundMessage[]): void {
  if (messages.length === 0) return;
  for (const listener of inboundListeners) {
    // A listener's failure must not undo or delay an acknowledged delivery; the row is kept.
    Promise.resolve()
      .then(() => listener({ db, messages }))
      .catch((error: unknown) => console.error("inbound mail listener failed:", error));
  }
}

/** The office mailbox an address belongs to, compared without case (mailbox names are, in practice). */
export async function findOfficeMailbox(db: Executor, address: string): Promise<OfficeMailbox | undefined> {
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

export interface InboundDelivery {
  /** The mailboxes the message was delivered to; one row is stored for each. */
  mailboxes: readonly OfficeMailbox[];
  envelopeFrom: string | null;
  envelopeTo: readonly string[];
  raw: Uint8Array;
  /** `<UIDVALIDITY>:<UID>` when the message was fetched over IMAP. */
  imapUid?: string;
  /** Named in the audit trail as the receiver (`smtp-receiver`, `imap-poller`). */
  actor: Actor;
}

/**
 * Stores the exact bytes once (content addressed) and one `inbound_messages` row per mailbox, with
 * an audit event each, in one transaction. A message already stored in a mailbox (the same
 * Message-ID, or the same IMAP UID) is not stored again: it is left out of the result.
 *
 * @example const rows = await storeInboundMessage(db, { mailboxes, envelopeFrom, envelopeTo, raw, actor });
 *   // acknowledge now; then notifyInboundStored(db, rows)
 */
export async function storeInboundMessage(
  db: Db,
  delivery: InboundDelivery,
): Promise<StoredInboundMessage[]> {
  const [stored] = await storeInboundMessages(db, [delivery]);
  return stored ?? [];
}

/**
 * Stores several deliveries in one transaction, with one append to the audit chain for all of
 * them: what the group commit of `createInboundStore` writes. Resolves with the rows each delivery
 * created, in the order given; a delivery that was already stored (or whose Message-ID an earlier
 * delivery of the same call carries, for the same mailbox) gets none. Arrival order is kept in
 * `received_at`, so processing takes a reply after the message it answers.
 * Rejects, storing nothing, when any one of them cannot be stored.
 */
export async function storeInboundMessages(
  db: Db,
  deliveries: readonly InboundDelivery[],
): Promise<StoredInboundMessage[][]> {
  if (deliveries.length === 0) return [];
  const prepared = await Promise.all(deliveries.map(prepareDelivery));
  const owner = new Map<string, { delivery: number; position: number }>();
  const rows = prepared.flatMap((p, delivery) =>
    p.mailboxes.map((m) => {
      const id = randomUUID();
      owner.set(id, { delivery, position: owner.size });
      return {
        id,
        officeId: m.officeId,
        mailbox: m.mailbox,
        envelopeFrom: p.envelopeFrom,
        envelopeTo: p.envelopeTo,
        messageId: p.messageId,
        subject: p.subject,
        sha256: p.sha256,
        size: p.raw.byteLength,
        imapUid: p.imapUid,
      };
    }),
  );
  return db.transaction(async (tx) => {
    const blobRows = [...new Map(prepared.map((p) => [p.sha256, p])).values()];
    // The bytes and the rows in one statement: a group is bounded by `createInboundStore`'s byte
    // limit, and one 30 MB message goes alone. The bytes go as binary parameters, not as text.
    // The same Message-ID delivered again to a mailbox (a sender retrying after a lost 250, a poll
    // repeated after a crash, two copies in one batch) is the same message: the unique indexes
    // keep one row, and the later copy is skipped. One transaction's now() for every row would
    // lose the order in which they arrived; a microsecond apiece keeps it, and processing reads
    // them in that order.
    const stored = await queryRows<StoredRow>(
      tx,
      sql`with stored_blobs as (
            insert into ${blobs} (sha256, size, content)
            values ${sql.join(
              blobRows.map(
                (p) =>
                  sql`(${p.sha256}, ${p.raw.byteLength}, ${Buffer.from(p.raw.buffer, p.raw.byteOffset, p.raw.byteLength)})`,
              ),
              sql`, `,
            )}
            on conflict do nothing)
          insert into ${inboundMessages}
            (id, office_id, mailbox, envelope_from, envelope_to, message_id, subject, sha256, size, imap_uid, received_at)
          values ${sql.join(
            rows.map(
              (row, position) =>
                sql`(${row.id}::uuid, ${row.officeId}::uuid, ${row.mailbox}, ${row.envelopeFrom}, ${sql.param(row.envelopeTo)}::text[],
                     ${row.messageId}, ${row.subject}, ${row.sha256}, ${row.size}, ${row.imapUid},
                     now() + ${position}::int * interval '1 microsecond')`,
            ),
            sql`, `,
          )}
          on conflict do nothing
          returning id, office_id, mailbox, envelope_from, envelope_to, message_id, subject, sha256,
                    size::float8 as size, imap_uid`,
    );
    const byActor = new Map<Actor, AuditChange[]>();
    const results: StoredInboundMessage[][] = deliveries.map(() => []);
    const position = (row: { id: string }) => owner.get(row.id)!.position;
    for (const row of stored.map(storedRow).sort((a, b) => position(a) - position(b))) {
      const index = owner.get(row.id)!.delivery;
      const actor = deliveries[index]!.actor;
      const changes = byActor.get(actor) ?? [];
      byActor.set(actor, changes);
      changes.push({
        action: "inbound-message.received",
        entityType: "inbound_message",
        entityId: row.id,
        officeId: row.officeId,
        after: {
          mailbox: row.mailbox,
          envelopeFrom: row.envelopeFrom,
          messageId: row.messageId,
          subject: row.subject,
          sha256: row.sha256,
          size: row.size,
          ...(row.imapUid ? { imapUid: row.imapUid } : {}),
        },
      });
      results[index]!.push({
        id: row.id,
        officeId: row.officeId,
        mailbox: row.mailbox,
        envelopeFrom: row.envelopeFrom,
        envelopeTo: row.envelopeTo,
        messageId: row.messageId,
        subject: row.subject,
        sha256: row.sha256,
        size: row.size,
      });
    }
    // Last, so the chain's lock is held only for these inserts and the commit.
    for (const [actor, changes] of byActor) await recordAuditEvents(tx, actor, changes);
    return results;
  });
}

interface StoredRow {
  id: string;
  office_id: string | null;
  mailbox: string;
  envelope_from: string | null;
  envelope_to: string[];
  message_id: string | null;
  subject: string | null;
  sha256: string;
  size: number;
  imap_uid: string | null;
}

function storedRow(row: StoredRow) {
  return {
    id: row.id,
    officeId: row.office_id,
    mailbox: row.mailbox,
    envelopeFrom: row.envelope_from,
    envelopeTo: row.envelope_to,
    messageId: row.message_id,
    subject: row.subject,
    sha256: row.sha256,
    size: row.size,
    imapUid: row.imap_uid,
  };
}

async function prepareDelivery(delivery: InboundDelivery) {
  if (delivery.mailboxes.length === 0) throw new Error("no recipient mailbox");
  const headers = await readHeaderFields(delivery.raw);
  return {
    ...headers,
    raw: delivery.raw,
    sha256: sha256Hex(delivery.raw),
    envelopeFrom: delivery.envelopeFrom === null ? null : clean(delivery.envelopeFrom, 998),
    envelopeTo: delivery.envelopeTo.map((address) => clean(address, 998)),
    mailboxes: [...new Map(delivery.mailboxes.map((m) => [m.mailbox, m])).values()],
    imapUid: delivery.imapUid ?? null,
  };
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
