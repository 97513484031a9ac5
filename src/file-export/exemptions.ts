/**
 * Why a restricted note is withheld when a client's file is released. A release names the provision
 * behind each withholding, in the Act the request was made under: the applicant's own request falls
 * under the Privacy Act, anyone else's (with the applicant's consent) under the Access to Information
 * Act. The marker names both, so the same export serves either request. Pure.
 */
import type { Language } from "../evidence/evidence-wording.ts";

export const EXEMPTIONS = ["law-enforcement", "security", "third-party", "solicitor-client"] as const;
export type Exemption = (typeof EXEMPTIONS)[number];

/**
 * Restricted notes are mostly an officer's reasons for suspicion or a pending check: releasing them
 * could harm the enforcement of the Immigration and Refugee Protection Act, the injury both Acts
 * protect (Privacy Act s. 22(1)(b), ATIA s. 16(1)(c)). A note from before exemptions were recorded
 * is withheld under this one.
 */
export const DEFAULT_EXEMPTION: Exemption = "law-enforcement";

const PROVISIONS: Record<Exemption, Record<Language, { privacy: string; access: string }>> = {
  "law-enforcement": {
    en: { privacy: "Privacy Act s. 22(1)(b)", access: "Access to Information Act s. 16(1)(c)" },
    fr: {
      privacy: "Loi sur la protection des renseignements personnels, al. 22(1)b)",
      access: "Loi sur l’accès à l’information, al. 16(1)c)",
    },
  },
  security: {
    en: { privacy: "Privacy Act s. 21", access: "Access to Information Act s. 15(1)" },
    fr: {
      privacy: "Loi sur la protection des renseignements personnels, art. 21",
      access: "Loi sur l’accès à l’information, par. 15(1)",
    },
  },
  "third-party": {
    en: { privacy: "Privacy Act s. 26", access: "Access to Information Act s. 19(1)" },
    fr: {
      privacy: "Loi sur la protection des renseignements personnels, art. 26",
      access: "Loi sur l’accès à l’information, par. 19(1)",
    },
  },
  "solicitor-client": {
    en: { privacy: "Privacy Act s. 27", access: "Access to Information Act s. 23" },
    fr: {
      privacy: "Loi sur la protection des renseignements personnels, art. 27",
      access: "Loi sur l’accès à l’information, art. 23",
    },
  },
};

export function isExemption(value: string | null | undefined): value is Exemption {
  return (EXEMPTIONS as readonly string[]).includes(value ?? "");
}

/** The exemption a restricted note is withheld under: the one recorded, else the default. */
export function exemptionOf(note: { exemption: string | null }): { exemption: Exemption; recorded: boolean } {
  return isExemption(note.exemption)
    ? { exemption: note.exemption, recorded: true }
    : { exemption: DEFAULT_EXEMPTION, recorded: false };
}

/**
 * @example withheldMarker("law-enforcement", "en")
 *   // → "[Withheld under Privacy Act s. 22(1)(b) / Access to Information Act s. 16(1)(c)]"
 */
export function withheldMarker(exemption: Exemption, lang: Language): string {
  const { privacy, access } = PROVISIONS[exemption][lang];
  return lang === "fr"
    ? `[Retenu en vertu de : ${privacy} / ${access}]`
    : `[Withheld under ${privacy} / ${access}]`;
}
