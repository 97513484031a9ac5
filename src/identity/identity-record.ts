/**
 * The shapes the identity engine works with (seed 004, "identity reconciliation"): is this
 * incoming person a client already on file? eTA screening, imports and `dossier identity link`
 * all ask through these types, so the engine can change without them changing.
 */

/** One person as the engine compares them. A field that is not known is null, never "". */
export interface IdentityRecord {
  /** The record's own id: a client id or UCI in the base, an application or line id incoming. */
  id: string;
  givenName: string | null;
  familyName: string | null;
  /** YYYY-MM-DD. */
  dateOfBirth: string | null;
  /** "F", "M" or "X". */
  sex: string | null;
  /** ISO 3166-1 alpha-3 where known, otherwise as given. */
  countryOfBirth: string | null;
  /** Passport or other travel document number. */
  documentNumber: string | null;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  /**
   * Email address, when the form or the file has one (eTA applicants give one; many clients on
   * file have one). Optional, so that callers written before it was compared still build records.
   */
  email?: string | null;
}

/** What the engine concludes about one incoming record. */
export type IdentityDecisionKind = "match" | "review" | "new";

/** How one field of a candidate compared, and what it added to the score (log2 Bayes factor). */
export interface FieldComparison {
  field: Exclude<keyof IdentityRecord, "id">;
  /** The comparison level that held, e.g. "exact", "phonetic", "jaro-winkler-0.92", "transposed-day-month", "different", "missing". */
  level: string;
  weight: number;
}

/** A client on file that may be the incoming person, with the reasons for its score. */
export interface IdentityCandidate {
  baseId: string;
  /** Sum of the field weights plus the prior: the Fellegi-Sunter match weight. */
  score: number;
  /** The match probability the score stands for, 0 to 1. */
  probability: number;
  comparisons: FieldComparison[];
}

export interface IdentityDecision {
  decision: IdentityDecisionKind;
  /** The matched client on "match"; the best candidate on "review"; null on "new". */
  baseId: string | null;
  /** The best candidate's score, or null when there was no candidate. */
  score: number | null;
  /** Ranked, best first; at most a handful. */
  candidates: IdentityCandidate[];
}

/** Clients on file, indexed for blocking, that incoming records are decided against. */
export interface IdentityIndex {
  readonly size: number;
  add(record: IdentityRecord): void;
  decide(incoming: IdentityRecord): IdentityDecision;
}
