/**
 * A small, forgiving MIME walk (RFC 2045, 2046, 5322) that keeps the tree: which part is the
 * delivery report, which is the returned message and which are its headers. mailparser is the
 * right tool for showing a message to a person, but it flattens attached messages into the
 * parent's text and attachments and folds message/delivery-status into the body text, which
 * loses exactly the structure RFC 3464 and RFC 5965 reports are read by.
 *
 * Nothing here throws on bad input: a missing blank line, a missing closing boundary or a
 * truncated part yields the parts that could be read, with `truncated` set.
 */
import {
  decodeCharset,
  decodeEncodedWords,
  decodeRawHeader,
  decodeTransferEncoding,
} from "./decode-mime-text.ts";

/** One header field, name lowercased, value unfolded (RFC 5322 §2.2.3) and decoded to text. */
export interface HeaderField {
  name: string;
  value: string;
}

export interface MimeEntity {
  headers: HeaderField[];
  /** `type/subtype`, lowercased; `text/plain` when absent or unreadable (RFC 2045 §5.2). */
  contentType: string;
  /** Content-Type parameters, names lowercased. */
  params: Record<string, string>;
  /** Parts of a multipart entity, in order. */
  children: MimeEntity[];
  /** The message inside a message/rfc822 or message/global entity. */
  message: MimeEntity | null;
  /** Body bytes before transfer decoding, one code unit per byte. Empty for multiparts. */
  body: string;
  /** Set when the entity ended before its closing boundary, or a limit stopped the walk. */
  truncated: boolean;
}

// Real reports are three or four levels deep; the limits only stop hostile or broken mail from
// making the walk slow or deep enough to exhaust the stack.
const MAX_DEPTH = 12;
const MAX_ENTITIES = 500;

const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/s;

/** Header fields of a header block (or of a string of `Name: value` lines such as a DSN group). */
export function parseHeaderLines(lines: string[]): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of lines) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += line;
      continue;
    }
    const match = FIELD_LINE.exec(line);
    if (match) fields.push({ name: match[1]!.toLowerCase(), value: match[2]! });
  }
  for (const field of fields) field.value = field.value.replace(/\r?\n/g, "").trim();
  return fields;
}

/** Splits raw bytes (as a binary string) into header lines and the body that follows. */
function splitHeaders(binary: string): { lines: string[]; body: string } {
  const lines: string[] = [];
  let at = 0;
  // An mbox "From " separator line is not a header; files saved from mailboxes start with one.
  if (binary.startsWith("From ")) {
    const nl = binary.indexOf("\n");
    at = nl === -1 ? binary.length : nl + 1;
  }
  while (at < binary.length) {
    const nl = binary.indexOf("\n", at);
    const end = nl === -1 ? binary.length : nl;
    const line = binary.slice(at, end).replace(/\r$/, "");
    const next = nl === -1 ? binary.length : nl + 1;
    if (line === "") return { lines, body: binary.slice(next) };
    if (/^[ \t]/.test(line) ? lines.length > 0 : FIELD_LINE.test(line)) {
      lines.push(line);
      at = next;
      continue;
    }
    // A line that is neither a field nor a continuation: the blank line is missing, so the
    // body starts here (what most readers do with such mail).
    return { lines, body: binary.slice(at) };
  }
  return { lines, body: "" };
}

/** `type/subtype` and parameters of a Content-Type value; quoted values unquoted. */
export function parseContentType(value: string | null): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (!value) return { type: "", params };
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && quoted) {
      current += value[++i] ?? "";
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (c === ";" && !quoted) {
      pieces.push(current);
      current = "";
    } else current += c;
  }
  pieces.push(current);
  const type = (pieces.shift() ?? "")
    .replace(/\(.*?\)/g, "")
    .trim()
    .toLowerCase();
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    if (eq <= 0) continue;
    params[piece.slice(0, eq).trim().toLowerCase()] = piece.slice(eq + 1).trim();
  }
  return { type: /^[^/\s]+\/[^/\s]+$/.test(type) ? type : "", params };
}

/** First value of a header field, or null. */
export function headerValue(headers: HeaderField[], name: string): string | null {
  return headers.find((field) => field.name === name)?.value ?? null;
}

/** Every value of a header field, in order. */
export function headerValues(headers: HeaderField[], name: string): string[] {
  return headers.filter((field) => field.name === name).map((field) => field.value);
}

