/** Inputs of the decisions domain, shared by the pages, the API and the tests. */
import { z } from "zod";
import { zIsoDate, zLine, zText } from "../shared/schemas.ts";

export const DECISION_OUTCOMES = ["approved", "refused", "abandoned", "withdrawn"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/**
 * Why a refusal is made: on its merits (the officer's grounds), or because the applicant did not
 * answer a request (IRPR s. 10). An abandonment is always for non-compliance (Citizenship Act s. 13.2).
 */
export const REFUSAL_BASES = ["merits", "non-compliance"] as const;
export type RefusalBasis = (typeof REFUSAL_BASES)[number];

/** The statutes a non-compliance decision rests on, as stored in `decisions.legal_basis`. */
export const LEGAL_BASES = ["citizenship-act-s13.2", "irpr-s10"] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** IRPA s. 72(2)(b): the leave deadline depends on where the matter arose. */
export const ARISING = ["canada", "outside"] as const;

/** The inadmissibility grounds that, under IRPA s. 64, close the appeal to the IAD (and the 5-year bar of s. 40). */
export const INADMISSIBILITY_GROUNDS = [
  "serious-criminality",
  "organized-criminality",
  "security",
  "human-rights",
  "misrepresentation",
] as const;

/** A form sends "" for a field left empty: the same as leaving it out. */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

export const ZRecordDecision = z.object({
  outcome: z.enum(DECISION_OUTCOMES, { message: `must be one of ${DECISION_OUTCOMES.join(", ")}` }),
  basis: optional(z.enum(REFUSAL_BASES, { message: `must be one of ${REFUSAL_BASES.join(", ")}` })),
  /** The reasons given to the applicant in the letter; required for a refusal or an abandonment. */
  grounds: optional(zText(20_000)),
  /** The decision maker's reasons for the file (a note); always required. */
  rationale: zText(20_000),
  /** The request for documents or convocation the applicant did not answer (non-compliance only). */
  requestCorrespondenceId: optional(z.uuid({ message: "must be a correspondence id (a UUID)" })),
  arising: optional(z.enum(ARISING, { message: `must be one of ${ARISING.join(", ")}` })),
  inadmissibilityGround: optional(
    z.enum(INADMISSIBILITY_GROUNDS, { message: `must be one of ${INADMISSIBILITY_GROUNDS.join(", ")}` }),
  ),
  /** Approval letters say what happens next; withdrawal letters the date the client asked. */
  nextSteps: optional(zText(5_000)),
  withdrawalRequestDate: optional(zIsoDate),
});
export type RecordDecisionInput = z.input<typeof ZRecordDecision>;

export const RECONSIDERATION_CHANNELS = ["web-form", "enquiry", "by-hand"] as const;
export const RECONSIDERATION_GROUNDS = ["non-receipt", "other"] as const;
export type ReconsiderationGroundsKind = (typeof RECONSIDERATION_GROUNDS)[number];

/** Free text of a form: one eDoc id per line or separated by commas; the API may send an array. */
const zEdocIds = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(/[\s,]+/)
          .map((id) => id.trim())
          .filter(Boolean)
      : (value ?? []),
  z.array(z.uuid({ message: "must be eDoc ids (UUIDs)" })).max(50, "must list at most 50 eDocs"),
);

export const ZRecordReconsideration = z.object({
  requestedBy: zLine(200),
  receivedOn: zIsoDate,
  channel: z.enum(RECONSIDERATION_CHANNELS, {
    message: `must be one of ${RECONSIDERATION_CHANNELS.join(", ")}`,
  }),
  enquiryReference: optional(zLine(40)),
  groundsKind: z.enum(RECONSIDERATION_GROUNDS, {
    message: `must be one of ${RECONSIDERATION_GROUNDS.join(", ")}`,
  }),
  grounds: zText(20_000),
  documentEdocIds: zEdocIds,
});
export type RecordReconsiderationInput = z.input<typeof ZRecordReconsideration>;

export const RECONSIDERATION_OUTCOMES = ["reopen", "maintain"] as const;

export const ZDecideReconsideration = z.object({
  outcome: z.enum(RECONSIDERATION_OUTCOMES, {
    message: `must be one of ${RECONSIDERATION_OUTCOMES.join(", ")}`,
  }),
  rationale: zText(20_000),
  newResponseDate: optional(zIsoDate),
});
export type DecideReconsiderationInput = z.input<typeof ZDecideReconsideration>;
