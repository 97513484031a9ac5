import type { LetterFrame, LetterLanguage, LetterTemplates } from "../letter-templates.ts";
import { EN_FRAME, EN_TEMPLATES } from "./en.ts";
import { FR_FRAME, FR_TEMPLATES } from "./fr.ts";

export const LETTER_TEMPLATES: { readonly [L in LetterLanguage]: LetterTemplates } = {
  en: EN_TEMPLATES,
  fr: FR_TEMPLATES,
};

export const LETTER_FRAMES: { readonly [L in LetterLanguage]: LetterFrame } = {
  en: EN_FRAME,
  fr: FR_FRAME,
};
