/**
 * The facts behind a claim "I never received the email" (seed 000, "Reconsideration or
 * reactivation on the basis of no email correspondence received"). Pure: the loader
 * (`loadNonReceiptFacts`) reads the file; this says what the facts show.
 *
 * The seed puts the risk on the applicant once the office proves the email went to "the most up to
 * date email address provided by the applicant" and nothing bounced. It is the office's error when
 * the request was not sent, was sent to an address the applicant had already replaced (the seed's
 * citizenship example of an administrative error), or came back undelivered and was never sent again
 * (the seed's bounce procedure: resend to the updated address, or by paper mail).
 */
import type { LineOfBusiness } from "../shared/identifiers.ts";

export interface SendingFacts {
  correspondenceId: string;
  channel: "email" | "paper";
  status: string;
  /** ISO instant, or null when it never left. */
  sentAt: string | null;
  address: string | null;
  /** The address the file named for this correspondence at the moment it was sent; null if none. */
  addressOnFileThen: string | null;
  /** Whether `address` was that address (null when the request was not sent). */
  mostRecentAddress: boolean | null;
  /** The proof of sending is on the record (mail server acceptance, archived copy, paper mailed). */
  proven: boolean;
  /** Undelivered notices (bounces) that came back for this sending, found on the record or in the mailbox. */
  undeliveredNotices: number;
}

export interface NonReceiptInput {
  lineOfBusiness: LineOfBusiness;
  request: {
    correspondenceId: string;
    subject: string;
    dueDate: string | null;
    sendings: SendingFacts[];
  } | null;
}

export type OfficeErrorKind = "not-sent" | "superseded-address" | "bounce-not-followed-up";

export interface Finding {
  en: string;
  fr: string;
}

export interface NonReceiptFacts {
  request: NonReceiptInput["request"];
  findings: Finding[];
  /** What the facts show the office did wrong, or null when the request reached the latest address. */
  officeError: (Finding & { kind: OfficeErrorKind }) | null;
  /** Reopen with a new response date (an office error), or decide on the applicant's reasons. */
  proposal: "reopen" | "assess";
  /** Citizenship: reactivated only on an administrative error by the office (seed 000). */
  reopeningAllowed: boolean;
}

/**
 * @example assessNonReceipt({ lineOfBusiness: "citizenship", request: { …, sendings: [{ status: "sent",
 *   address: "old@example.com", addressOnFileThen: "new@example.com", mostRecentAddress: false, … }] } })
 *   // → { officeError: { kind: "superseded-address", … }, proposal: "reopen", reopeningAllowed: true, … }
 */
