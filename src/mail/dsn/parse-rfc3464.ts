/**
 * The machine-readable part of a delivery status notification: message/delivery-status
 * (RFC 3464 §2) and its internationalised twin message/global-delivery-status (RFC 6533).
 * Pure: text in, fields out.
 */
import { parseStatusField, statusInText } from "./enhanced-status.ts";
import { type HeaderField, headerValue, parseHeaderLines } from "./parse-mime.ts";

export type DsnAction = "failed" | "delayed" | "delivered" | "relayed" | "expanded";

export interface DsnRecipient {
  /** Original-Recipient when it is an address, else Final-Recipient (see `recipientAddress`). */
  address: string;
  finalRecipient: string | null;
  originalRecipient: string | null;
  /** RFC 3464 §2.3.3; inferred from the status class when the field is missing or unknown. */
  action: DsnAction | null;
  status: string | null;
  /** The Diagnostic-Code text without its type ("smtp;"), white space collapsed. */
  diagnostic: string | null;
}

export interface DeliveryStatus {
  /** Per-message fields (Reporting-MTA, Arrival-Date, X-Postfix-Sender, …), RFC 3464 §2.2. */
  perMessage: HeaderField[];
  recipients: DsnRecipient[];
}

const ACTIONS = new Set<string>(["failed", "delayed", "delivered", "relayed", "expanded"]);

/**
 * Blocks of `Name: value` fields separated by blank lines, the shape RFC 3464 §2.1, RFC 5965 §3
 * and RFC 8098 §3.1 reports share.
 */
export function parseFieldGroups(text: string): HeaderField[][] {
  const groups: HeaderField[][] = [];
  let lines: string[] = [];
  const close = () => {
    const fields = parseHeaderLines(lines);
    if (fields.length > 0) groups.push(fields);
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") close();
    else lines.push(line);
  }
  close();
  return groups;
}

/**
 * The address of an `address-type; address` value: "rfc822; a@example.com" → "a@example.com".
 * For the utf-8 type, `\x{E9}` escapes are decoded (RFC 6533). An rfc822 address is not
 * xtext-decoded: "+3F" is common in VERP and tagged addresses and decoding it would change them.
 */
export function fieldAddress(value: string | null): string | null {
  if (!value) return null;
  const semi = value.indexOf(";");
  const type = semi === -1 ? "rfc822" : value.slice(0, semi).trim().toLowerCase();
  let address = (semi === -1 ? value : value.slice(semi + 1)).trim();
  address = address
    .replace(/^<(.*)>$/, "$1")
    .replace(/^"(.*)"$/, "$1")
    .trim();
  if (type === "utf-8") {
    address = address.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (whole, hex: string) => {
      const code = Number.parseInt(hex, 16);
      return code < 0x110000 ? String.fromCodePoint(code) : whole;
    });
  }
  return address === "" ? null : address;
}

/** Diagnostic-Code text without its diagnostic-type (RFC 3464 §2.3.6). */
function diagnosticText(value: string | null): string | null {
  if (!value) return null;
  const text = value
    .replace(/^[A-Za-z][\w-]*\s*;\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? null : text;
}

/**
 * Which address to report for a recipient. The office knows the address it sent to, which is
 * the Original-Recipient (RFC 3464 §2.3.1); Final-Recipient may be where a forward led.
 */
function recipientAddress(original: string | null, final: string | null): string | null {
  if (original?.includes("@")) return original;
  return final ?? original;
}

/**
 * Some servers (Exim among them) always write the generic "Status: 5.0.0" and quote the remote
 * server's precise code only in Diagnostic-Code; the precise one of the same class is kept.
 */
function refineStatus(field: string | null, fromDiagnostic: string | null): string | null {
  if (!field) return fromDiagnostic;
  const generic = field.endsWith(".0.0");
  return generic && fromDiagnostic && fromDiagnostic[0] === field[0] && !fromDiagnostic.endsWith(".0.0")
    ? fromDiagnostic
    : field;
}

function toRecipient(fields: HeaderField[]): DsnRecipient | null {
  const finalRecipient = fieldAddress(headerValue(fields, "final-recipient"));
  const originalRecipient = fieldAddress(headerValue(fields, "original-recipient"));
  const address = recipientAddress(originalRecipient, finalRecipient);
  if (!address) return null;
  const diagnostic = diagnosticText(headerValue(fields, "diagnostic-code"));
  const status = refineStatus(parseStatusField(headerValue(fields, "status")), statusInText(diagnostic));
  const actionValue = (headerValue(fields, "action") ?? "")
    .trim()
    .split(/[\s(;]/)[0]!
    .toLowerCase();
  let action: DsnAction | null = ACTIONS.has(actionValue) ? (actionValue as DsnAction) : null;
  if (!action && status) {
    action = status[0] === "5" ? "failed" : status[0] === "4" ? "delayed" : "delivered";
  }
  return { address, finalRecipient, originalRecipient, action, status, diagnostic };
}

/**
 * The per-message and per-recipient fields of a delivery-status body. Tolerates what real
 * servers send: a missing blank line between groups, folded values, CRLF or LF.
 *
 * @example parseDeliveryStatus("Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n")
 */
export function parseDeliveryStatus(text: string): DeliveryStatus {
  const perMessage: HeaderField[] = [];
  const recipients: DsnRecipient[] = [];
  for (const group of parseFieldGroups(text)) {
    // A new recipient starts at a second Final-Recipient (or Original-Recipient), or at an
    // Original-Recipient after an Action, so groups run together by a missing blank line
    // still split right. Postfix writes Final- before Original-Recipient, others the reverse.
    let current: HeaderField[] = [];
    let names = new Set<string>();
    const flush = () => {
      const recipient = toRecipient(current);
      if (recipient) recipients.push(recipient);
      else for (const field of current) perMessage.push(field);
      current = [];
      names = new Set();
    };
    for (const field of group) {
      const has = (name: string) => names.has(name);
      const startsRecipient = field.name === "final-recipient" || field.name === "original-recipient";
      if (startsRecipient && !has("final-recipient") && !has("original-recipient")) {
        // Per-message fields run into the first recipient: they stay per-message.
        for (const f of current) perMessage.push(f);
        current = [];
        names = new Set();
      } else if (
        startsRecipient &&
        (has(field.name) || (field.name === "original-recipient" && has("action")))
      ) {
        flush();
      }
      current.push(field);
      names.add(field.name);
    }
    flush();
  }
  return { perMessage, recipients };
}
