/**
 * Whether a reply to an enquirer may contain the applicant's personal information. Seed 001: offices
 * must "have written consent to release personal information to third parties" and "ensure client
 * is adequately identified before any personal information is released". An enquirer is identified
 * when the address they wrote from is one the file already holds for someone entitled to it:
 * - the applicant's own email on file;
 * - the email of the representative on the IMM 5476 in force that day;
 * - the email of a designated individual whose written consent is on file.
 * Anyone else, a Member of Parliament included, gets general information only.
 *
 * The address is compared, never the name: a name is easy to know, the file's own address is not.
 */
import { type RepresentativeFact, representativeInForce } from "../correspondence/resolve-recipient.ts";
import type { EnquirerRole, Wording } from "./enquiry.schema.ts";

export interface DesignatedIndividualFact {
  name: string;
  email: string | null;
  /** The applicant's written consent to release information to this person is on file. */
  writtenConsent: boolean;
}

export interface ReleaseCheckInput {
  enquirer: { email: string; roleClaimed: EnquirerRole | null };
  file: {
    /** The applicant's current email address(es) on file. */
    applicantEmails: readonly string[];
    representatives: readonly RepresentativeFact[];
    designatedIndividuals: readonly DesignatedIndividualFact[];
  };
  /** The day of the reply in the office's time zone (YYYY-MM-DD), for the IMM 5476 in force. */
  onDate: string;
}

export type ReleaseDecision =
  | { mayRelease: true; as: "applicant" | "representative" | "designated-individual"; reason: Wording }
  | { mayRelease: false; generalInformationOnly: true; reason: Wording };

/**
 * @example releaseCheck({ enquirer: { email: "anh.nguyen@example.com", roleClaimed: "applicant" },
 *   file: { applicantEmails: ["Anh.Nguyen@example.com"], representatives: [], designatedIndividuals: [] },
 *   onDate: "2026-03-02" })
 *   // → { mayRelease: true, as: "applicant", reason: { en: "The enquirer wrote from the applicant's email on file.", … } }
 */
export function releaseCheck(input: ReleaseCheckInput): ReleaseDecision {
  const email = normalise(input.enquirer.email);
  const { file, onDate } = input;

  if (email && file.applicantEmails.some((a) => normalise(a) === email)) {
    return {
      mayRelease: true,
      as: "applicant",
      reason: {
        en: "The enquirer wrote from the applicant's email on file.",
        fr: "La personne a écrit depuis le courriel du demandeur inscrit au dossier.",
      },
    };
  }

  const representative = representativeInForce(file.representatives, onDate);
  if (email && representative && normalise(representative.email) === email) {
    return {
      mayRelease: true,
      as: "representative",
      reason: {
        en: `The enquirer wrote from the email of ${representative.name}, representative on the IMM 5476 in force on ${onDate}.`,
        fr: `La personne a écrit depuis le courriel de ${representative.name}, représentant selon le formulaire IMM 5476 en vigueur le ${onDate}.`,
      },
    };
  }

  const designated = file.designatedIndividuals.find((d) => email && normalise(d.email) === email);
  if (designated?.writtenConsent) {
    return {
      mayRelease: true,
      as: "designated-individual",
      reason: {
        en: `The enquirer wrote from the email of ${designated.name}, a designated individual whose written consent is on file.`,
        fr: `La personne a écrit depuis le courriel de ${designated.name}, personne désignée dont le consentement écrit est au dossier.`,
      },
    };
  }

  return { mayRelease: false, generalInformationOnly: true, reason: whyNot(input, email, designated) };
}

function whyNot(
  input: ReleaseCheckInput,
  email: string,
  designated: DesignatedIndividualFact | undefined,
): Wording {
  if (designated) {
    return {
      en: `${designated.name} is named as a designated individual, but no written consent is on file: general information only.`,
      fr: `${designated.name} est nommé comme personne désignée, mais aucun consentement écrit n'est au dossier : renseignements généraux seulement.`,
    };
  }
  const formerRepresentative = input.file.representatives.find((r) => email && normalise(r.email) === email);
  if (formerRepresentative) {
    return {
      en: `The IMM 5476 naming ${formerRepresentative.name} is not the one in force on ${input.onDate}: general information only.`,
      fr: `Le formulaire IMM 5476 qui nomme ${formerRepresentative.name} n'est pas celui en vigueur le ${input.onDate} : renseignements généraux seulement.`,
    };
  }
  switch (input.enquirer.roleClaimed) {
    case "member-of-parliament":
      return {
        en: "A Member of Parliament receives personal information only with the applicant's written consent on file: general information only.",
        fr: "Un député ne reçoit de renseignements personnels qu'avec le consentement écrit du demandeur au dossier : renseignements généraux seulement.",
      };
    case "representative":
      return {
        en: "No IMM 5476 in force on the file gives this email: general information only until the form is received.",
        fr: "Aucun formulaire IMM 5476 en vigueur au dossier ne donne ce courriel : renseignements généraux seulement jusqu'à sa réception.",
      };
    case "applicant":
      return {
        en: "This email is not the applicant's email on file: general information only; the applicant may write from the address on file.",
        fr: "Ce courriel n'est pas celui du demandeur inscrit au dossier : renseignements généraux seulement; le demandeur peut écrire depuis l'adresse au dossier.",
      };
    default:
      return {
        en: "The enquirer's email matches no one entitled to the file's information: general information only.",
        fr: "Le courriel de la personne ne correspond à aucune personne autorisée à recevoir les renseignements du dossier : renseignements généraux seulement.",
      };
  }
}

/**
 * Compared without case: RFC 5321 lets the part before @ be case-sensitive, but no mail service
 * that clients use treats it so, and a refusal over "Anh.Nguyen" against "anh.nguyen" helps no one.
 */
function normalise(email: string | null | undefined): string {
  return (email ?? "").trim().toLowerCase();
}
