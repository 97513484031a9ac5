/**
 * What the readers of human-readable bounces share: their input, their result, and the line
 * shapes several mail servers use. Pure.
 */
import { statusInText } from "./enhanced-status.ts";
import type { HeaderField } from "./parse-mime.ts";

/** The notice as the text readers see it. */
export interface BounceNotice {
  subject: string;
  /** The From header, decoded. */
  from: string;
  headers: HeaderField[];
  /** Readable text of the notice, without any attached original message part. */
  text: string;
}

export interface TextRecipient {
  address: string;
  status: string | null;
  diagnostic: string | null;
}

/** A bounce read from its wording. `delayed`: the server still retries (a warning, not a failure). */
export interface TextBounce {
  format: string;
  delayed: boolean;
  recipients: TextRecipient[];
}

// Deliberately simple: it only has to tell an address from the words around it.
const ADDRESS = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]+$/;

/** The address in a token such as `<a@example.com>:`, `'a@example.com'` or `a@example.com.`, else null. */
export function cleanAddress(token: string | null | undefined): string | null {
  if (!token) return null;
  const bare = token
    .trim()
    .replace(/^mailto:/i, "")
    .replace(/^[<'"([]+/, "")
    .replace(/[>'")\]:;,.]+$/, "");
  return ADDRESS.test(bare) ? bare : null;
}

/** White space runs collapsed to one space; null for nothing. */
export function collapse(text: string | null | undefined): string | null {
  const collapsed = (text ?? "").replace(/\s+/g, " ").trim();
  return collapsed === "" ? null : collapsed;
}

// Lines after which a bounce quotes the message it returns (Exim, qmail and Yahoo, Sendmail,
// old Gmail, Exchange in English and French). Matched line by line with plain string tests:
// a regular expression for "a line of dashes containing a phrase" backtracks quadratically on
// a long line of dashes, and this runs on text anyone can send.
const ORIGINAL_PHRASES = [
  "copy of the",
  "original message",
  "unsent message",
  "message header",
  "message d'origine",
  "copie du message",
  "message original",
];
const ORIGINAL_HEADINGS = /^(?:Original message headers|En-t[êe]tes de message d['’]origine)\s*:\s*$/i;

function originalStart(text: string): number {
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf("\n", at);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(at, end).trim();
    if (line.length < 200) {
      const lower = line.toLowerCase().replace(/’/g, "'");
      if (
        ORIGINAL_HEADINGS.test(line) ||
        (line.startsWith("---") && ORIGINAL_PHRASES.some((p) => lower.includes(p)))
      ) {
        return at;
      }
    }
    at = end + 1;
  }
  return -1;
}

/** The text before the returned copy of the original message, so its words are not read as the notice's. */
export function beforeOriginal(text: string): string {
  const start = originalStart(text);
  return start === -1 ? text : text.slice(0, start);
}

/** The text from the returned copy on (its header lines hold the original Message-ID), or "". */
export function fromOriginal(text: string): string {
  const start = originalStart(text);
  return start === -1 ? "" : text.slice(start);
}

const ANGLE_LINE = /^<([^<>\s]+)>(?:\s*\(expanded from[^)]*\))?:\s*(.*)$/;

/**
 * Paragraphs that start with `<address>:` — qmail and Yahoo put the reason on the following
 * lines, Postfix on the same line and its continuations — each up to the next blank line.
 */
export function angleParagraphs(text: string): TextRecipient[] {
  const entries: { address: string; lines: string[]; open: boolean }[] = [];
  for (const line of text.split("\n")) {
    const match = ANGLE_LINE.exec(line.trim());
    const address = match ? cleanAddress(match[1]) : null;
    const last = entries[entries.length - 1];
    if (match && address) entries.push({ address, lines: [match[2]!], open: true });
    else if (line.trim() === "") {
      if (last) last.open = false;
    } else if (last?.open) last.lines.push(line);
  }
  return entries.map((entry) => withStatus(entry.address, entry.lines.join(" ")));
}

/**
 * Entries of an address alone on an indented line followed by more deeply indented reason
 * lines (Exim's layout, also used by several providers' localised notices):
 *
 *     first@example.com
 *       host mx.example.com [192.0.2.1]
 *       SMTP error from remote mail server after RCPT TO:<first@example.com>:
 *       550 5.1.1 User unknown
 */
export function indentedEntries(lines: string[]): TextRecipient[] {
  const entries: { address: string; indent: number; lines: string[] }[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    const last = entries[entries.length - 1];
    if (last && indent > last.indent) {
      last.lines.push(line);
      continue;
    }
    const [first, ...rest] = line.trim().split(/\s+/);
    const address = indent > 0 ? cleanAddress(first) : null;
    if (!address) {
      // A line at the entries' own level that is no address ends the list.
      if (entries.length > 0 || indent === 0) break;
      continue;
    }
    // "  a@example.com: reason" or "  a@example.com <b@example.com>: reason"
    const sameLine = rest.join(" ").replace(/^<[^>]*>:?\s*/, "");
    entries.push({ address, indent, lines: sameLine ? [sameLine] : [] });
  }
  return entries.map((entry) => withStatus(entry.address, entry.lines.join(" ")));
}

/** A recipient whose status is the first code in its reason text. */
export function withStatus(address: string, reason: string | null): TextRecipient {
  const diagnostic = collapse(reason);
  return { address, status: statusInText(diagnostic), diagnostic };
}

/** Addresses of an X-Failed-Recipients header (Exim, Gmail and others add it to bounces). */
export function failedRecipientsHeader(headers: HeaderField[]): string[] {
  return headers
    .filter((field) => field.name === "x-failed-recipients")
    .flatMap((field) => field.value.split(/[,\s]+/))
    .map((token) => cleanAddress(token))
    .filter((address): address is string => address !== null);
}
