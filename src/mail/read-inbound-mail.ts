/**
 * What a person reads of a received message: who wrote, to whom, the subject, the threading fields
 * (RFC 5322 §3.6.4) and the text. Never HTML: a message that has only HTML is reduced to its words,
 * so nothing a sender wrote is ever rendered or run. Protocol code only; what the message means is
 * for the caller.
 *
 * Never throws: malformed MIME, unknown charsets and 8-bit headers yield what could be read, and the
 * exact bytes stay stored for anyone who needs more.
 */
import { type AddressObject, simpleParser } from "mailparser";
import { htmlToText } from "./dsn/decode-mime-text.ts";
import { type HeaderField, headerValue, parseMime } from "./dsn/parse-mime.ts";
import { readReportParts } from "./dsn/read-report-parts.ts";

export interface InboundMail {
  /** The From address, lower case; null when the header holds none. */
  fromAddress: string | null;
  /** The From line as written (decoded), e.g. `Sophie Tremblay <s.tremblay@example.ca>`. */
  fromText: string;
  toAddresses: string[];
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  /** References, oldest first, with In-Reply-To last when it is not already among them. */
  references: string[];
  /** Header fields, names lower case, values unfolded and decoded (for RFC 3834 checks). */
  headers: HeaderField[];
  /** Content-Language's first tag, when it names English or French (RFC 3282). */
  language: "en" | "fr" | null;
  text: string;
  textFromHtml: boolean;
  /** Why the text may be incomplete (a part that could not be read), or null. */
  problem: string | null;
}

/** More text than any enquiry needs; the rest stays in the stored bytes. */
export const MAX_TEXT_CHARS = 200_000;
const MAX_HEADER_CHARS = 2000;

/**
 * @example const mail = await readInboundMail(raw);
 *   // → { fromAddress: "s.tremblay@example.ca", subject: "Demande V000012345", text: "Bonjour, …", … }
 */
export async function readInboundMail(raw: Uint8Array): Promise<InboundMail> {
  const headers = readHeaders(raw);
  const fallback = fromHeaders(headers);
  try {
    const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      // mailparser's own HTML conversion keeps more markup than a reader needs; ours drops
      // scripts, styles and every tag.
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    const text = typeof parsed.text === "string" ? parsed.text : "";
    const html = typeof parsed.html === "string" ? parsed.html : "";
    const fromHtml = text.trim() === "" && html !== "";
    const from = parsed.from?.value.find((v) => v.address)?.address ?? null;
    return {
      ...fallback,
      fromAddress: from ? cleanLine(from.toLowerCase()) : fallback.fromAddress,
      fromText: cleanLine(parsed.from?.text ?? fallback.fromText),
      toAddresses: addresses(parsed.to).length > 0 ? addresses(parsed.to) : fallback.toAddresses,
      subject: cleanLine(parsed.subject ?? fallback.subject),
      messageId: parsed.messageId ? cleanLine(parsed.messageId) : fallback.messageId,
      text: cleanText(fromHtml ? htmlToText(html) : text),
      textFromHtml: fromHtml,
      problem: null,
    };
  } catch (error) {
    // The forgiving MIME walk the delivery-notice reader uses: it reads whatever parts it can.
    try {
      const parts = readReportParts(parseMime(raw));
      return {
        ...fallback,
        text: cleanText(parts.text),
        textFromHtml: false,
        problem: `the message's structure could not be read whole (${(error as Error).message}); the text is what could be read`,
      };
    } catch {
      return {
        ...fallback,
        text: "",
        textFromHtml: false,
        problem: "the message could not be read; its exact bytes are kept",
      };
    }
  }
}

/** Header fields of the message, decoded, without reading its body. */
function readHeaders(raw: Uint8Array): HeaderField[] {
  try {
    const end = headerEnd(raw);
    return parseMime(raw.subarray(0, end)).headers;
  } catch {
    return [];
  }
}

function headerEnd(raw: Uint8Array): number {
  const limit = Math.min(raw.byteLength, 1024 * 1024);
  for (let i = 0; i < limit - 1; i++) {
    if (raw[i] === 0x0a && (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a))) {
      return i + 1;
    }
  }
  return limit;
}

function fromHeaders(headers: HeaderField[]): Omit<InboundMail, "text" | "textFromHtml" | "problem"> {
  const from = headerValue(headers, "from") ?? "";
  const messageIds = (value: string | null) => value?.match(/<[^<>\s]+>/g) ?? [];
  const inReplyTo = messageIds(headerValue(headers, "in-reply-to"))[0] ?? null;
  const references = messageIds(headerValue(headers, "references")).slice(-50);
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  const contentLanguage = headerValue(headers, "content-language")?.trim().toLowerCase() ?? "";
  const tag = contentLanguage.split(/[,;\s-]/)[0];
  return {
    fromAddress: firstAddress(from),
    fromText: cleanLine(from),
    toAddresses: (headerValue(headers, "to") ?? "").match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? [],
    subject: cleanLine(headerValue(headers, "subject") ?? ""),
    messageId: messageIds(headerValue(headers, "message-id"))[0] ?? null,
    inReplyTo,
    references,
    headers,
    language: tag === "en" || tag === "fr" ? tag : null,
  };
}

function firstAddress(value: string): string | null {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  const bare = angle ?? /[^\s<>,;"']+@[^\s<>,;"']+/.exec(value)?.[0];
  return bare ? cleanLine(bare.toLowerCase()) : null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects
    .flatMap((object) => object.value.map((v) => v.address))
    .filter((address): address is string => Boolean(address))
    .map((address) => cleanLine(address.toLowerCase()));
}

/** One line fit for a text column: no control characters (NUL is refused by PostgreSQL), bounded. */
function cleanLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim()
    .slice(0, MAX_HEADER_CHARS);
}

function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .slice(0, MAX_TEXT_CHARS);
}
