/**
 * Whether a decision may be recorded on an application now. Pure: the caller loads the facts.
 *
 * A non-compliance decision (seed 000, "Requests for reconsideration or reactivation") ends a file
 * because the applicant did not answer a request. It stands in court only if the office can show
 * the request went out (the correspondence issue's proof of sending: the mail server's acceptance,
 * an archived copy of an email sent from Outlook, or a paper letter recorded as mailed), that
 * nothing came back undelivered without being sent again, and that the applicant's date had passed.
 * The law gives the two consequences to different lines: Citizenship Act s. 13.2 lets a citizenship
 * application be treated as abandoned; IRPR s. 10 has other applications refused.
 */
import type { LineOfBusiness } from "../shared/identifiers.ts";
import type { DecisionOutcome, LegalBasis, RefusalBasis } from "./decision.schema.ts";

/** One sending of the request: the request itself, or a resend / paper copy after a bounce. */
export interface RequestSending {
  correspondenceId: string;
  channel: "email" | "paper";
  /** `generate`, `sending`, `sent`, `undelivered`, `cancelled`. */
  status: string;
  sentAt: Date | null;
  address: string | null;
  /** Email: the mail server accepted it (its reply is on the record). */
  smtpAccepted: boolean;
  /** Email: a copy of the message as sent is archived as an eDoc (a send recorded from Outlook). */
  archivedCopy: boolean;
  /** An undelivered notice came back for this sending. */
  undelivered: boolean;
}

export interface RequestFacts {
  correspondenceId: string;
  templateId: "request-documents" | "interview-convocation";
  subject: string;
  /** The response date, or the interview's day (YYYY-MM-DD, office's zone). */
  dueDate: string | null;
  /** The request as first sent, then its follow-ups in the order they were created. */
  sendings: RequestSending[];
}

export interface DecisionCheckInput {
  outcome: DecisionOutcome;
  /** For a refusal: on the merits, or for non-compliance. */
  basis: RefusalBasis | undefined;
  lineOfBusiness: LineOfBusiness;
  applicationStatus: string;
  /** The request the non-compliance decision rests on; null when none was named or found. */
  request: RequestFacts | null;
  /** Today in the office's time zone (YYYY-MM-DD). */
  today: string;
}

export interface Refusal {
  code:
    | "already-decided"
    | "abandonment-citizenship-only"
    | "non-compliance-refusal-not-citizenship"
    | "no-request"
    | "not-sent"
    | "no-proof-of-sending"
    | "bounce-unresolved"
    | "response-date-not-passed";
  en: string;
  fr: string;
}

export type DecisionCheck =
  | { allowed: true; legalBasis: LegalBasis | null; proof: RequestSending | null }
  | { allowed: false; refusals: Refusal[] };

/** A file with one of these statuses has a decision already; a reconsideration reopens it first. */
export const DECIDED_STATUSES = ["approved", "refused", "abandoned", "withdrawn", "cancelled"];

/** Whether a decision with this outcome and basis is a non-compliance decision. */
export function isNonCompliance(outcome: DecisionOutcome, basis: RefusalBasis | undefined): boolean {
  return outcome === "abandoned" || (outcome === "refused" && basis === "non-compliance");
}

/**
 * Every reason the decision cannot be recorded (all of them, so the screen can list them), or the
 * legal basis it will carry and the sending that proves the request went out.
 *
 * @example checkDecisionAllowed({ outcome: "abandoned", basis: undefined, lineOfBusiness: "citizenship",
 *   applicationStatus: "in-progress", request, today: "2026-05-04" })
 *   // → { allowed: true, legalBasis: "citizenship-act-s13.2", proof: { channel: "email", smtpAccepted: true, … } }
 */
