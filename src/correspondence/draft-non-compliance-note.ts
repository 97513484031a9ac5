/**
 * The note seed 000 asks for when a client does not answer by the date they were given:
 *
 *   "An email, [requesting additional documentation or convoking the applicant for an interview],
 *   was sent to the applicant. The applicant was advised that failure to [provide the requested
 *   documentation or attend a scheduled interview] may result in a [refusal or abandonment] of
 *   their application. The applicant [failed to comply with the request or requested an extension
 *   to provide the requested information]."
 *
 * Pure: the caller gives the facts of the request; the officer picks the last sentence.
 */
import type { LetterLanguage } from "../letters/letter-templates.ts";
import type { LineOfBusiness } from "../shared/identifiers.ts";

/** The letters that ask the client for something by a date. */
export const REQUEST_TEMPLATE_IDS = ["request-documents", "interview-convocation"] as const;
export type RequestTemplateId = (typeof REQUEST_TEMPLATE_IDS)[number];

export function isRequestTemplate(templateId: string | null | undefined): templateId is RequestTemplateId {
  return (REQUEST_TEMPLATE_IDS as readonly string[]).includes(templateId ?? "");
}

/** What the applicant did, in the seed's two words: the officer's choice when confirming the note. */
export const NON_COMPLIANCE_OUTCOMES = ["failed-to-comply", "requested-extension"] as const;
export type NonComplianceOutcome = (typeof NON_COMPLIANCE_OUTCOMES)[number];

export interface NonComplianceFacts {
  templateId: RequestTemplateId;
  channel: "email" | "paper";
  lineOfBusiness: LineOfBusiness;
  /** YYYY-MM-DD, in the office's time zone. */
  sentOn: string;
  /** The address it went to: an email address, or a postal address (line breaks allowed). */
  address: string;
  /** The response date of a request, or the interview's date. YYYY-MM-DD. */
  dueDate: string;
  correspondenceId: string;
}

interface Wording {
  sent: (channel: "email" | "paper", what: string) => string;
  what: Record<RequestTemplateId, string>;
  advised: (failure: string, consequence: string) => string;
  failure: Record<RequestTemplateId, string>;
  /** Citizenship Act s. 13.2 abandons a citizenship application; IRPR s. 10 refuses the others. */
  consequence: { refusal: string; abandonment: string };
  outcome: Record<RequestTemplateId, Record<NonComplianceOutcome, string>>;
  /** Both endings, for a draft the officer has not yet decided. */
  undecided: (a: string, b: string) => string;
  reference: (facts: NonComplianceFacts) => string;
}

const WORDING: Record<LetterLanguage, Wording> = {
  en: {
    sent: (channel, what) =>
      `${channel === "email" ? "An email" : "A letter"}, ${what}, was sent to the applicant.`,
    what: {
      "request-documents": "requesting additional documentation",
      "interview-convocation": "convoking the applicant for an interview",
    },
    advised: (failure, consequence) =>
      `The applicant was advised that failure to ${failure} may result in ${consequence} of their application.`,
    failure: {
      "request-documents": "provide the requested documentation",
      "interview-convocation": "attend a scheduled interview",
    },
    consequence: { refusal: "a refusal", abandonment: "an abandonment" },
    outcome: {
      "request-documents": {
        "failed-to-comply": "The applicant failed to comply with the request.",
        "requested-extension": "The applicant requested an extension to provide the requested information.",
      },
      "interview-convocation": {
        "failed-to-comply": "The applicant failed to comply with the request.",
        "requested-extension": "The applicant requested an extension: another date for the interview.",
      },
    },
    undecided: (a, b) => `[${a} | ${b}]`,
    reference: (f) =>
      `${f.channel === "email" ? "Email" : "Letter"} sent on ${f.sentOn} to ${oneLine(f.address)} (correspondence ${f.correspondenceId}); ${
        f.templateId === "request-documents" ? "response requested by" : "interview on"
      } ${f.dueDate}.`,
  },
  fr: {
    sent: (channel, what) =>
      channel === "email"
        ? `Un courriel ${what} a été envoyé au demandeur.`
        : `Une lettre ${what} a été envoyée au demandeur.`,
    what: {
      "request-documents": "demandant des documents supplémentaires",
      "interview-convocation": "convoquant le demandeur à une entrevue",
    },
    advised: (failure, consequence) =>
      `Le demandeur a été avisé que le défaut ${failure} pourrait entraîner ${consequence} de sa demande.`,
    failure: {
      "request-documents": "de fournir les documents demandés",
      "interview-convocation": "de se présenter à l’entrevue prévue",
    },
    consequence: { refusal: "le refus", abandonment: "l’abandon" },
    outcome: {
      "request-documents": {
        "failed-to-comply": "Le demandeur n’a pas donné suite à la demande.",
        "requested-extension":
          "Le demandeur a demandé une prolongation pour fournir les renseignements demandés.",
      },
      "interview-convocation": {
        "failed-to-comply": "Le demandeur n’a pas donné suite à la demande.",
        "requested-extension": "Le demandeur a demandé une prolongation : une autre date d’entrevue.",
      },
    },
    undecided: (a, b) => `[${a} | ${b}]`,
    reference: (f) =>
      `${f.channel === "email" ? "Courriel envoyé" : "Lettre envoyée"} le ${f.sentOn} à ${oneLine(f.address)} (correspondance ${f.correspondenceId}) ; ${
        f.templateId === "request-documents" ? "réponse demandée au plus tard le" : "entrevue le"
      } ${f.dueDate}.`,
  },
};

/**
 * The note in one language. Without an outcome, both endings are shown in brackets: the draft an
 * officer reads before choosing.
 *
 * @example draftNonComplianceNote({ templateId: "request-documents", channel: "email",
 *   lineOfBusiness: "citizenship", sentOn: "2026-03-02", address: "anh.nguyen@example.com",
 *   dueDate: "2026-04-01", correspondenceId: "…" }, "failed-to-comply", "en")
 *   // → "An email, requesting additional documentation, was sent to the applicant. The applicant was
 *   //    advised that failure to provide the requested documentation may result in an abandonment…"
 */
export function draftNonComplianceNote(
  facts: NonComplianceFacts,
  outcome: NonComplianceOutcome | null,
  language: LetterLanguage,
): string {
  const w = WORDING[language];
  const consequence =
    facts.lineOfBusiness === "citizenship" ? w.consequence.abandonment : w.consequence.refusal;
  const endings = w.outcome[facts.templateId];
  const ending = outcome
    ? endings[outcome]
    : w.undecided(endings["failed-to-comply"], endings["requested-extension"]);
  return [
    [
      w.sent(facts.channel, w.what[facts.templateId]),
      w.advised(w.failure[facts.templateId], consequence),
      ending,
    ].join(" "),
    w.reference(facts),
  ].join("\n\n");
}

function oneLine(address: string): string {
  return address
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(", ");
}
