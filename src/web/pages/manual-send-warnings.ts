import type { Locale } from "../env.ts";
import { messages } from "../i18n.ts";
import { formatDateTime } from "./format.ts";

/**
 * The warnings `recordManualSend` gives (and keeps in its audit event) about an email sent from
 * Outlook, in the page's language, with their UTC times shown in the office's time zone. The
 * operation writes them in English sentences; a sentence this table does not know is shown as the
 * operation wrote it, so a warning is never hidden.
 *
 * @example manualSendWarningText("fr", "America/Toronto",
 *   "The email was sent from ana@office.example, not from the office's generic mailbox ott@office.example.")
 *   // → "Il a été envoyé de ana@office.example et non de la boîte générique du bureau, ott@office.example."
 */
export function manualSendWarningText(locale: Locale, timeZone: string, warning: string): string {
  const m = messages(locale);
  const when = (iso: string) => formatDateTime(iso, timeZone, locale) || iso;
  const noEmail = /^At (\S+) the file held no email address given with consent; .*paper mail\.$/.exec(
    warning,
  );
  if (noEmail) return m.warningNoEmailOnFile(when(noEmail[1]!));
  const notOnFile =
    /^The recipient (.+) is not the address on file at (\S+), (\S+)( \(the representative's, IMM 5476\))?; .*identical\.$/.exec(
      warning,
    );
  if (notOnFile) {
    return m.warningNotAddressOnFile(
      notOnFile[1]!,
      when(notOnFile[2]!),
      notOnFile[3]!,
      Boolean(notOnFile[4]),
    );
  }
  const notMailbox = /^The email was sent from (.+), not from the office's generic mailbox (\S+)\.$/.exec(
    warning,
  );
  if (notMailbox) return m.warningNotOfficeMailbox(notMailbox[1]!, notMailbox[2]!);
  return warning;
}
