/**
 * The category of an enquiry in seed 001's table, and the queue that answers it, from the words
 * of the enquiry. The rules are data (administrators edit them, officers correct the result), and
 * every result says which words decided it.
 *
 * Scoring: each rule scores the number of words in the phrases of it that the enquiry contains,
 * so "biometric requirement" (two words) outweighs "complain" (one); a tie goes to the rule listed
 * first. Matching ignores case, accents and punctuation, and is whole words only.
 */
import { nameKey } from "../shared/names.ts";
import { validate } from "../shared/validate.ts";
import {
  CATEGORY_NAMES,
  type CategoryRule,
  type CategoryRulesInput,
  type EnquiryCategory,
  type EnquiryQueue,
  type Language,
  type Wording,
  ZCategoryRules,
} from "./enquiry.schema.ts";

/**
 * Seed 001's contacts: case-specific and local-procedure enquiries go to the office's mailbox;
 * service complaints and biometrics complaints (mistaken identity, false matches) to the migration
 * program manager; general procedures and policy to the policy directorate. Listed so that the
 * narrower complaint about biometrics wins a tie over a general one, as the seed's note asks.
 */
export const DEFAULT_CATEGORY_RULES: CategoryRule[] = [
  {
    category: "biometrics-complaint",
    queue: "program-manager",
    en: [
      "mistaken identity",
      "false match",
      "false positive",
      "wrong fingerprints",
      "fingerprints of another person",
      "fingerprints of someone else",
      "matched to another person",
      "matched to someone else",
      "matched with another applicant",
      "RCMP record",
    ],
    fr: [
      "erreur d'identité",
      "fausse correspondance",
      "faux positif",
      "empreintes digitales d'une autre personne",
      "empreintes d'une autre personne",
      "confondu avec une autre personne",
      "dossier de la GRC",
    ],
  },
  {
    category: "service-complaint",
    queue: "program-manager",
    en: [
      "complaint",
      "complain",
      "rude",
      "unprofessional",
      "disrespectful",
      "misconduct",
      "malfeasance",
      "bribe",
      "corruption",
      "discriminated",
      "quality of service",
      "poor service",
    ],
    fr: [
      "plainte",
      "impoli",
      "irrespectueux",
      "manque de professionnalisme",
      "inconduite",
      "faute professionnelle",
      "malversation",
      "pot-de-vin",
      "corruption",
      "discrimination",
      "qualité du service",
      "mauvais service",
    ],
  },
  {
    category: "local-procedures",
    queue: "office-enquiries",
    en: [
      "office hours",
      "opening hours",
      "appointment",
      "book an appointment",
      "pick up my passport",
      "passport pickup",
      "courier",
      "drop off",
      "in person",
      "address of the office",
      "fax number",
      "local procedure",
    ],
    fr: [
      "heures d'ouverture",
      "heures de bureau",
      "rendez-vous",
      "prendre rendez-vous",
      "récupérer mon passeport",
      "service de messagerie",
      "en personne",
      "adresse du bureau",
      "numéro de télécopieur",
      "procédure locale",
    ],
  },
  {
    category: "case-specific",
    queue: "office-enquiries",
    en: [
      "my application",
      "my file",
      "application status",
      "status of my",
      "decision",
      "refused",
      "refusal",
      "procedural fairness",
      "interview",
      "medical exam",
      "passport request",
      "still waiting",
      "no news",
      "my client",
      "my constituent",
    ],
    fr: [
      "ma demande",
      "mon dossier",
      "état de ma demande",
      "statut de ma demande",
      "décision",
      "refus",
      "refusée",
      "équité procédurale",
      "entrevue",
      "examen médical",
      "demande de passeport",
      "toujours en attente",
      "aucune nouvelle",
      "mon client",
      "ma cliente",
    ],
  },
  {
    category: "general-policy",
    queue: "policy-directorate",
    en: [
      "processing times",
      "global processing times",
      "policy",
      "immigration levels",
      "levels plan",
      "biometric requirement",
      "biometrics requirement",
      "consistency between offices",
      "selection criteria",
      "general procedure",
    ],
    fr: [
      "délais de traitement",
      "politique",
      "niveaux d'immigration",
      "plan des niveaux",
      "exigence de biométrie",
      "exigence relative à la biométrie",
      "cohérence entre les bureaux",
      "critères de sélection",
      "procédure générale",
    ],
  },
];

export interface MatchedPhrase {
  phrase: string;
  language: Language;
}

export interface EnquiryCategorisation {
  category: EnquiryCategory;
  queue: EnquiryQueue;
  matched: MatchedPhrase[];
  reason: Wording;
}

/** With nothing matched the enquiry stays with the office, whose agents read and correct it. */
const FALLBACK: { category: EnquiryCategory; queue: EnquiryQueue } = {
  category: "case-specific",
  queue: "office-enquiries",
};

/**
 * @example categoriseEnquiry({ subject: "Complaint", text: "The agent at the counter was rude." })
 *   // → { category: "service-complaint", queue: "program-manager", matched: [complaint, rude], … }
 */
export function categoriseEnquiry(input: {
  subject: string;
  text: string;
  rules?: CategoryRulesInput;
}): EnquiryCategorisation {
  const rules = input.rules ? validate(ZCategoryRules, input.rules) : DEFAULT_CATEGORY_RULES;
  const words = ` ${nameKey(`${input.subject}\n${input.text.slice(0, 200_000)}`)} `;
  let best: { rule: CategoryRule; matched: MatchedPhrase[]; score: number } | null = null;
  for (const rule of rules) {
    const matched = matchedPhrases(rule, words);
    const score = matched.reduce((sum, m) => sum + nameKey(m.phrase).split(" ").length, 0);
    if (score > 0 && (!best || score > best.score)) best = { rule, matched, score };
  }
  if (!best) {
    return {
      ...FALLBACK,
      matched: [],
      reason: {
        en: "No rule's words were found; the office's enquiries queue reads it and sets the category.",
        fr: "Aucun mot des règles n'a été trouvé; la file des demandes de renseignements du bureau la lit et en fixe la catégorie.",
      },
    };
  }
  const name = CATEGORY_NAMES[best.rule.category];
  const phrases = best.matched.map((m) => m.phrase);
  return {
    category: best.rule.category,
    queue: best.rule.queue,
    matched: best.matched,
    reason: {
      en: `${capitalise(name.en)}: the enquiry says ${phrases.map((p) => `"${p}"`).join(", ")}.`,
      fr: `${capitalise(name.fr)} : la demande contient ${phrases.map((p) => `« ${p} »`).join(", ")}.`,
    },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function matchedPhrases(rule: CategoryRule, words: string): MatchedPhrase[] {
  const matched: MatchedPhrase[] = [];
  const seen = new Set<string>();
  for (const language of ["en", "fr"] as const) {
    for (const phrase of rule[language]) {
      const key = nameKey(phrase);
      // A word both languages share ("corruption", "décision"/"decision") counts once.
      if (!key || seen.has(key) || !words.includes(` ${key} `)) continue;
      seen.add(key);
      matched.push({ phrase, language });
    }
  }
  return matched;
}