export function checkDecisionAllowed(input: DecisionCheckInput): DecisionCheck {
  const refusals: Refusal[] = [];
  if (DECIDED_STATUSES.includes(input.applicationStatus)) {
    refusals.push({
      code: "already-decided",
      en: `The application is already ${input.applicationStatus}. A new decision needs the file reopened first (a reconsideration).`,
      fr: `La demande est déjà dans l’état « ${input.applicationStatus} ». Une nouvelle décision exige d’abord la réouverture du dossier (réexamen).`,
    });
  }
  const citizenship = input.lineOfBusiness === "citizenship";
  if (input.outcome === "abandoned" && !citizenship) {
    refusals.push({
      code: "abandonment-citizenship-only",
      en: "Only a citizenship application can be treated as abandoned (Citizenship Act s. 13.2). For this application, record a refusal for non-compliance (IRPR s. 10).",
      fr: "Seule une demande de citoyenneté peut être considérée comme abandonnée (Loi sur la citoyenneté, art. 13.2). Pour cette demande, inscrivez un refus pour non-conformité (RIPR, art. 10).",
    });
  }
  if (input.outcome === "refused" && input.basis === "non-compliance" && citizenship) {
    refusals.push({
      code: "non-compliance-refusal-not-citizenship",
      en: "A citizenship application whose applicant did not answer is treated as abandoned (Citizenship Act s. 13.2), not refused under IRPR s. 10. Record an abandonment.",
      fr: "Une demande de citoyenneté restée sans réponse est considérée comme abandonnée (Loi sur la citoyenneté, art. 13.2), et non refusée en vertu de l’art. 10 du RIPR. Inscrivez un abandon.",
    });
  }
  if (!isNonCompliance(input.outcome, input.basis)) {
    return refusals.length > 0
      ? { allowed: false, refusals }
      : { allowed: true, legalBasis: null, proof: null };
  }

  const request = input.request;
  if (!request) {
    refusals.push({
      code: "no-request",
      en: "A non-compliance decision rests on a request the applicant did not answer: choose the request for documents or the convocation that was sent.",
      fr: "Une décision pour non-conformité repose sur une demande restée sans réponse : choisissez la demande de documents ou la convocation envoyée.",
    });
    return { allowed: false, refusals };
  }

  const proof = provenSending(request.sendings);
  const bounced = request.sendings.filter((s) => s.undelivered);
  if (
    !request.sendings.some((s) => s.sentAt !== null && (s.status === "sent" || s.status === "undelivered"))
  ) {
    const first = request.sendings[0];
    refusals.push({
      code: "not-sent",
      en: `The request “${request.subject}” was never sent (it is ${first?.status ?? "missing"}): the applicant cannot have failed to answer it.`,
      fr: `La demande « ${request.subject} » n’a jamais été envoyée (état : ${first?.status ?? "absente"}) : le demandeur ne peut pas avoir omis d’y répondre.`,
    });
  } else if (bounced.length > 0 && !proof) {
    refusals.push({
      code: "bounce-unresolved",
      en: `The request “${request.subject}” came back undelivered and has not been sent again (to an updated address, or by paper mail). Send it again before deciding.`,
      fr: `La demande « ${request.subject} » est revenue non livrée et n’a pas été envoyée de nouveau (à une adresse à jour ou par la poste). Renvoyez-la avant de décider.`,
    });
  } else if (!proof) {
    refusals.push({
      code: "no-proof-of-sending",
      en: `The request “${request.subject}” has no proof of sending: no acceptance by the mail server, no archived copy of the email, and no record that a paper letter was mailed.`,
      fr: `La demande « ${request.subject} » n’a aucune preuve d’envoi : ni acceptation par le serveur de courriel, ni copie archivée du courriel, ni inscription de l’envoi postal.`,
    });
  }

  if (!request.dueDate) {
    refusals.push({
      code: "response-date-not-passed",
      en: "The request gives the applicant no response date, so no date has passed.",
      fr: "La demande ne donne aucune date de réponse au demandeur ; aucune date n’est donc passée.",
    });
  } else if (input.today <= request.dueDate) {
    // The whole due day is the applicant's (as in the no-response check): the decision comes after it.
    refusals.push({
      code: "response-date-not-passed",
      en: `The applicant has until ${request.dueDate} to answer; a non-compliance decision can be recorded from the day after.`,
      fr: `Le demandeur a jusqu’au ${request.dueDate} pour répondre ; une décision pour non-conformité peut être inscrite à compter du lendemain.`,
    });
  }

  if (refusals.length > 0) return { allowed: false, refusals };
  return {
    allowed: true,
    legalBasis: citizenship ? "citizenship-act-s13.2" : "irpr-s10",
    proof,
  };
}

/**
 * The latest sending that is proven and did not come back: an email the mail server accepted (or
 * whose sent copy is archived), or a paper letter recorded as mailed. After a bounce, only a later
 * sending counts.
 */
export function provenSending(sendings: readonly RequestSending[]): RequestSending | null {
  const last = sendings.at(-1);
  if (!last || last.undelivered || last.status !== "sent" || !last.sentAt) return null;
  if (last.channel === "paper") return last;
  return last.smtpAccepted || last.archivedCopy ? last : null;
}
