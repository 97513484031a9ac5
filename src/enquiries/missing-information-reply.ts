/**
 * The automatic reply to an enquiry that lacks what seed 001 requires. Seed 001 asks offices to
 * "provide clear instructions to clients on what address to use and what information to include",
 * to caution them that email is not a secure channel, to give the office's name and address in
 * every email reply, and to protect the privacy of staff: so the reply names each missing item and
 * how to send it, and is signed by the office, never by a person.
 *
 * It repeats nothing the enquirer wrote: until they are identified, the reply may be read by
 * someone other than the applicant (a From address is easy to forge).
 *
 * Pure: the caller sends it from the office's generic mailbox with `Auto-Submitted: auto-replied`
 * (RFC 3834 §5) and pauses the enquiry's clock until the answer comes.
 */
import { AppError } from "../shared/errors.ts";
import type {
  ComposedReply,
  Language,
  MissingField,
  OfficeIdentity,
  RequiredEnquiryField,
  Wording,
} from "./enquiry.schema.ts";
import { emailCaution, officeSignature } from "./reply-signature.ts";

export interface MissingInformationReplyInput {
  language: Language;
  missing: readonly MissingField[];
  office: OfficeIdentity;
  /** The enquiry's reference, kept in the subject so the answer threads onto the enquiry. */
  reference: string;
}

const ITEMS: Record<RequiredEnquiryField, Wording> = {
  enquirerName: { en: "your full name", fr: "votre nom complet" },
  enquirerRole: {
    en: "who you are: the applicant, the applicant's designated individual, the applicant's authorized representative, or a Canadian Member of Parliament",
    fr: "qui vous êtes : la personne qui a présenté la demande, la personne qu'elle a désignée, son représentant autorisé ou sa représentante autorisée, ou un député ou une députée du Parlement du Canada",
  },
  enquirerEmail: {
    en: "an email address at which we can answer you",
    fr: "une adresse courriel à laquelle nous pouvons vous répondre",
  },
  applicantGivenName: { en: "the applicant's given name(s)", fr: "le ou les prénoms du demandeur" },
  applicantFamilyName: { en: "the applicant's family name", fr: "le nom de famille du demandeur" },
  applicantDateOfBirth: { en: "the applicant's date of birth", fr: "la date de naissance du demandeur" },
  fileNumber: {
    en: "the visa office file number (one letter and nine digits, such as V000012345) or the applicant's unique client identifier (UCI)",
    fr: "le numéro de dossier du bureau des visas (une lettre et neuf chiffres, par exemple V000012345) ou l'identificateur unique de client (IUC) du demandeur",
  },
};

const AMBIGUOUS_DATE: Wording = {
  en: "the date you gave can be read two ways; please write the month in letters, for example 12 April 1987",
  fr: "la date indiquée peut se lire de deux façons; veuillez écrire le mois en lettres, par exemple 12 avril 1987",
};
const AMBIGUOUS_NAME: Wording = {
  en: "we could not tell the given names from the family name; please write each on its own line",
  fr: "nous n'avons pas pu distinguer les prénoms du nom de famille; veuillez les écrire chacun sur sa propre ligne",
};
const INVALID_DATE: Wording = {
  en: "the date you gave does not exist; please check it",
  fr: "la date indiquée n'existe pas; veuillez la vérifier",
};
const INVALID_NUMBER: Wording = {
  en: "the number you gave is not a valid file number or UCI; please check it",
  fr: "le numéro indiqué n'est pas un numéro de dossier ni un IUC valide; veuillez le vérifier",
};
const INVALID_EMAIL: Wording = {
  en: "the address you wrote from could not be read",
  fr: "l'adresse d'où vous avez écrit n'a pas pu être lue",
};

function problemNote(item: MissingField): Wording | null {
  if (item.problem === "absent") return null;
  if (item.field === "applicantDateOfBirth")
    return item.problem === "ambiguous" ? AMBIGUOUS_DATE : INVALID_DATE;
  if (item.field === "fileNumber") return INVALID_NUMBER;
  if (item.field === "enquirerEmail") return INVALID_EMAIL;
  return AMBIGUOUS_NAME;
}

const TEXT = {
  en: {
    subject: (reference: string) => `Your enquiry ${reference}: information needed`,
    greeting: "Hello,",
    intro:
      "Thank you for writing to us. Before we can answer, we need the following information, which every enquiry must include:",
    howTo: (reference: string) =>
      `How to send it: reply to this email, keeping the reference ${reference} in the subject, and write each item on its own line, for example:`,
    example: [
      "Full name: …",
      "I am: the applicant",
      "Given name(s): …",
      "Family name: …",
      "Date of birth: 12 April 1987",
      "File number: V000012345",
    ],
    once: "Please send your enquiry by email only, and not also by fax or by mail. We will answer within our published response time once we have this information.",
    cautionAdvice:
      "Send only the information asked for above; do not send passport numbers, scans of identity documents or banking details by email.",
    automatic: "This message was sent automatically; it is not a decision on any application.",
  },
  fr: {
    subject: (reference: string) => `Votre demande de renseignements ${reference} : renseignements manquants`,
    greeting: "Bonjour,",
    intro:
      "Nous vous remercions de votre message. Avant de pouvoir y répondre, nous avons besoin des renseignements suivants, que toute demande doit comprendre :",
    howTo: (reference: string) =>
      `Pour nous les transmettre : répondez au présent courriel en conservant la référence ${reference} dans l'objet, et écrivez chaque renseignement sur sa propre ligne, par exemple :`,
    example: [
      "Nom complet : …",
      "Je suis : la personne qui a présenté la demande",
      "Prénom(s) : …",
      "Nom de famille : …",
      "Date de naissance : 12 avril 1987",
      "Numéro de dossier : V000012345",
    ],
    once: "Veuillez envoyer votre demande par courriel seulement, et non aussi par télécopieur ou par la poste. Nous vous répondrons dans le délai de réponse que nous avons publié dès que nous aurons ces renseignements.",
    cautionAdvice:
      "N'envoyez que les renseignements demandés ci-dessus; n'envoyez pas de numéro de passeport, de copie de pièce d'identité ni de renseignements bancaires par courriel.",
    automatic: "Ce message a été envoyé automatiquement; il ne constitue une décision sur aucune demande.",
  },
} as const;

/**
 * @example missingInformationReply({ language: "fr", reference: "ENQ-2026-000042", office,
 *   missing: [{ field: "applicantDateOfBirth", problem: "ambiguous" }] })
 *   // → { subject: "Votre demande de renseignements ENQ-2026-000042 : renseignements manquants", text: "Bonjour, …" }
 */
export function missingInformationReply(input: MissingInformationReplyInput): ComposedReply {
  if (input.missing.length === 0) {
    throw new AppError(
      "invalid_state",
      "Nothing is missing from this enquiry, so there is nothing to ask for.",
      {
        messageFr: "Il ne manque rien à cette demande de renseignements; il n'y a donc rien à demander.",
      },
    );
  }
  const { language, office, reference } = input;
  const words = TEXT[language];
  const items = input.missing.map((item) => {
    const note = problemNote(item);
    return `  - ${ITEMS[item.field][language]}${note ? ` (${note[language]})` : ""}`;
  });
  const text = [
    words.greeting,
    "",
    words.intro,
    "",
    ...items,
    "",
    words.howTo(reference),
    "",
    ...words.example.map((line) => `  ${line}`),
    "",
    words.once,
    "",
    emailCaution(language, words.cautionAdvice),
    "",
    words.automatic,
    "",
    officeSignature(office, language),
    "",
  ].join("\n");
  return { subject: words.subject(reference), text };
}
