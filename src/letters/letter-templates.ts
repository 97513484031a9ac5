/**
 * The shape every language's templates must have. `en.ts` and `fr.ts` are declared with
 * `satisfies LetterTemplates`, so a template present in one language and missing (or misspelt) in the
 * other does not compile: every letter exists in English and French (DESIGN, conventions).
 */
import type { LineOfBusiness } from "../shared/identifiers.ts";

/** Every letter an officer can send, in the seed's words (seed 000, "Mandatory practices…", "File transfers"). */
export const LETTER_TEMPLATE_IDS = [
  "request-documents",
  "interview-convocation",
  "approval",
  "refusal",
  "file-transfer",
  "withdrawal",
  "free-text",
] as const;
export type LetterTemplateId = (typeof LETTER_TEMPLATE_IDS)[number];

export type LetterLanguage = "en" | "fr";

/**
 * A subject line and a plain-text body with `{{placeholder}}` slots. Plain text only: the HTML
 * version is derived from the filled text, so a template can never smuggle markup in.
 */
export interface LetterTemplate {
  readonly subject: string;
  readonly body: string;
}

export type LetterTemplates = { readonly [Id in LetterTemplateId]: LetterTemplate };

/** The wording around every template: sign-off, email caution, labels. Also complete in each language. */
export interface LetterFrame {
  /** Sign-off of an email; carries the office's name and postal address (there is no letterhead). */
  readonly closingEmail: string;
  /** Sign-off of a paper letter; the letterhead already carries the office's postal address. */
  readonly closingPaper: string;
  /** Seed 000: email is sent from the office's generic mailbox; the client needs to know it is not secure and how to answer. */
  readonly emailCaution: string;
  readonly referenceLine: string;
  /** "Page {{page}} of {{pages}}" at the foot of each printed page. */
  readonly pageNumber: string;
  /** Completes "your … application"; French carries its own preposition ("de", "d’"). */
  readonly lineOfBusiness: { readonly [L in LineOfBusiness]: string };
  /**
   * What may happen when a request or a convocation is ignored (seed 000, "Requests for
   * reconsideration"): a citizenship application is declared abandoned (Citizenship Act s. 13.2),
   * any other is refused for non-compliance (IRPR s. 10).
   */
  readonly consequence: { readonly refused: string; readonly abandoned: string };
  /** Names each letter in error messages: "responseDate: is required for a request for additional documents". */
  readonly templateLabel: { readonly [Id in LetterTemplateId]: string };
  /** "is required for {{letter}}" */
  readonly requiredFor: string;
}
