/**
 * Which outcome an officer may give a referred eTA application, and the note that records the
 * decision (seed 004). Pure: the operation loads the facts and writes what these return.
 */
import { AppError } from "../shared/errors.ts";
import type { EtaNoticeKind } from "./eta-notice-letter.ts";
import {
  type EtaReviewDecisionData,
  type EtaReviewOutcome,
  NEW_CLIENT,
  STANDARD_OF_PROOF,
  stepError,
} from "./eta-review.schema.ts";
import type { ReferralCode } from "./screen-eta-application.ts";

export interface ReviewFacts {
  status: string;
  referralCodes: readonly ReferralCode[];
  /** UCIs of the identity candidates shown to the officer. */
  candidateUcis: readonly string[];
  /** The answer recorded to a request to relinquish permanent resident status, if any. */
  relinquishment: "relinquished" | "declined" | "no-reply" | "pending" | null;
  today: string;
  /**
   * Reasons the automated screening gives once the applicant is matched to the chosen UCI, that
   * were not among the referral's: the next automated activity of seed 004's identity procedure.
   */
  reasonsOnMatch?: readonly { en: string; fr: string }[];
}

/**
 * Throws the first reason the decision cannot be recorded, naming the field; returns the letter
 * the outcome sends (null for an approval: the eTA itself is the answer).
 */
export function checkReviewDecision(data: EtaReviewDecisionData, facts: ReviewFacts): EtaNoticeKind | null {
  if (facts.status !== "referred") {
    throw new AppError(
      "invalid_state",
      `outcome: the application is ${facts.status}; only a referred application is decided on review`,
      {
        field: "outcome",
        messageFr: `outcome : la demande est au statut ${facts.status}; seule une demande renvoyée est décidée à l'examen`,
      },
    );
  }
  const codes = new Set(facts.referralCodes);
  // Seed 004: the officer matches the applicant to a UCI or creates a new client as part of deciding.
  if (codes.has("identity-review") && data.outcome !== "request-information") {
    if (!data.identity) {
      throw new AppError(
        "invalid_input",
        "identity: is required on an identity referral: choose a candidate's UCI or new-client",
        {
          field: "identity",
          messageFr:
            "identity : est obligatoire pour un renvoi d'identité : choisissez l'IUC d'un candidat ou new-client",
        },
      );
    }
    if (data.identity !== NEW_CLIENT && !facts.candidateUcis.includes(data.identity)) {
      throw new AppError(
        "invalid_input",
        `identity: must be new-client or the UCI of a candidate (${facts.candidateUcis.join(", ") || "none"})`,
        {
          field: "identity",
          messageFr: `identity : doit être new-client ou l'IUC d'un candidat (${facts.candidateUcis.join(", ") || "aucun"})`,
        },
      );
    }
  }
  if (data.outcome === "request-information") {
    if (!data.informationRequested) {
      throw stepError(
        "informationRequested",
        "is required to request information",
        "est obligatoire pour demander des renseignements",
      );
    }
    if (!data.responseDate || data.responseDate <= facts.today) {
      throw new AppError(
        "invalid_input",
        `responseDate: must be a date after today (${facts.today}) for the applicant to answer by`,
        {
          field: "responseDate",
          messageFr: `responseDate : doit être une date postérieure à aujourd'hui (${facts.today}), date limite de réponse`,
        },
      );
    }
    return codes.has("permanent-resident") && facts.relinquishment === null
      ? "request-relinquishment"
      : "request-information";
  }
  if (data.outcome === "withdraw") {
    if (codes.has("naturalized-citizen")) return "withdrawn-citizen";
    if (codes.has("permanent-resident")) return "withdrawn-permanent-resident";
    throw new AppError(
      "invalid_state",
      "outcome: withdraw is only for an applicant referred as a Canadian citizen or permanent resident",
      {
        field: "outcome",
        messageFr:
          "outcome : le retrait ne vise qu'un demandeur renvoyé comme citoyen canadien ou résident permanent",
      },
    );
  }
  if (data.outcome === "approve") {
    // Step 8: without sufficient evidence for each requirement the officer cannot grant the eTA.
    if (data.sufficiency !== "sufficient") {
      throw stepError(
        "sufficiency",
        "must be sufficient to approve; request information or refuse instead",
        "doit être sufficient pour approuver; demandez des renseignements ou refusez",
      );
    }
    // The matched client's own file was never weighed: it must be reviewed before an eTA is issued.
    const found = facts.reasonsOnMatch ?? [];
    if (found.length > 0) {
      throw new AppError(
        "invalid_state",
        `identity: the client matched brings reasons to review before an eTA can be issued: ${found.map((r) => r.en).join(" ")} Record the match with a request for information, a refusal or a withdrawal, then weigh them.`,
        {
          field: "identity",
          messageFr: `identity : le client associé apporte des motifs à examiner avant toute délivrance d'AVE : ${found.map((r) => r.fr).join(" ")} Enregistrez l'association avec une demande de renseignements, un refus ou un retrait, puis évaluez-les.`,
        },
      );
    }
    // Seed 004: a permanent resident gets an eTA only once the status is relinquished.
    if (codes.has("permanent-resident") && facts.relinquishment !== "relinquished") {
      throw new AppError(
        "invalid_state",
        "outcome: the applicant is a permanent resident on file; record the relinquishment of the status before approving, or withdraw",
        {
          field: "outcome",
          messageFr:
            "outcome : le demandeur est résident permanent au dossier; enregistrez la renonciation au statut avant d'approuver, ou retirez la demande",
        },
      );
    }
    return null;
  }
  return "refused";
}

