/**
 * Searches an office's mailbox for mail about one sent message (seed 000: "check that there is no
 * undelivered message … in the generic inbox"). A notice is found by the link that processing of
 * inbound mail records, and independently by the message's own identifiers in the raw bytes of
 * everything received since the send: a notice that arrived before processing ran, or that
 * processing could not tie to the record, is found all the same.
 */
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../db/database.ts";
import { classifyMessage } from "../mail/classify-message.ts";
import type { MailboxNotice } from "./evidence.schema.ts";

export interface MailboxSearch {
  officeId: string;
  correspondenceId: string;
  /** RFC 5322 Message-ID of the sent message, with or without angle brackets. */
  messageId: string | null;
  /** Mail received from this moment on is searched by its bytes (a notice cannot precede the send). */
  since: Date;
}

interface Row {
  id: string;
  received_at: Date | string;
  mailbox: string;
  envelope_from: string | null;
  envelope_to: string[];
  subject: string | null;
  classification: string | null;
  by_link: boolean;
  by_message_id: boolean;
  content: Uint8Array;
}

/**
 * @returns notices: permanent failures (the seed's "undelivered message"); otherMessages: delays,
 *   automatic replies, complaints and mail from people that refer to the message.
 */
export async function findUndeliveredNotices(
  db: Executor,
  search: MailboxSearch,
): Promise<{ notices: MailboxNotice[]; otherMessages: MailboxNotice[] }> {
  // The part inside the angle brackets: a report quotes it with or without them (RFC 3464
  // Original-Envelope-Id, a returned header, a quoted reply).
  const bare = search.messageId?.trim().replace(/^<|>$/g, "") || null;
  const rows = await queryRows<Row>(
    db,
    sql`select m.id, m.received_at, m.mailbox, m.envelope_from, m.envelope_to, m.subject, m.classification,
               coalesce(m.correspondence_id = ${search.correspondenceId}::uuid, false) as by_link,
               (${bare}::text is not null and position(convert_to(${bare}::text, 'UTF8') in b.content) > 0) as by_message_id,
               b.content
          from inbound_messages m
          join blobs b on b.sha256 = m.sha256
         where m.correspondence_id = ${search.correspondenceId}::uuid
            or (m.office_id = ${search.officeId}::uuid
                and m.received_at >= ${search.since.toISOString()}::timestamptz
                and ((${bare}::text is not null and position(convert_to(${bare}::text, 'UTF8') in b.content) > 0)
                     -- A VERP return path names the record even when the notice returns nothing of the message.
                     or exists (select 1 from unnest(m.envelope_to) as rcpt
                                 where position(${search.correspondenceId}::text in lower(rcpt)) > 0)))
         order by m.received_at, m.id`,
  );
  const notices: MailboxNotice[] = [];
  const otherMessages: MailboxNotice[] = [];
  for (const row of rows) {
    // Read from the bytes for the failed recipients and their status codes, which are not stored.
    const c = await classifyMessage(row.content, {
      envelopeTo: row.envelope_to,
      envelopeFrom: row.envelope_from,
    });
    // The stored classification is the office's record; the bytes decide only when processing has
    // not run yet, and the package says so.
    const classifiedNow = row.classification === null;
    const kind = row.classification ?? c.kind;
    const notice: MailboxNotice = {
      inboundMessageId: row.id,
      receivedAt: new Date(row.received_at).toISOString(),
      mailbox: row.mailbox,
      from: row.envelope_from || null,
      subject: row.subject,
      kind,
      classifiedNow,
      foundBy: [
        ...(row.by_link ? (["record-link"] as const) : []),
        ...(row.by_message_id ? (["message-id"] as const) : []),
      ],
      recipients: c.recipients.map((r) => ({ address: r.address, status: r.status, permanent: r.permanent })),
      reason: c.reason,
    };
    (notice.kind === "bounce" ? notices : otherMessages).push(notice);
  }
  return { notices, otherMessages };
}
