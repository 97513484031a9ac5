/**
 * The file-wide evidence package's facts and its findings, one sentence per letter sent, in
 * English and French. Pure: the same facts always read the same way.
 */
import type { EvidenceFacts } from "./evidence.schema.ts";
import { formatInstant, type Language } from "./evidence-wording.ts";

export interface EvidenceLetter {
  id: string;
  subject: string;
  templateId: string | null;
  /** `email` or `paper`. */
  channel: string;
  status: string;
  statusReason: string | null;
  language: Language;
  address: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The date the client was asked to answer by, for a request. */
  responseDueDate: string | null;
  undeliveredAt: string | null;
  /** The proof of sending of an email a mail server accepted; null for paper and unsent email. */
  evidence: EvidenceFacts | null;
}

export interface ApplicationEvidenceFacts {
  kind: "dossier-evidence-for-litigation";
  version: 1;
  generatedAt: string;
  generatedBy: string;
  application: {
    fileNumber: string;
    lineOfBusiness: string;
    status: string;
    statusReason: string | null;
    language: Language;
  };
  client: { uci: string; name: string };
  office: { code: string; nameEn: string; nameFr: string; mailbox: string; timeZone: string };
  /** Every letter the office sent on the file, oldest first. */
  letters: EvidenceLetter[];
  /** Every contact detail the client gave, current and superseded, oldest first. */
  addressHistory: {
    kind: string;
    value: string;
    consentSource: string | null;
    recordedAt: string;
    supersededAt: string | null;
  }[];
  representatives: {
    name: string;
    email: string | null;
    postalAddress: string | null;
    validFrom: string;
    validTo: string | null;
    recordedAt: string;
  }[];
  statements: { en: string[]; fr: string[] };
}

/**
 * @example applicationEvidenceStatements(facts, "en")
 *   // ["3 letters were sent on file V000012345: 2 by email, 1 on paper.",
 *   //  "2026-03-02 10:04:05 EST, “Request for documents”: accepted by the mail server for ana@…; …"]
 */
export function applicationEvidenceStatements(facts: ApplicationEvidenceFacts, lang: Language): string[] {
  const t = (iso: string) => formatInstant(iso, facts.office.timeZone, lang);
  const emails = facts.letters.filter((l) => l.channel === "email").length;
  const paper = facts.letters.length - emails;
  const overview =
    facts.letters.length === 0
      ? lang === "fr"
        ? `Aucune lettre n'a été envoyée au dossier ${facts.application.fileNumber}.`
        : `No letter was sent on file ${facts.application.fileNumber}.`
      : lang === "fr"
        ? `${facts.letters.length} lettre(s) au dossier ${facts.application.fileNumber} : ${emails} par courriel, ${paper} sur papier.`
        : `${facts.letters.length} letter(s) on file ${facts.application.fileNumber}: ${emails} by email, ${paper} on paper.`;
  return [overview, ...facts.letters.map((letter) => letterStatement(letter, lang, t))];
}

function letterStatement(letter: EvidenceLetter, lang: Language, t: (iso: string) => string): string {
  const fr = lang === "fr";
  const head = `${t(letter.createdAt)}, ${fr ? `« ${letter.subject} »` : `“${letter.subject}”`}`;
  const due = letter.responseDueDate
    ? fr
      ? ` Réponse demandée au plus tard le ${letter.responseDueDate}.`
      : ` Answer asked for by ${letter.responseDueDate}.`
    : "";
  if (letter.evidence) {
    const e = letter.evidence;
    const address =
      e.recipient.verdict === "identical"
        ? fr
          ? "c'était l'adresse la plus récente au dossier à ce moment"
          : "it was the most recent address on file at that moment"
        : e.recipient.verdict === "different"
          ? fr
            ? `le dossier indiquait alors une autre adresse (${e.recipient.addressOnFile ?? "—"})`
            : `the file named another address at that moment (${e.recipient.addressOnFile ?? "—"})`
          : fr
            ? "le dossier ne contenait alors aucune adresse courriel donnée avec consentement"
            : "the file held no email address given with consent at that moment";
    const notices = e.undeliveredSearch.notices.length;
    const bounce =
      notices === 0
        ? fr
          ? "aucun avis de non-remise n'est revenu"
          : "no undelivered notice came back"
        : fr
          ? `${notices} avis de non-remise sont revenus`
          : `${notices} undelivered notice(s) came back`;
    return fr
      ? `${head} : accepté par le serveur de courriel pour ${e.recipient.addressUsed} le ${t(e.correspondence.sentAt ?? letter.createdAt)}; ${address}; ${bounce}.${due}`
      : `${head}: accepted by the mail server for ${e.recipient.addressUsed} at ${t(e.correspondence.sentAt ?? letter.createdAt)}; ${address}; ${bounce}.${due}`;
  }
  const why = letter.statusReason ? ` (${letter.statusReason})` : "";
  if (letter.channel === "paper") {
    return letter.status === "sent" && letter.sentAt
      ? fr
        ? `${head} : lettre papier postée le ${t(letter.sentAt)}.${due}`
        : `${head}: paper letter mailed at ${t(letter.sentAt)}.${due}`
      : fr
        ? `${head} : lettre papier non postée (statut ${letter.status}${why}).${due}`
        : `${head}: paper letter not mailed (status ${letter.status}${why}).${due}`;
  }
  return fr
    ? `${head} : courriel jamais accepté par un serveur de courriel (statut ${letter.status}${why}); il n'y a pas d'envoi à prouver.${due}`
    : `${head}: email never accepted by a mail server (status ${letter.status}${why}); there is no sending to prove.${due}`;
}