/** Text of an entity's body: transfer-decoded, then read in its charset. */
export function entityText(entity: MimeEntity, defaultCharset: string | null = null): string {
  const bytes = decodeTransferEncoding(entity.body, headerValue(entity.headers, "content-transfer-encoding"));
  return decodeCharset(bytes, entity.params.charset ?? defaultCharset);
}

interface WalkState {
  entities: number;
}

function parseEntity(binary: string, depth: number, defaultType: string, state: WalkState): MimeEntity {
  state.entities++;
  const { lines, body } = splitHeaders(binary);
  const headers = parseHeaderLines(lines.map(decodeRawHeader));
  for (const field of headers) {
    if (/[=]\?/.test(field.value) && field.name !== "content-type") {
      field.value = decodeEncodedWords(field.value);
    }
  }
  const parsed = parseContentType(headerValue(headers, "content-type"));
  const entity: MimeEntity = {
    headers,
    contentType: parsed.type || defaultType,
    params: parsed.params,
    children: [],
    message: null,
    body,
    truncated: false,
  };
  if (depth >= MAX_DEPTH || state.entities >= MAX_ENTITIES) {
    entity.truncated =
      entity.contentType.startsWith("multipart/") || entity.contentType.startsWith("message/");
    return entity;
  }
  const boundary = entity.params.boundary;
  if (entity.contentType.startsWith("multipart/") && boundary) {
    // RFC 2046 §5.1.5: in a digest the parts are messages unless they say otherwise.
    const childType = entity.contentType === "multipart/digest" ? "message/rfc822" : "text/plain";
    const { parts, closed } = splitMultipart(body, boundary);
    // With no delimiter at all the body is kept, so its text can still be read.
    if (parts.length > 0) entity.body = "";
    entity.truncated = !closed;
    for (const part of parts) {
      if (state.entities >= MAX_ENTITIES) {
        entity.truncated = true;
        break;
      }
      const child = parseEntity(part, depth + 1, childType, state);
      entity.truncated ||= child.truncated;
      entity.children.push(child);
    }
  } else if (entity.contentType === "message/rfc822" || entity.contentType === "message/global") {
    // RFC 6532 allows message/global to be base64-encoded; some servers do it for rfc822 too.
    const inner = decodeTransferEncoding(body, headerValue(headers, "content-transfer-encoding"));
    entity.message = parseEntity(inner.toString("latin1"), depth + 1, "text/plain", state);
    entity.truncated = entity.message.truncated;
  }
  return entity;
}

/** Parts between `--boundary` lines (RFC 2046 §5.1.1); `closed` says whether `--boundary--` came. */
function splitMultipart(body: string, boundary: string): { parts: string[]; closed: boolean } {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let start = -1;
  let at = 0;
  while (at <= body.length) {
    const found = body.indexOf(delimiter, at);
    if (found === -1) break;
    const atLineStart = found === 0 || body[found - 1] === "\n";
    const after = found + delimiter.length;
    const lineEnd = body.indexOf("\n", after);
    const rest = body.slice(after, lineEnd === -1 ? body.length : lineEnd);
    const isClose = rest.startsWith("--");
    // The delimiter line may carry trailing blanks (transport padding, §5.1.1) and nothing else.
    if (!atLineStart || !/^(--)?[ \t\r]*$/.test(rest)) {
      at = after;
      continue;
    }
    if (start !== -1) {
      // The CRLF before a delimiter belongs to the delimiter, not to the part.
      parts.push(body.slice(start, found).replace(/\r?\n$/, ""));
    }
    if (isClose) return { parts, closed: true };
    start = lineEnd === -1 ? body.length : lineEnd + 1;
    at = start;
  }
  if (start !== -1 && start < body.length) parts.push(body.slice(start));
  return { parts, closed: false };
}

/**
 * The MIME tree of a message.
 *
 * @example parseMime(readFileSync("bounce.eml")).children[1]?.contentType // "message/delivery-status"
 */
export function parseMime(bytes: Uint8Array): MimeEntity {
  const binary = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return parseEntity(binary, 0, "text/plain", { entities: 0 });
}

/** Header fields of a text/rfc822-headers or message/global-headers part (RFC 6522, RFC 6533). */
export function parseHeaderPart(entity: MimeEntity): HeaderField[] {
  const text = entityText(entity, "utf-8");
  const { lines } = splitHeaders(text.replace(/^\s*\n/, ""));
  const headers = parseHeaderLines(lines);
  for (const field of headers) {
    if (/=\?/.test(field.value)) field.value = decodeEncodedWords(field.value);
  }
  return headers;
}
