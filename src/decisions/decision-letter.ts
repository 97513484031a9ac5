/**
 * The text of a decision letter, in the file's language. Pure. The letter goes out through
 * correspondence as a free-text letter (`insertLetter`): the recipient, the channel, the salutation,
 * the sign-off and the proof of sending are those of every other letter.
 */
import { fillPlaceholders } from "../letters/fill-placeholders.ts";
import { formatLetterDate } from "../letters/format-letter-date.ts";
import type { LetterLanguage } from "../letters/letter-templates.ts";
import {
  DECISION_LETTER_TEMPLATES,
  type DecisionTemplateId,
  LETTER_FRAMES,
} from "../letters/templates/index.ts";
import type { LineOfBusiness } from "../shared/identifiers.ts";
import type { DecisionOutcome } from "./decision.schema.ts";

export interface DecisionLetterInput {
  outcome: DecisionOutcome;
  language: LetterLanguage;
  lineOfBusiness: LineOfBusiness;
  grounds: string | undefined;
  nextSteps: string | undefined;
  withdrawalRequestDate: string | undefined;
  /** The unanswered request, for a non-compliance decision. */
  request: { sentOn: string; channel: "email" | "paper"; dueDate: string } | null;
  /** What the applicant may do next (a refusal's or an abandonment's annex); empty for none. */
  recourseAnnex: string;
}

export const DECISION_TEMPLATE_OF: Record<DecisionOutcome, DecisionTemplateId> = {
  approved: "decision-approval",
  refused: "decision-refusal",
  abandoned: "decision-abandonment",
  withdrawn: "decision-withdrawal",
};

/**
 * @example decisionLetter({ outcome: "refused", language: "en", lineOfBusiness: "permanent-residence",
 *   grounds: "The police certificate was not provided.", request: { sentOn: "2026-03-02",
 *   channel: "email", dueDate: "2026-04-01" }, recourseAnnex: "", … })
 *   // → { templateId: "decision-refusal", subject: "Decision on your application: refused", body: "We have completed…" }
 */
export function decisionLetter(input: DecisionLetterInput): {
  templateId: DecisionTemplateId;
  subject: string;
  body: string;
} {
  const wording = DECISION_LETTER_TEMPLATES[input.language];
  const templateId = DECISION_TEMPLATE_OF[input.outcome];
  const template = wording[templateId];
  const date = (iso: string | undefined) => (iso ? formatLetterDate(iso, input.language) : "");
  const requestSlots = {
    requestSentOn: date(input.request?.sentOn),
    requestChannel: input.request ? wording.channel[input.request.channel] : "",
    dueDate: date(input.request?.dueDate),
  };
  const slots: Record<string, string> = {
    lineOfBusiness: LETTER_FRAMES[input.language].lineOfBusiness[input.lineOfBusiness],
    grounds: input.grounds ?? "",
    nextSteps: input.nextSteps ?? "",
    withdrawalRequestDate: date(input.withdrawalRequestDate),
    recourseAnnex: input.recourseAnnex,
    ...requestSlots,
    nonCompliance:
      input.outcome === "refused" && input.request
        ? fillPlaceholders(wording.nonComplianceParagraph, requestSlots)
        : "",
  };
  return {
    templateId,
    subject: fillPlaceholders(template.subject, slots),
    body: fillPlaceholders(template.body, slots)
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
  };
}
