/**
 * Which mail system wrote a report, for the human-readable reason only: classification never
 * depends on it. The marks are ones each system puts in every report it sends.
 */
import { type HeaderField, headerValue } from "./parse-mime.ts";

export function nameReporter(
  headers: HeaderField[],
  perMessage: HeaderField[],
  boundary: string,
): string | null {
  const from = headerValue(headers, "from") ?? "";
  const has = (name: string) => headers.some((field) => field.name === name);
  if (has("x-ses-outgoing") || /amazonses\.com/i.test(from)) return "Amazon SES";
  if (
    has("x-ms-exchange-message-is-ndr") ||
    /^MicrosoftExchange|onmicrosoft\.com|postmaster@outlook\.com/i.test(from)
  ) {
    return "Microsoft Exchange";
  }
  if (/googlemail\.com|google\.com/i.test(from)) return "Gmail";
  if (/yahoo/i.test(from)) return "Yahoo";
  if (perMessage.some((field) => field.name === "x-postfix-queue-id")) return "Postfix";
  if (/eximdsn/i.test(boundary)) return "Exim";
  if (perMessage.some((field) => field.name === "x-actual-recipient") || /\.\d+\/[\w.-]+$/.test(boundary))
    return "Sendmail";
  return null;
}
