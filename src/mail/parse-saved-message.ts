/**
 * Reads a sent email saved to a file: an Outlook item (`.msg`, MS-OXMSG) or an Internet message
 * (`.eml`, RFC 5322). Protocol code only: it says what the file holds (who it went to, when, the
 * subject, the text and the attachments' names) and leaves what that means to the caller.
 */

import type { FieldsData } from "@kenjiuno/msgreader";
import MsgReaderModule from "@kenjiuno/msgreader";
import { type AddressObject, simpleParser } from "mailparser";
import { AppError } from "../shared/errors.ts";

export interface SavedAttachment {
  fileName: string;
  mediaType: string;
  size: number;
}

export interface SavedMessage {
  format: "eml" | "msg";
  /** The sender's address, e.g. `ott@dossier.test`; null when the file does not say. */
  from: string | null;
  /** The From line as a person reads it, e.g. `Bureau OTT <ott@dossier.test>`. */
  fromText: string;
  to: string[];
  cc: string[];
  /** The To and Cc lines as a person reads them. */
  toText: string;
  ccText: string;
  /** When the message was sent (Date header; Outlook's submit time); null when the file does not say. */
  date: Date | null;
  /** The Date header as written, with the sender's own zone offset (`.eml` only). */
  dateHeader: string | null;
  subject: string;
  /** RFC 5322 §3.6.4 Message-ID with its angle brackets, e.g. `<id@dossier.test>`; null when absent. */
  messageId: string | null;
  /** The plain-text body. Never HTML: when the message has only HTML, this is its text without markup. */
  text: string;
  textFromHtml: boolean;
  attachments: SavedAttachment[];
}

// The package is CommonJS with `exports.default`: under Node's ESM loader the default import is the
// whole `exports` object and the class is its `default`.
const MsgReader = MsgReaderModule.default;

/** MS-OXCMSG 2.2.1.6 PidTagMessageFlags: mfUnsent marks an item still being composed (a draft). */
const MF_UNSENT = 0x8;

/**
 * @example const message = await parseSavedMessage("request.msg", bytes)
 *   // → { format: "msg", to: ["anh.nguyen@example.com"], date: 2026-03-02T15:04:00.000Z, subject: "…", … }
 * Throws `invalid_input` naming the file when it is neither, or is an Outlook item that is not a sent email.
 */
export async function parseSavedMessage(fileName: string, bytes: Uint8Array): Promise<SavedMessage> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".msg")) return parseOutlookMessage(fileName, bytes);
  if (lower.endsWith(".eml")) return parseInternetMessage(bytes);
  throw new AppError("invalid_input", `file: ${fileName} must be a saved email message (.msg or .eml)`, {
    field: "file",
    messageFr: `file : ${fileName} doit être un courriel enregistré (.msg ou .eml)`,
  });
}

async function parseInternetMessage(bytes: Uint8Array): Promise<SavedMessage> {
  const parsed = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    skipHtmlToText: true,
    skipImageLinks: true,
    skipTextLinks: true,
    skipTextToHtml: true,
  });
  const addresses = (field: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(field) ? field : field ? [field] : [])
      .flatMap((object) => flattenAddresses(object.value))
      .filter((address): address is string => Boolean(address));
  const lineOf = (field: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(field) ? field : field ? [field] : []).map((object) => object.text).join(", ");
  const hasText = typeof parsed.text === "string" && parsed.text.length > 0;
  const html = typeof parsed.html === "string" ? parsed.html : "";
  return {
    format: "eml",
    from: parsed.from?.value[0]?.address ?? null,
    fromText: parsed.from?.text ?? "",
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    toText: lineOf(parsed.to),
    ccText: lineOf(parsed.cc),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    dateHeader:
      parsed.headerLines
        .find((h) => h.key === "date")
        ?.line.replace(/^date:\s*/i, "")
        .replace(/\s+/g, " ")
        .trim() ?? null,
    subject: parsed.subject ?? "",
    messageId: parsed.messageId ?? null,
    text: hasText ? parsed.text!.replace(/\r\n?/g, "\n") : htmlToPlainText(html),
    textFromHtml: !hasText && html.length > 0,
    attachments: parsed.attachments.map((a) => ({
      fileName: a.filename ?? "(no name)",
      mediaType: a.contentType,
      size: a.size,
    })),
  };
}

function flattenAddresses(values: { address?: string | undefined; group?: unknown[] }[]): string[] {
  return values.flatMap((v) =>
    v.group ? flattenAddresses(v.group as typeof values) : v.address ? [v.address] : [],
  );
}