const OUTCOME_WORDS: Record<"en" | "fr", Record<EtaReviewOutcome, string>> = {
  en: {
    approve: "approved, eTA issued",
    refuse: "refused",
    "request-information": "information requested from the applicant",
    withdraw: "withdrawn",
  },
  fr: {
    approve: "approuvée, AVE délivrée",
    refuse: "refusée",
    "request-information": "renseignements demandés au demandeur",
    withdraw: "retirée",
  },
};

/**
 * The nine steps as one note a court can read from top to bottom (seed 004, step 9), in the
 * officer's language.
 */
export function etaReviewNote(
  locale: "en" | "fr",
  data: EtaReviewDecisionData,
  context: { referrals: string[]; identity: string | null },
): string {
  const fr = locale === "fr";
  const lines: string[] = [];
  lines.push(
    fr
      ? `Examen d'une demande d'AVE — décision : ${OUTCOME_WORDS.fr[data.outcome]}.`
      : `eTA application review — decision: ${OUTCOME_WORDS.en[data.outcome]}.`,
  );
  if (context.referrals.length > 0) {
    lines.push(`${fr ? "Motifs du renvoi" : "Referred because"}: ${context.referrals.join(" ")}`);
  }
  if (context.identity) lines.push(`${fr ? "Identité" : "Identity"}: ${context.identity}`);
  lines.push("");
  lines.push(
    `1. ${fr ? "Exigences et leurs éléments" : "Requirements and their elements"}: ${data.requirements}`,
  );
  lines.push(`2. ${fr ? "Faits à prouver" : "Facts to be proven"}: ${data.facts}`);
  lines.push(
    `3. ${fr ? "Norme de preuve" : "Standard of proof"}: ${
      data.standardOfProof === STANDARD_OF_PROOF
        ? fr
          ? "prépondérance des probabilités (plus probable que non)"
          : "balance of probabilities (more likely than not)"
        : data.standardOfProof
    }`,
  );
  lines.push(
    `4–6. ${fr ? "Preuve, crédibilité et valeur probante" : "Evidence, credibility and probative value"}:`,
  );
  data.evidence.forEach((piece, i) => {
    const credible =
      piece.credibility === "credible"
        ? fr
          ? "crédible"
          : "credible"
        : fr
          ? "non crédible"
          : "not credible";
    lines.push(`   ${i + 1}) ${piece.description}`);
    lines.push(`      ${fr ? "Crédibilité" : "Credibility"}: ${credible} — ${piece.credibilityReasons}`);
    lines.push(
      `      ${fr ? "Valeur probante" : "Probative value"}: ${piece.probativeValue} — ${piece.probativeReasons}`,
    );
  });
  lines.push(
    `7. ${fr ? "Preuve suffisante" : "Sufficiency"}: ${
      data.sufficiency === "sufficient"
        ? fr
          ? "suffisante"
          : "sufficient"
        : fr
          ? "insuffisante"
          : "insufficient"
    } — ${data.sufficiencyReasons}`,
  );
  if (data.informationRequested) {
    lines.push(
      `   ${fr ? "Demandé au demandeur" : "Requested from the applicant"}: ${data.informationRequested}`,
    );
  }
  lines.push(`8. ${fr ? "Décision" : "Decision"}: ${OUTCOME_WORDS[locale][data.outcome]}`);
  lines.push(`9. ${fr ? "Motifs" : "Reasons"}: ${data.reasons}`);
  return lines.join("\n");
}
