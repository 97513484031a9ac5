/**
 * Turning the bytes of a MIME part or header into text. Every function here is total: bad
 * encodings, unknown charsets and stray bytes give the best readable text, never an exception,
 * because the mail we read was written by servers we do not control.
 */

const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true });
const UTF8_LENIENT = new TextDecoder("utf-8");
// WHATWG maps "iso-8859-1" and "us-ascii" to windows-1252 too: the superset real mail uses.
const WINDOWS_1252 = new TextDecoder("windows-1252");

/** Bytes of a "binary string" (one code unit per byte, as the MIME walk keeps bodies). */
export function binaryToBytes(binary: string): Buffer {
  return Buffer.from(binary, "latin1");
}

/**
 * Text of bytes in a declared charset. An unknown or missing label falls back to UTF-8 when the
 * bytes are valid UTF-8 (RFC 6532 allows it in headers; most "unknown-8bit" mail is UTF-8 today)
 * and to windows-1252 otherwise, which maps every byte to some character.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | null | undefined): string {
  const label = (charset ?? "").trim().replace(/^["']|["']$/g, "");
  if (label && !/^(us-)?ascii$|^utf-?8$/i.test(label)) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Not a charset the WHATWG encoding standard knows (x-unknown, unicode-1-1-utf-7, …).
    }
  }
  try {
    return UTF8_STRICT.decode(bytes);
  } catch {
    return label && /^utf-?8$/i.test(label) ? UTF8_LENIENT.decode(bytes) : WINDOWS_1252.decode(bytes);
  }
}

/** RFC 2045 §6.7 quoted-printable; a malformed `=` sequence is kept literally, as §6.7 (1) advises. */
export function decodeQuotedPrintable(binary: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < binary.length; i++) {
    const c = binary.charCodeAt(i);
    if (c !== 0x3d) {
      out.push(c & 0xff);
      continue;
    }
    const rest = binary.slice(i + 1, i + 3);
    if (/^[0-9A-Fa-f]{2}$/.test(rest)) {
      out.push(Number.parseInt(rest, 16));
      i += 2;
      continue;
    }
    // Soft line break (§6.7 rule 5): "=" then optional trailing blanks then the line end.
    const soft = /^[ \t]*\r?\n/.exec(binary.slice(i + 1, i + 80));
    if (soft) {
      i += soft[0].length;
      continue;
    }
    out.push(c);
  }
  return Buffer.from(out);
}

/** Bytes of a part body after its Content-Transfer-Encoding (RFC 2045 §6); unknown ones pass through. */
export function decodeTransferEncoding(binary: string, encoding: string | null): Buffer {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "base64":
      // Node skips characters outside the alphabet, which is what RFC 2045 §6.8 asks of a decoder.
      return Buffer.from(binary.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
    case "quoted-printable":
      return decodeQuotedPrintable(binary);
    default:
      return binaryToBytes(binary);
  }
}

/** A header value read as raw bytes: UTF-8 when valid (RFC 6532), else windows-1252. */
export function decodeRawHeader(binary: string): string {
  // Pure ASCII is by far the common case and needs no decoding.
  if (!/[\x80-\xff]/.test(binary)) return binary;
  return decodeCharset(binaryToBytes(binary), null);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047 encoded words (`=?utf-8?Q?R=C3=A9ponse?=`) decoded. Whitespace between two adjacent
 * encoded words is dropped (§6.2), and adjacent words in the same charset are joined before
 * decoding, because senders split multi-byte characters across words.
 */
export function decodeEncodedWords(value: string): string {
  let out = "";
  let last = 0;
  let charset: string | null = null;
  let chunks: Buffer[] = [];
  const flush = () => {
    if (charset !== null) out += decodeCharset(Buffer.concat(chunks), charset);
    charset = null;
    chunks = [];
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    // RFC 2231 §5 lets a language tag follow the charset: "utf-8*fr".
    const wordCharset = match[1]!.split("*")[0]!.toLowerCase();
    if (!(charset !== null && /^[ \t\r\n]*$/.test(between))) {
      flush();
      out += between;
    } else if (wordCharset !== charset) {
      flush();
    }
    const text = match[3]!;
    chunks.push(
      match[2]!.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
    charset = wordCharset;
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  ecirc: "ê",
  ccedil: "ç",
  rsquo: "’",
};

// The readable part of a notice is a few kilobytes; more HTML than this is not a notice.
const MAX_HTML_CHARS = 256 * 1024;

/** `html` without the elements named, content included; linear, unlike a lazy regex. */
function dropElements(html: string, names: string[]): string {
  let out = html;
  for (const name of names) {
    let result = "";
    let at = 0;
    const lower = out.toLowerCase();
    for (;;) {
      const open = lower.indexOf(`<${name}`, at);
      if (open === -1) break;
      const close = lower.indexOf(`</${name}`, open);
      result += out.slice(at, open);
      if (close === -1) {
        at = out.length;
        break;
      }
      const end = lower.indexOf(">", close);
      at = end === -1 ? out.length : end + 1;
    }
    out = result + out.slice(at);
  }
  return out;
}

/**
 * Readable text of an HTML part, for bounces that come as HTML only (Office 365 and Gmail send
 * both, some gateways keep only the HTML). Line structure is kept so line-based parsers work.
 */
export function htmlToText(html: string): string {
  return dropElements(html.slice(0, MAX_HTML_CHARS), ["style", "script", "head"])
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h[1-6]|table|blockquote)\s*>/gi, "\n")
    .replace(/<[^<>]*>/g, "")
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n");
}
