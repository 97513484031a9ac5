import type { IdentityRecord } from "./identity-record.ts";

/** A field the engine compares: every field of a record but its id. */
export type ComparedField = Exclude<keyof IdentityRecord, "id">;

/**
 * One comparison level of a field with its Fellegi-Sunter probabilities: `m`, how often a true
 * match shows this level; `u`, how often two different people do. Its weight is log2(m/u).
 */
export interface LevelProbabilities {
  level: string;
  m: number;
  u: number;
}

export interface FieldModel {
  field: ComparedField;
  /** Best agreement first, "different" last; "missing" is not a level (it weighs nothing). */
  levels: LevelProbabilities[];
  /**
   * Whether the agreeing levels of this field take `u` from how often the value occurs among the
   * clients on file (term-frequency adjustment): two people called Nguyen agree more often by
   * chance than two people called Vandersteen.
   */
  termFrequency?: boolean;
}

/** The m and u probabilities of every field: configured (see default-identity-model.ts) or estimated by EM. */
export interface IdentityModel {
  fields: FieldModel[];
}

export interface IdentityModelOptions {
  model?: IdentityModel;
  /** Match probability at or above which an incoming record is matched without an officer. Default 0.99. */
  matchProbability?: number;
  /**
   * Match probability at or above which a candidate goes to an officer's review. Default 0.5: below
   * it the applicant is more likely someone else, and officers' time goes to the doubtful cases.
   */
  reviewProbability?: number;
  /** Candidates listed with a review decision. Default 5. */
  maxCandidates?: number;
  /** Blocks holding more clients than this are not read (a birthday shared by 50,000 people finds no one). Default 2,000. */
  blockCap?: number;
  /**
   * Clients needed on file before term frequencies are read from them; below it the model's own
   * `u` is used, as counts from a handful of records say nothing. Default 1,000.
   */
  termFrequencyMinBase?: number;
}

/** Fields in the order the engine compares them. */
export const COMPARED_FIELDS: readonly ComparedField[] = [
  "givenName",
  "familyName",
  "dateOfBirth",
  "sex",
  "countryOfBirth",
  "documentNumber",
  "street",
  "city",
  "postalCode",
  "region",
  "email",
];

export const NAME_LEVELS = [
  "exact",
  "variant",
  "compound",
  "jaro-winkler-0.94",
  "phonetic",
  "jaro-winkler-0.88",
  "different",
] as const;
export const DATE_LEVELS = [
  "exact",
  "transposed-day-month",
  "adjacent-day",
  "one-digit-off",
  "same-year",
  "different",
] as const;
export const DOCUMENT_LEVELS = ["exact", "edit-distance-1", "edit-distance-2", "different"] as const;
export const TEXT_LEVELS = ["exact", "jaro-winkler-0.9", "different"] as const;
export const POSTAL_LEVELS = ["exact", "same-area", "different"] as const;
export const CODE_LEVELS = ["exact", "different"] as const;
export const EMAIL_LEVELS = ["exact", "same-local-part", "different"] as const;

/** The levels each field's comparison can give, in the order of its FieldModel's `levels`. */
export const FIELD_LEVELS: Record<ComparedField, readonly string[]> = {
  givenName: NAME_LEVELS,
  familyName: NAME_LEVELS,
  dateOfBirth: DATE_LEVELS,
  sex: CODE_LEVELS,
  countryOfBirth: CODE_LEVELS,
  documentNumber: DOCUMENT_LEVELS,
  street: TEXT_LEVELS,
  city: TEXT_LEVELS,
  postalCode: POSTAL_LEVELS,
  region: CODE_LEVELS,
  email: EMAIL_LEVELS,
};

/** log2(m/u), the weight a level adds to the match score. */
export function levelWeight(level: LevelProbabilities): number {
  return Math.log2(level.m / level.u);
}
