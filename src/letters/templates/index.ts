import type { LetterFrame, LetterLanguage, LetterTemplate, LetterTemplates } from "../letter-templates.ts";
import { EN_DECISION_TEMPLATES, EN_FRAME, EN_TEMPLATES } from "./en.ts";
import { FR_DECISION_TEMPLATES, FR_FRAME, FR_TEMPLATES } from "./fr.ts";

export const LETTER_TEMPLATES: { readonly [L in LetterLanguage]: LetterTemplates } = {
  en: EN_TEMPLATES,
  fr: FR_TEMPLATES,
};

export const LETTER_FRAMES: { readonly [L in LetterLanguage]: LetterFrame } = {
  en: EN_FRAME,
  fr: FR_FRAME,
};

export const DECISION_TEMPLATE_IDS = [
  "decision-approval",
  "decision-refusal",
  "decision-abandonment",
  "decision-withdrawal",
] as const;
export type DecisionTemplateId = (typeof DECISION_TEMPLATE_IDS)[number];

/** The decision letters of one language: each template, and the pieces a refusal is built from. */
export type DecisionLetterWording = { readonly [Id in DecisionTemplateId]: LetterTemplate } & {
  readonly nonComplianceParagraph: string;
  readonly channel: { readonly email: string; readonly paper: string };
};

/** Decision letters, by language (see `src/decisions/decision-letter.ts`); one missing in either language does not compile. */
export const DECISION_LETTER_TEMPLATES: { readonly [L in LetterLanguage]: DecisionLetterWording } = {
  en: EN_DECISION_TEMPLATES,
  fr: FR_DECISION_TEMPLATES,
};
