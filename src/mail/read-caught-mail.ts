import { and, eq } from "drizzle-orm";
import { type AddressObject, simpleParser } from "mailparser";
import type { Executor } from "../db/database.ts";
import { blobs, caughtMail } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import type { Actor } from "../users/actor.ts";
import { caughtMailVisibleTo } from "./caught-mail-access.ts";

export interface CaughtMailMessage {
  id: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  receivedAt: Date;
  size: number;
  sha256: string;
  subject: string | null;
  /** The From header as text, display name included. */
  from: string | null;
  to: string | null;
  date: Date | null;
  messageId: string | null;
  /** The plain-text body; an HTML-only message is shown as its text conversion, never as HTML. */
  text: string;
  attachments: { fileName: string | null; contentType: string; size: number }[];
  /** The exact bytes as received, for download as an .eml file. */
  raw: Uint8Array;
}

/** One caught message, parsed for reading. */
export async function readCaughtMail(db: Executor, actor: Actor, id: string): Promise<CaughtMailMessage> {
  if (!isUuid(id)) throw new AppError("invalid_input", "id: must be a caught mail id", { field: "id" });
  const [row] = await db
    .select({ mail: caughtMail, content: blobs.content })
    .from(caughtMail)
    .innerJoin(blobs, eq(blobs.sha256, caughtMail.sha256))
    .where(and(eq(caughtMail.id, id), await caughtMailVisibleTo(db, actor)));
  if (!row) throw new AppError("not_found", "id: no such caught mail", { field: "id" });
  const raw = row.content;
  const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    // Only text is shown: HTML is converted to text, and no HTML is produced from the text.
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  }).catch(() => null);
  return {
    id: row.mail.id,
    envelopeFrom: row.mail.envelopeFrom,
    envelopeTo: row.mail.envelopeTo,
    receivedAt: row.mail.receivedAt,
    size: row.mail.size,
    sha256: row.mail.sha256,
    subject: parsed?.subject ?? row.mail.subject,
    from: addressText(parsed?.from),
    to: addressText(parsed?.to),
    date: parsed?.date ?? null,
    messageId: parsed?.messageId ?? null,
    text: parsed?.text ?? "",
    attachments: (parsed?.attachments ?? []).map((a) => ({
      fileName: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
    raw,
  };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  const list = Array.isArray(value) ? value : [value];
  return list.map((a) => a.text).join(", ") || null;
}
