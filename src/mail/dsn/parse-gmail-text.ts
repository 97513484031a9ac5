/**
 * Gmail's and Google Workspace's notices, current and older, in English and French:
 *
 *     ** Address not found **
 *
 *     Your message wasn't delivered to someone@example.com because the address couldn't be
 *     found, or is unable to receive mail.
 *
 *     The response from the remote server was:
 *     550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown
 *
 * A delay is announced as "** Delivery incomplete **" with "There was a temporary problem
 * delivering your message to …". Before 2016 Gmail wrote "Delivery to the following recipient
 * failed permanently:" with the address indented on the next line.
 */
import { type BounceNotice, beforeOriginal, cleanAddress, collapse, type TextBounce } from "./bounce-text.ts";
import { statusFromWording, statusInText } from "./enhanced-status.ts";

const BANNER =
  /\*\* ?(Address not found|Message not delivered|Message blocked|Delivery incomplete|Adresse introuvable|Message non distribué|Message bloqué|Distribution incomplète) ?\*\*/i;
const OLD_STYLE = /Delivery to the following recipients? (failed permanently|has been delayed)/i;
const ADDRESSED =
  /(?:wasn['’]t delivered to|problem delivering your message to|n['’]a pas été distribué à|problème temporaire lors de la distribution de votre message à)\s+(\S+)/gi;
const RESPONSE =
  /^\s*(?:The response (?:from the remote server )?was|The error that the other server returned was|La réponse (?:du serveur distant )?était)\s*:/im;

export function parseGmailText(notice: BounceNotice): TextBounce | null {
  const text = beforeOriginal(notice.text);
  const banner = BANNER.exec(text);
  const old = OLD_STYLE.exec(text);
  if (!banner && !old) return null;
  const delayed =
    /Delivery incomplete|Distribution incomplète/i.test(banner?.[1] ?? "") ||
    /has been delayed/i.test(old?.[1] ?? "") ||
    /temporary problem delivering|problème temporaire/i.test(text);
  const addresses = new Set<string>();
  for (const match of text.matchAll(ADDRESSED)) {
    const address = cleanAddress(match[1]);
    if (address) addresses.add(address);
  }
  if (old) {
    for (const line of text.slice(old.index).split("\n").slice(1, 12)) {
      const address = /^\s+\S+\s*$/.test(line) ? cleanAddress(line) : null;
      if (address) addresses.add(address);
    }
  }
  const response = RESPONSE.exec(text);
  let diagnostic: string | null = null;
  if (response) {
    const following = text.slice(response.index + response[0].length).split(/\n\s*\n/);
    diagnostic = collapse(following.find((paragraph) => paragraph.trim() !== ""));
  } else if (old) {
    const details = /Technical details of (?:permanent|temporary) failure:\s*([\s\S]*?)(?:\n\s*\n|$)/i.exec(
      text,
    );
    diagnostic = collapse(details?.[1]);
  }
  // Google's own wording for its users has no code ("The email account that you tried to reach
  // does not exist"); the status then follows from the wording.
  const status =
    statusInText(diagnostic) ?? statusFromWording(`${banner?.[1] ?? ""} ${diagnostic ?? ""}`, !delayed);
  return {
    format: "Gmail",
    delayed,
    recipients: [...addresses].map((address) => ({ address, status, diagnostic })),
  };
}
