/**
 * The reference an enquirer is given (`ENQ-2026-000123`): the year the enquiry arrived, in the
 * office's time zone, and a number from one series for every office, so the reference alone names
 * one enquiry. Kept in the subject of every reply, it threads an answer onto its enquiry even when
 * the enquirer's mail program drops In-Reply-To and References.
 */

const REFERENCE = /\bENQ-(\d{4})-(\d{6,12})\b/i;

/** @example formatEnquiryReference(2026, 123) // "ENQ-2026-000123" */
export function formatEnquiryReference(year: number, serial: number | bigint): string {
  return `ENQ-${year}-${String(serial).padStart(6, "0")}`;
}

/**
 * The first enquiry reference a subject carries, upper case, or null.
 *
 * @example referenceInSubject("RE: Votre demande enq-2026-000123 : renseignements manquants") // "ENQ-2026-000123"
 */
export function referenceInSubject(subject: string): string | null {
  const match = REFERENCE.exec(subject);
  return match ? `ENQ-${match[1]}-${match[2]}` : null;
}
