/**
 * English or French, from the words of an enquiry. Seed 001 asks the office to "respond to the
 * client in the official language of the client's choice"; a client who writes in French has made
 * that choice. The rule is a count of common words of each language, so an officer can see why.
 */
import { nameKey } from "../shared/names.ts";
import type { Language } from "./enquiry.schema.ts";

// Short, frequent words that the other language does not use, compared without accents.
const ENGLISH_WORDS = wordSet(`
  the and is are was my your i we you have has with for this that please of to from about
  application thank would dear regards still since what when why how been not received
`);
const FRENCH_WORDS = wordSet(`
  le la les des du et est je nous vous mon ma mes votre avec pour dans une ce cette merci bonjour
  madame monsieur demande dossier depuis toujours pas recu ai suis sont au aux cordialement
`);

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.trim().split(/\s+/));
}

export interface DetectedLanguage {
  language: Language;
  /** How many of each language's common words the text holds. */
  counts: Record<Language, number>;
  reason: string;
}

/**
 * The language with more common words in the text; `fallback` when neither has more.
 *
 * @example detectEnquiryLanguage("Bonjour, je n'ai toujours pas reçu de réponse").language // "fr"
 */
export function detectEnquiryLanguage(text: string, fallback: Language = "en"): DetectedLanguage {
  const counts: Record<Language, number> = { en: 0, fr: 0 };
  // nameKey folds accents and splits "n'ai" into "n ai", so contractions count as their words.
  for (const word of nameKey(text.slice(0, 20_000)).split(" ")) {
    if (ENGLISH_WORDS.has(word)) counts.en++;
    if (FRENCH_WORDS.has(word)) counts.fr++;
  }
  if (counts.en === counts.fr) {
    return {
      language: fallback,
      counts,
      reason: `as many English as French words (${counts.en}); the default, ${fallback}, applies`,
    };
  }
  const language: Language = counts.fr > counts.en ? "fr" : "en";
  return {
    language,
    counts,
    reason: `${counts.fr} common French words against ${counts.en} English ones`,
  };
}