export function assessNonReceipt(input: NonReceiptInput): NonReceiptFacts {
  const citizenship = input.lineOfBusiness === "citizenship";
  const request = input.request;
  const findings: Finding[] = [];
  let officeError: NonReceiptFacts["officeError"] = null;

  if (!request) {
    officeError = {
      kind: "not-sent",
      en: "The file holds no request for documents or convocation that the decision could rest on: nothing was sent.",
      fr: "Le dossier ne contient aucune demande de documents ni convocation sur laquelle la décision pourrait reposer : rien n’a été envoyé.",
    };
    findings.push(officeError);
  } else {
    const sent = request.sendings.filter((s) => s.sentAt !== null);
    for (const s of request.sendings) findings.push(describeSending(s));
    const last = sent.at(-1);
    if (!last) {
      officeError = {
        kind: "not-sent",
        en: `The request “${request.subject}” was never sent: it is still ${request.sendings[0]?.status ?? "missing"}.`,
        fr: `La demande « ${request.subject} » n’a jamais été envoyée : elle est toujours à l’état ${request.sendings[0]?.status ?? "absente"}.`,
      };
    } else if (last.undeliveredNotices > 0 || last.status === "undelivered") {
      officeError = {
        kind: "bounce-not-followed-up",
        en: `The request came back undelivered (${last.address}) and was not sent again, neither to an updated address nor by paper mail.`,
        fr: `La demande est revenue non livrée (${last.address}) et n’a pas été envoyée de nouveau, ni à une adresse à jour ni par la poste.`,
      };
    } else if (last.mostRecentAddress === false && last.addressOnFileThen === null) {
      officeError = {
        kind: "superseded-address",
        en: `The request went to ${last.address}, but at that moment the file held no address the applicant had given for it.`,
        fr: `La demande est partie à ${last.address}, alors qu’à ce moment le dossier ne contenait aucune adresse donnée par le demandeur pour cet envoi.`,
      };
    } else if (last.mostRecentAddress === false) {
      officeError = {
        kind: "superseded-address",
        en: `The request went to ${last.address}, but at that moment the most recent address the applicant had given was ${last.addressOnFileThen}: it was sent to a superseded address.`,
        fr: `La demande est partie à ${last.address}, alors que l’adresse la plus récente donnée par le demandeur était à ce moment ${last.addressOnFileThen} : elle a été envoyée à une adresse remplacée.`,
      };
    } else if (!last.proven) {
      findings.push({
        en: "The sending has no proof on the record (no mail server acceptance, archived copy, or record of mailing); weigh the claim with that in mind.",
        fr: "L’envoi n’a aucune preuve au dossier (ni acceptation du serveur de courriel, ni copie archivée, ni inscription de l’envoi postal) ; évaluez la demande en conséquence.",
      });
    } else {
      findings.push({
        en: "The request went to the most recent address the applicant had given, the mail server accepted it, and nothing came back undelivered: the facts show no office error, and the risk of non-receipt rests with the applicant.",
        fr: "La demande est partie à l’adresse la plus récente donnée par le demandeur, le serveur de courriel l’a acceptée et rien n’est revenu non livré : les faits ne montrent aucune erreur du bureau, et le risque de non-réception incombe au demandeur.",
      });
    }
    if (officeError) findings.push(officeError);
  }

  if (citizenship && !officeError) {
    findings.push({
      en: "Citizenship: an abandoned application is reactivated only on an administrative error by the office, and the facts show none.",
      fr: "Citoyenneté : une demande abandonnée n’est réactivée qu’en cas d’erreur administrative du bureau, et les faits n’en montrent aucune.",
    });
  }
  return {
    request,
    findings,
    officeError,
    proposal: officeError ? "reopen" : "assess",
    reopeningAllowed: !citizenship || officeError !== null,
  };
}

function describeSending(s: SendingFacts): Finding {
  const how = {
    en: s.channel === "email" ? "by email" : "by paper mail",
    fr: s.channel === "email" ? "par courriel" : "par la poste",
  };
  if (!s.sentAt) {
    return {
      en: `Correspondence ${s.correspondenceId} (${how.en}) was not sent; it is ${s.status}.`,
      fr: `La correspondance ${s.correspondenceId} (${how.fr}) n’a pas été envoyée ; elle est à l’état ${s.status}.`,
    };
  }
  const latest =
    s.mostRecentAddress === null
      ? { en: "", fr: "" }
      : s.mostRecentAddress
        ? {
            en: " That was the most recent address on file then.",
            fr: " C’était l’adresse la plus récente au dossier à ce moment.",
          }
        : {
            en: ` The most recent address on file then was ${s.addressOnFileThen ?? "none"}.`,
            fr: ` L’adresse la plus récente au dossier était alors ${s.addressOnFileThen ?? "aucune"}.`,
          };
  const bounces =
    s.undeliveredNotices > 0
      ? {
          en: ` ${s.undeliveredNotices} undelivered notice(s) came back.`,
          fr: ` ${s.undeliveredNotices} avis de non-livraison sont revenus.`,
        }
      : { en: " No undelivered notice came back.", fr: " Aucun avis de non-livraison n’est revenu." };
  return {
    en: `Correspondence ${s.correspondenceId} was sent ${how.en} on ${s.sentAt} to ${oneLine(s.address)}.${latest.en}${bounces.en}`,
    fr: `La correspondance ${s.correspondenceId} a été envoyée ${how.fr} le ${s.sentAt} à ${oneLine(s.address)}.${latest.fr}${bounces.fr}`,
  };
}

function oneLine(address: string | null): string {
  return (address ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(", ");
}
