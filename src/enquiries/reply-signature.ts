/**
 * What every email the office sends on an enquiry ends with. Seed 001 asks offices to "provide
 * cautions to clients using email … to be aware that email is not a secure channel", to "provide
 * IRCC identifiers in email replies (that is, office name and address)" and to "protect the privacy
 * of IRCC staff": so a reply closes with the caution, then the office's name, postal address and
 * generic mailbox, and never with the name of the person who wrote it.
 *
 * Pure: no I/O. Shared by the automatic request for missing information and the officers' replies.
 */
import type { Language, OfficeIdentity, Wording } from "./enquiry.schema.ts";

const NOT_SECURE: Wording = {
  en: "Caution: email is not a secure channel.",
  fr: "Mise en garde : le courriel n'est pas un moyen de communication sécurisé.",
};

/**
 * The caution, followed by the advice that fits the message.
 *
 * @example emailCaution("en", "Do not send banking details by email.")
 *   // → "Caution: email is not a secure channel. Do not send banking details by email."
 */
export function emailCaution(language: Language, advice: string): string {
  return `${NOT_SECURE[language]} ${advice}`.trim();
}

/**
 * The office's signature: its name in the reply's language, its postal address and its generic
 * mailbox, one per line.
 *
 * @example officeSignature(ottawa, "fr") // "Bureau des migrations d'Ottawa\n365 Laurier Avenue West\n…\nottawa@…"
 */
export function officeSignature(office: OfficeIdentity, language: Language): string {
  const name = language === "fr" ? office.nameFr : office.nameEn;
  return [name, office.postalAddress.trim(), office.mailboxEmail].join("\n");
}
