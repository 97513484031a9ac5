/**
 * Sendmail's readable notice (savemail.c), and the plain-text bounces of old Sendmail versions
 * that predate DSNs:
 *
 *        ----- The following addresses had permanent fatal errors -----
 *     <someone@example.com>
 *         (reason: 550 5.1.1 <someone@example.com>... User unknown)
 *
 *        ----- Transcript of session follows -----
 *     ... while talking to mx.example.com.:
 *     >>> RCPT To:<someone@example.com>
 *     <<< 550 5.1.1 <someone@example.com>... User unknown
 *
 * The delay warning lists "transient non-fatal errors" and says it is a warning only.
 */
import {
  type BounceNotice,
  beforeOriginal,
  cleanAddress,
  collapse,
  type TextBounce,
  type TextRecipient,
} from "./bounce-text.ts";
import { statusInText } from "./enhanced-status.ts";

const SECTION =
  /^\s*-{3,} The following addresses? (?:had|has) (permanent fatal|transient non-fatal) errors -{3,}\s*$/im;
const TRANSCRIPT = /^\s*-{3,} Transcript of session follows -{3,}\s*$/im;

export function parseSendmailText(notice: BounceNotice): TextBounce | null {
  const text = beforeOriginal(notice.text);
  const section = SECTION.exec(text);
  const transcript = TRANSCRIPT.exec(text);
  if (!section && !transcript) return null;
  const delayed =
    section?.[1]?.toLowerCase() === "transient non-fatal" ||
    (!section &&
      /THIS IS A WARNING MESSAGE ONLY|Warning: could not send message/i.test(text + notice.subject));
  const recipients: TextRecipient[] = [];
  if (section) {
    const after = text.slice(section.index + section[0].length).split("\n");
    for (const line of after) {
      const trimmed = line.trim();
      if (trimmed === "") {
        if (recipients.length > 0) break;
        continue;
      }
      if (/^-{3,}/.test(trimmed)) break;
      const reason = /^\(reason:\s*(.*?)\)?$/i.exec(trimmed);
      const last = recipients[recipients.length - 1];
      if (reason && last) {
        last.diagnostic = collapse(`${last.diagnostic ?? ""} ${reason[1]}`);
        last.status ??= statusInText(last.diagnostic);
        continue;
      }
      const address = /^\(expanded from/i.test(trimmed) ? null : cleanAddress(trimmed.split(/\s+/)[0]);
      if (address) recipients.push({ address, status: null, diagnostic: null });
    }
  }
  // The transcript names each address on the line with the server's reply, where the reason
  // lines are missing (older versions) it is the only place the code is.
  if (transcript) {
    const lines = text.slice(transcript.index).split("\n");
    for (const recipient of recipients.filter((r) => !r.diagnostic).slice(0, 50)) {
      const line = lines.find((l) => l.includes(recipient.address) && /\b[45]\d\d\b|Deferred/.test(l));
      if (line) {
        recipient.diagnostic = collapse(line.replace(/^<<<\s*/, ""));
        recipient.status = statusInText(recipient.diagnostic);
      }
    }
  }
  return { format: "Sendmail", delayed, recipients };
}
