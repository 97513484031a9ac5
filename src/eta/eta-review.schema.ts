/**
 * Inputs of the manual review of eTA applications and of revalidation (seed 004). The decision
 * form follows the nine steps of a fair decision; every step is required, so a decision without
 * its reasoning cannot be saved.
 */
import { z } from "zod";
import { AppError } from "../shared/errors.ts";
import { zIsoDate, zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { ADVERSE_INFORMATION_SOURCES, CANCELLATION_GROUNDS } from "./eta.schema.ts";

export const ETA_REVIEW_OUTCOMES = ["approve", "refuse", "request-information", "withdraw"] as const;
export type EtaReviewOutcome = (typeof ETA_REVIEW_OUTCOMES)[number];

export const CREDIBILITY = ["credible", "not-credible"] as const;
export const PROBATIVE_VALUES = ["strong", "moderate", "weak", "none"] as const;
export const SUFFICIENCY = ["sufficient", "insufficient"] as const;

/** Step 3: fixed by law for the officer, never chosen (seed 004: more likely than not). */
export const STANDARD_OF_PROOF = "balance-of-probabilities";

/** What the officer picks as the applicant's identity: a candidate's UCI, or a new client. */
export const NEW_CLIENT = "new-client";

const ZEvidence = z
  .object({
    description: zText(1000),
    credibility: z.enum(CREDIBILITY, { message: "must be credible or not-credible" }),
    credibilityReasons: zText(2000),
    probativeValue: z.enum(PROBATIVE_VALUES, { message: `must be one of ${PROBATIVE_VALUES.join(", ")}` }),
    probativeReasons: zText(2000),
  })
  .strict();
export type EtaEvidence = z.output<typeof ZEvidence>;

export const ZEtaReviewDecision = z
  .object({
    requirements: zText(4000),
    facts: zText(4000),
    standardOfProof: z
      .literal(STANDARD_OF_PROOF, { message: `is fixed: ${STANDARD_OF_PROOF}` })
      .default(STANDARD_OF_PROOF),
    evidence: z
      .array(ZEvidence, { message: "must list the relevant evidence" })
      .min(1, "must list at least one piece of evidence")
      .max(20, "must list at most 20 pieces of evidence"),
    sufficiency: z.enum(SUFFICIENCY, { message: "must be sufficient or insufficient" }),
    sufficiencyReasons: zText(2000),
    informationRequested: zText(2000).optional(),
    outcome: z.enum(ETA_REVIEW_OUTCOMES, { message: `must be one of ${ETA_REVIEW_OUTCOMES.join(", ")}` }),
    reasons: zText(8000),
    /** A candidate's UCI or `new-client`; required on an identity referral. */
    identity: z.string().trim().max(20).optional(),
    /** The date the applicant must answer by, for a request of information. */
    responseDate: zIsoDate.optional(),
  })
  .strict();
export type EtaReviewDecisionInput = z.input<typeof ZEtaReviewDecision>;
export type EtaReviewDecisionData = z.output<typeof ZEtaReviewDecision>;

/** The step each field belongs to, so a refusal tells the officer which step is missing. */
const STEP_OF_FIELD: Record<string, { n: number; en: string; fr: string }> = {
  requirements: { n: 1, en: "the requirements and their elements", fr: "les exigences et leurs éléments" },
  facts: { n: 2, en: "the facts to be proven", fr: "les faits à prouver" },
  standardOfProof: { n: 3, en: "the standard of proof", fr: "la norme de preuve" },
  evidence: { n: 4, en: "the relevant evidence", fr: "les éléments de preuve pertinents" },
  description: { n: 4, en: "the relevant evidence", fr: "les éléments de preuve pertinents" },
  credibility: { n: 5, en: "the credibility of the evidence", fr: "la crédibilité de la preuve" },
  credibilityReasons: {
    n: 5,
    en: "the reasons for its credibility",
    fr: "les motifs de la crédibilité",
  },
  probativeValue: { n: 6, en: "the probative value", fr: "la valeur probante" },
  probativeReasons: {
    n: 6,
    en: "the reasons for its probative value",
    fr: "les motifs de la valeur probante",
  },
  sufficiency: { n: 7, en: "whether the evidence is sufficient", fr: "le caractère suffisant de la preuve" },
  sufficiencyReasons: {
    n: 7,
    en: "why the evidence is or is not sufficient",
    fr: "pourquoi la preuve suffit ou non",
  },
  informationRequested: {
    n: 7,
    en: "what to request from the applicant",
    fr: "ce qu'il faut demander au demandeur",
  },
  outcome: { n: 8, en: "the decision", fr: "la décision" },
  reasons: { n: 9, en: "the reasons for the decision", fr: "les motifs de la décision" },
};

/**
 * Parses a decision; a missing or bad step is refused naming the field and the step, in English
 * and French, e.g. "reasons: is required (step 9 of a fair decision: the reasons for the decision)".
 */
export function parseEtaReviewDecision(input: unknown): EtaReviewDecisionData {
  try {
    return validate(ZEtaReviewDecision, input);
  } catch (error) {
    if (!(error instanceof AppError) || !error.field) throw error;
    const last = error.field.split(".").at(-1) ?? error.field;
    const step = STEP_OF_FIELD[last] ?? STEP_OF_FIELD[error.field.split(".")[0] ?? ""];
    if (!step) throw error;
    const rule = error.message.slice(error.field.length + 2);
    throw stepError(error.field, rule, ruleFr(rule), step);
  }
}

/** An error naming the field and the step of a fair decision it belongs to. */
export function stepError(
  field: string,
  rule: string,
  ruleInFrench: string,
  step: { n: number; en: string; fr: string } = STEP_OF_FIELD[field.split(".").at(-1) ?? field]!,
): AppError {
  return new AppError("invalid_input", `${field}: ${rule} (step ${step.n} of a fair decision: ${step.en})`, {
    field,
    messageFr: `${field} : ${ruleInFrench} (étape ${step.n} d'une décision équitable : ${step.fr})`,
  });
}

function ruleFr(rule: string): string {
  if (rule === "is required") return "est obligatoire";
  if (rule === "must list at least one piece of evidence")
    return "doit énumérer au moins un élément de preuve";
  const max = /^must be at most (\d+) characters$/.exec(rule);
  if (max) return `doit compter au plus ${max[1]} caractères`;
  const oneOf = /^must be one of (.+)$/.exec(rule);
  if (oneOf) return `doit être l'une des valeurs suivantes : ${oneOf[1]}`;
  if (rule === "must be credible or not-credible") return "doit être credible ou not-credible";
  if (rule === "must be sufficient or insufficient") return "doit être sufficient ou insufficient";
  return rule;
}

export const ZRecordRelinquishment = z
  .object({
    answer: z.enum(["relinquished", "declined"], { message: "must be relinquished or declined" }),
    answeredOn: zIsoDate,
    details: zText(2000),
  })
  .strict();
export type RecordRelinquishmentInput = z.input<typeof ZRecordRelinquishment>;

export const ZRecordAdverseInformation = z
  .object({
    source: z.enum(ADVERSE_INFORMATION_SOURCES, {
      message: `must be one of ${ADVERSE_INFORMATION_SOURCES.join(", ")}`,
    }),
    recordedOn: zIsoDate.optional(),
    details: zText(4000),
  })
  .strict();
export type RecordAdverseInformationInput = z.input<typeof ZRecordAdverseInformation>;

export const REVALIDATION_DECISIONS = ["cancel", "keep", "info-alert"] as const;
export type RevalidationDecision = (typeof REVALIDATION_DECISIONS)[number];

export const ZDecideRevalidation = z
  .object({
    decision: z.enum(REVALIDATION_DECISIONS, {
      message: `must be one of ${REVALIDATION_DECISIONS.join(", ")}`,
    }),
    /** R12.06 ground: required to cancel. */
    ground: z
      .enum(CANCELLATION_GROUNDS, { message: `must be one of ${CANCELLATION_GROUNDS.join(", ")}` })
      .optional(),
    notes: zText(4000),
  })
  .strict();
export type DecideRevalidationInput = z.input<typeof ZDecideRevalidation>;
