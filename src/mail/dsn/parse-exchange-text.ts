/**
 * Microsoft Exchange and Exchange Online (Office 365) non-delivery reports, in English and
 * French. The part read is the "diagnostic information for administrators" block, which names
 * each recipient on a line of its own followed by the server's reply:
 *
 *     Diagnostic information for administrators:
 *
 *     Generating server: mail.example.org
 *
 *     someone@example.com
 *     #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##
 *
 * Exchange Online words it "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; …'".
 * When the block is missing, the people-facing list ("Delivery has failed to these recipients or
 * groups:", "Your message to … couldn't be delivered.") gives the addresses.
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

const FAILED =
  /Delivery has failed to these recipients or groups|Your message (?:to \S+ )?couldn['’]?t be delivered|[ÉE]chec de la remise à ces destinataires ou groupes|Votre message (?:à|pour) \S+ n['’]a pas pu être remis/i;
const DELAYED =
  /Delivery is delayed to these recipients or groups|delivery .{0,40}(?:has been|is) delayed|remise à ces destinataires ou groupes (?:est|a été) retardée|remise .{0,40}retardée/i;
const DIAGNOSTIC =
  /^\s*(?:Diagnostic information for administrators|Informations de diagnostic pour les administrateurs)\s*:?\s*$/im;
const SERVER_LINE = /^(?:Generating server|Receiving server|Serveur de génération|Serveur de réception)\s*:/i;

/** "#550 5.1.1 RESOLVER…; not found ##" or "Remote Server returned '…'" → the reply inside. */
function exchangeReply(line: string): string | null {
  const quoted = /(?:returned|a retourné|a renvoyé)\s*'(.*)'\s*$/i.exec(line);
  const text = quoted ? quoted[1]! : line.replace(/^#/, "").replace(/#+\s*$/, "");
  return collapse(text);
}

function diagnosticBlock(text: string): TextRecipient[] {
  const start = DIAGNOSTIC.exec(text);
  if (!start) return [];
  const recipients: TextRecipient[] = [];
  for (const raw of text.slice(start.index + start[0].length).split("\n")) {
    const line = raw.trim();
    if (line === "" || SERVER_LINE.test(line)) continue;
    const address = /\s/.test(line) ? null : cleanAddress(line);
    const last = recipients[recipients.length - 1];
    if (address) recipients.push({ address, status: null, diagnostic: null });
    else if (
      last &&
      !last.diagnostic &&
      (statusInText(line) || /Remote Server|serveur distant/i.test(line))
    ) {
      last.diagnostic = exchangeReply(line);
      last.status = statusInText(last.diagnostic);
    }
  }
  return recipients;
}

function peopleFacingList(text: string): TextRecipient[] {
  const found = new Set<string>();
  const sentence = /(?:Your message to|Votre message (?:à|a|pour))\s+(\S+)/gi;
  for (const match of text.matchAll(sentence)) {
    const address = cleanAddress(match[1]);
    if (address) found.add(address);
  }
  const list = FAILED.exec(text) ?? DELAYED.exec(text);
  if (found.size === 0 && list) {
    for (const raw of text.slice(list.index).split("\n").slice(1, 30)) {
      // "someone@example.com", "Someone (someone@example.com)" or "'someone@example.com'"
      const token = /\(([^()\s]+@[^()\s]+)\)|^\s*'?([^\s']+@[^\s']+)'?\s*$/.exec(raw);
      const address = cleanAddress(token?.[1] ?? token?.[2]);
      if (address) found.add(address);
    }
  }
  return [...found].map((address) => ({ address, status: null, diagnostic: null }));
}

export function parseExchangeText(notice: BounceNotice): TextBounce | null {
  const text = beforeOriginal(notice.text);
  const delayed =
    DELAYED.test(text) || /^(?:Delivery delayed|Remise retardée|Remise différée)\s*:/i.test(notice.subject);
  if (!FAILED.test(text) && !delayed && !DIAGNOSTIC.test(text)) return null;
  const recipients = diagnosticBlock(text);
  return {
    format: "Microsoft Exchange",
    delayed,
    recipients: recipients.length > 0 ? recipients : peopleFacingList(text),
  };
}