function parseOutlookMessage(fileName: string, bytes: Uint8Array): SavedMessage {
  let data: FieldsData & { error?: string };
  try {
    const copy = bytes.slice().buffer;
    data = new MsgReader(copy).getFileData() as FieldsData & { error?: string };
  } catch (error) {
    throw unreadable(fileName, error);
  }
  if (data.error || data.dataType !== "msg") throw unreadable(fileName, data.error);
  // MS-OXCMSG: an email's message class is IPM.Note (IPM.Note.SMIME… for signed mail); an
  // appointment, contact or task saved from Outlook is not a sent email.
  const itemClass = data.messageClass ?? "IPM.Note";
  if (!/^IPM\.Note(\.|$)/i.test(itemClass)) {
    throw new AppError(
      "invalid_input",
      `file: ${fileName} is an Outlook ${itemClass} item, not an email; save the email from the Sent folder`,
      {
        field: "file",
        messageFr: `file : ${fileName} est un élément Outlook ${itemClass}, pas un courriel; enregistrez le courriel du dossier Éléments envoyés`,
      },
    );
  }
  if (data.messageFlags !== undefined && (data.messageFlags & MF_UNSENT) !== 0) {
    throw new AppError(
      "invalid_input",
      `file: ${fileName} is a draft that was never sent; save the email from the Sent folder`,
      {
        field: "file",
        messageFr: `file : ${fileName} est un brouillon qui n'a jamais été envoyé; enregistrez le courriel du dossier Éléments envoyés`,
      },
    );
  }
  const recipients = (data.recipients ?? []).map((r) => ({
    kind: r.recipType ?? "to",
    name: r.name ?? "",
    // For Exchange (EX) recipients PidTagEmailAddress is an X.500 DN; the SMTP address is apart.
    address: (r.smtpAddress || (r.addressType === "EX" ? "" : r.email) || "").trim(),
  }));
  const display = (kind: string) =>
    recipients
      .filter((r) => r.kind === kind)
      .map((r) => (r.name && r.name !== r.address ? `${r.name} <${r.address}>` : r.address))
      .join(", ");
  const from =
    data.senderSmtpAddress ||
    (data.senderAddressType === "EX" ? "" : data.senderEmail) ||
    data.sentRepresentingSmtpAddress ||
    "";
  // PidTagClientSubmitTime is when the sender pressed Send; the delivery time is when the
  // item reached the Sent folder (the same moment, give or take the server's round trip).
  const sent = data.clientSubmitTime ?? data.messageDeliveryTime;
  const date = sent ? new Date(sent) : null;
  const hasText = typeof data.body === "string" && data.body.length > 0;
  return {
    format: "msg",
    from: from || null,
    fromText: data.senderName && from ? `${data.senderName} <${from}>` : from || (data.senderName ?? ""),
    to: recipients.filter((r) => r.kind === "to" && r.address).map((r) => r.address),
    cc: recipients.filter((r) => r.kind === "cc" && r.address).map((r) => r.address),
    toText: display("to"),
    ccText: display("cc"),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    dateHeader: null,
    subject: data.subject ?? "",
    messageId: data.messageId?.trim() || null,
    text: hasText ? data.body!.replace(/\r\n?/g, "\n") : htmlToPlainText(data.bodyHtml ?? ""),
    textFromHtml: !hasText && Boolean(data.bodyHtml),
    attachments: (data.attachments ?? [])
      .filter((a) => !a.attachmentHidden)
      .map((a) => ({
        fileName: a.fileName || a.fileNameShort || a.name || "(no name)",
        mediaType: a.attachMimeTag || "application/octet-stream",
        size: a.contentLength ?? 0,
      })),
  };
}

/** Named entities an email written in English or French uses; others stay as written. */
const ENTITIES: Readonly<Record<string, string>> = {
  nbsp: " ",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  amp: "&",
  eacute: "é",
  Eacute: "É",
  egrave: "è",
  Egrave: "È",
  ecirc: "ê",
  euml: "ë",
  agrave: "à",
  Agrave: "À",
  acirc: "â",
  ccedil: "ç",
  Ccedil: "Ç",
  icirc: "î",
  iuml: "ï",
  ocirc: "ô",
  ucirc: "û",
  ugrave: "ù",
  uuml: "ü",
  laquo: "«",
  raquo: "»",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  ndash: "–",
  mdash: "—",
  hellip: "…",
};

/** A body that exists only as HTML, reduced to its words: evidence shows text, never renders markup. */
function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name] ?? entity;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function unreadable(fileName: string, cause: unknown): AppError {
  return new AppError(
    "invalid_input",
    `file: ${fileName} is not a readable Outlook message; save it again from Outlook (File > Save As > Outlook Message Format)`,
    {
      field: "file",
      messageFr: `file : ${fileName} n'est pas un message Outlook lisible; enregistrez-le de nouveau dans Outlook (Fichier > Enregistrer sous > Format Outlook Message)`,
      cause,
    },
  );
}
