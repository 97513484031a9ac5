/**
 * The automated screening of an eTA application once the applicant's identity is settled (seed 004).
 * Pure: it reads facts already loaded from the client's file and returns the outcome; the caller
 * writes it. A case with no reason to refer is approved at once.
 */
import type { IdentityDecisionKind } from "../identity/identity-record.ts";
import type { UsVisaResult } from "./eta.schema.ts";
import { addYears } from "./eta-validity.ts";

export type ReferralCode =
  | "identity-review"
  | "naturalized-citizen"
  | "permanent-resident"
  | "adverse-information"
  | "expansion-eligibility";

/** One reason a case left the automated flow, and the queue item an officer works it from. */
export interface ReferralReason {
  code: ReferralCode;
  /** The activity and sub-activity the seed names for the officers' search. */
  activity: string;
  subActivity: string | null;
  en: string;
  fr: string;
}

export interface ScreeningFacts {
  /** The client's status in Canada on file (`clients.status_in_canada`). */
  statusInCanada: string;
  adverseInformation: readonly { source: string; recordedOn: string }[];
  temporaryResidentVisas: readonly { issuedOn: string; expiryDate: string | null }[];
  /** The latest US nonimmigrant visa check of the passport made on or before the application day. */
  usVisaCheck: { result: UsVisaResult; checkedOn: string } | null;
}

export interface ScreeningInput {
  identity: IdentityDecisionKind;
  citizenship: string;
  passportCountry: string;
  submittedOn: string;
  facts: ScreeningFacts;
  /** Nationalities the eTA expansion eligibility check applies to (R7.01). */
  expansionNationalities: ReadonlySet<string>;
}

export interface ScreeningOutcome {
  status: "approved" | "referred";
  reasons: ReferralReason[];
}

const DEROGATORY = { activity: "Derogatory information", subActivity: "Client Derogatory Information" };

const SOURCE_WORDS: Record<string, { en: string; fr: string }> = {
  "earlier-application": { en: "an earlier application", fr: "une demande antérieure" },
  "port-of-entry": { en: "a port of entry examination", fr: "un contrôle au point d'entrée" },
  intelligence: { en: "intelligence", fr: "le renseignement" },
};

const US_RESULT_WORDS: Record<UsVisaResult, { en: string; fr: string }> = {
  valid: { en: "valid", fr: "valide" },
  "no-valid-document": { en: "no valid document", fr: "aucun document valide" },
  "lost-stolen": { en: "document lost or stolen", fr: "document perdu ou volé" },
  revoked: { en: "document revoked", fr: "document révoqué" },
  "not-reviewed": { en: "not reviewed", fr: "non examiné" },
};

export function screenEtaApplication(input: ScreeningInput): ScreeningOutcome {
  const reasons: ReferralReason[] = [];
  if (input.identity === "review") {
    reasons.push({
      code: "identity-review",
      activity: "Candidate ID Decision",
      subActivity: null,
      en: "The applicant may be a client already on file: match them to a UCI or confirm a new client.",
      fr: "Le demandeur est peut-être un client déjà inscrit : l'associer à une IUC ou confirmer un nouveau client.",
    });
  }
  const { facts } = input;
  // Seed 004: only citizens by naturalization have a record of their citizenship on file. An eTA is
  // for foreign nationals, who are by definition neither citizens nor permanent residents (IRPA s. 2(1)).
  if (facts.statusInCanada === "citizen-by-naturalization") {
    reasons.push({
      code: "naturalized-citizen",
      ...DEROGATORY,
      en: "The file shows Canadian citizenship granted by naturalization; a citizen cannot hold an eTA.",
      fr: "Le dossier indique une citoyenneté canadienne obtenue par naturalisation; un citoyen ne peut détenir d'AVE.",
    });
  }
  if (facts.statusInCanada === "permanent-resident") {
    reasons.push({
      code: "permanent-resident",
      ...DEROGATORY,
      en: "The file shows permanent resident status; unless it was relinquished, no eTA can be issued.",
      fr: "Le dossier indique le statut de résident permanent; sauf renonciation, aucune AVE ne peut être délivrée.",
    });
  }
  if (facts.adverseInformation.length > 0) {
    const sources = [...new Set(facts.adverseInformation.map((a) => a.source))];
    const words = sources.map((s) => SOURCE_WORDS[s] ?? { en: s, fr: s });
    reasons.push({
      code: "adverse-information",
      ...DEROGATORY,
      en: `Adverse information is on file (from ${words.map((w) => w.en).join(", ")}).`,
      fr: `Des renseignements défavorables figurent au dossier (source : ${words.map((w) => w.fr).join(", ")}).`,
    });
  }
  const expansion = expansionEligibility(input);
  if (expansion) reasons.push(expansion);
  return { status: reasons.length === 0 ? "approved" : "referred", reasons };
}

/**
 * R7.01: a national of a country the expansion applies to may apply for an eTA only if they held a
 * Canadian temporary resident visa at some time in the ten years before the application day, or
 * hold a valid US nonimmigrant visa on that day. Null when eligible or not concerned.
 */
function expansionEligibility(input: ScreeningInput): ReferralReason | null {
  const concerned =
    input.expansionNationalities.has(input.citizenship) ||
    input.expansionNationalities.has(input.passportCountry);
  if (!concerned) return null;
  const windowStart = addYears(input.submittedOn, -10);
  const heldVisa = input.facts.temporaryResidentVisas.some(
    (visa) =>
      visa.issuedOn <= input.submittedOn &&
      (visa.issuedOn >= windowStart || (visa.expiryDate ?? "") >= windowStart),
  );
  if (heldVisa) return null;
  const check = input.facts.usVisaCheck;
  // A check from an earlier day says nothing of the visa "on the day" of the application.
  const result: UsVisaResult | null = check
    ? check.checkedOn === input.submittedOn
      ? check.result
      : "not-reviewed"
    : null;
  if (result === "valid") return null;
  const us = result
    ? US_RESULT_WORDS[result]
    : { en: "no check result on file", fr: "aucun résultat de vérification au dossier" };
  return {
    code: "expansion-eligibility",
    activity: "eTA Expansion Eligibility",
    subActivity: null,
    en: `No Canadian temporary resident visa in the 10 years before the application, and the US nonimmigrant visa check gave: ${us.en}.`,
    fr: `Aucun visa de résident temporaire canadien dans les 10 ans précédant la demande, et la vérification du visa de non-immigrant américain a donné : ${us.fr}.`,
  };
}

/** The expansion nationalities: `DOSSIER_ETA_EXPANSION_NATIONALITIES` (comma-separated) or the May 2017 list of seed 004. */
export function expansionNationalities(env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> {
  const configured = env.DOSSIER_ETA_EXPANSION_NATIONALITIES;
  const list = configured !== undefined ? configured.split(",") : ["BRA", "BGR", "ROU"];
  return new Set(list.map((code) => code.trim().toUpperCase()).filter(Boolean));
}
