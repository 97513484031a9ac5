/**
 * The office's standard responses (seed 001: "acceptable responses include automated replies,
 * standard responses and case-specific replies") and how any reply to an enquiry is written.
 *
 * A standard response is general information: it says nothing of anyone's file, so it may go to
 * any enquirer, identified or not. Each exists in English and French; the enquiry's language
 * chooses which one is sent (seed 001: "respond to the client in the official language of the
 * client's choice"). Pure: no I/O.
 */
import type { ComposedReply, Language, OfficeIdentity, Wording } from "./enquiry.schema.ts";
import { emailCaution, officeSignature } from "./reply-signature.ts";

export const STANDARD_RESPONSE_IDS = [
  "acknowledgement",
  "processing-times",
  "sending-documents",
  "general-procedures",
] as const;
export type StandardResponseId = (typeof STANDARD_RESPONSE_IDS)[number];

export interface StandardResponse {
  /** What officers choose it by. */
  title: Wording;
  /** The paragraphs sent, between the greeting and the caution. */
  paragraphs: { en: readonly string[]; fr: readonly string[] };
}

export const STANDARD_RESPONSES: Record<StandardResponseId, StandardResponse> = {
  acknowledgement: {
    title: { en: "Acknowledgement of the enquiry", fr: "Accusé de réception de la demande" },
    paragraphs: {
      en: [
        "We have received your enquiry and it has been added to our records under the reference in the subject of this email.",
        "An officer will look into it and answer within our published response time. You do not need to write again in the meantime; if you do, please keep the reference in the subject.",
      ],
      fr: [
        "Nous avons bien reçu votre demande de renseignements; elle est inscrite dans nos dossiers sous la référence indiquée dans l'objet du présent courriel.",
        "Un agent l'examinera et vous répondra dans le délai de réponse que nous avons publié. Il n'est pas nécessaire de nous écrire de nouveau d'ici là; si vous le faites, veuillez conserver la référence dans l'objet.",
      ],
    },
  },
  "processing-times": {
    title: { en: "Processing times", fr: "Délais de traitement" },
    paragraphs: {
      en: [
        "Processing times depend on the type of application and on the office that handles it. The current times are published on the Government of Canada's website and are updated regularly.",
        "An application is processed in the order it was received. Writing to us does not move it forward, but we will tell you when we need something from you.",
      ],
      fr: [
        "Les délais de traitement varient selon le type de demande et le bureau qui la traite. Les délais en vigueur sont publiés sur le site Web du gouvernement du Canada et mis à jour régulièrement.",
        "Les demandes sont traitées dans l'ordre où elles sont reçues. Nous écrire ne fait pas avancer une demande, mais nous vous préviendrons si nous avons besoin de quelque chose de votre part.",
      ],
    },
  },
  "sending-documents": {
    title: { en: "How to send documents", fr: "Comment envoyer des documents" },
    paragraphs: {
      en: [
        "Send documents only when we ask for them, and in the way our request describes. Documents sent by email to this mailbox are not added to an application.",
        "When you send what was asked for, write the applicant's full name, date of birth and file number on each page or in the covering message.",
      ],
      fr: [
        "N'envoyez des documents que lorsque nous vous les demandons, et de la façon décrite dans notre demande. Les documents envoyés par courriel à cette boîte aux lettres ne sont pas versés à une demande.",
        "Lorsque vous envoyez ce qui a été demandé, inscrivez le nom complet, la date de naissance et le numéro de dossier du demandeur sur chaque page ou dans le message d'accompagnement.",
      ],
    },
  },
  "general-procedures": {
    title: { en: "General procedures and policy", fr: "Procédures générales et politiques" },
    paragraphs: {
      en: [
        "Questions about general procedures, about how offices compare with one another, about operational policy or about processing times and levels across all offices are answered by the department's national enquiry services, not by this office.",
        "Questions about immigration selection policy should be sent in writing to the responsible policy directorate. This office can answer questions about an application it is processing.",
      ],
      fr: [
        "Les questions sur les procédures générales, sur les différences entre bureaux, sur la politique opérationnelle ou sur les délais et volumes de traitement de l'ensemble des bureaux relèvent des services nationaux de renseignements du ministère, et non de notre bureau.",
        "Les questions sur la politique de sélection des immigrants doivent être adressées par écrit à la direction des politiques responsable. Notre bureau peut répondre aux questions sur une demande qu'il traite.",
      ],
    },
  },
};

const WORDS = {
  en: {
    subject: (reference: string) => `Reply to your enquiry ${reference}`,
    greeting: "Hello,",
    cautionAdvice:
      "When you write to us, do not send passport numbers, scans of identity documents or banking details by email.",
  },
  fr: {
    subject: (reference: string) => `Réponse à votre demande de renseignements ${reference}`,
    greeting: "Bonjour,",
    cautionAdvice:
      "Lorsque vous nous écrivez, n'envoyez pas de numéro de passeport, de copie de pièce d'identité ni de renseignements bancaires par courriel.",
  },
} as const;

export interface EnquiryReplyInput {
  language: Language;
  /** The enquiry's reference, kept in the subject so the answer threads onto the enquiry. */
  reference: string;
  office: OfficeIdentity;
  /** A standard response, or the text an officer wrote for this case. */
  body: { standard: StandardResponseId } | { text: string };
}

/**
 * A reply as it is queued: the body, then the caution that email is not secure, then the office's
 * signature. An officer's own text is sent as written, without a greeting added to it.
 *
 * @example composeEnquiryReply({ language: "fr", reference: "ENQ-2026-000042", office,
 *   body: { standard: "processing-times" } })
 *   // → { subject: "Réponse à votre demande de renseignements ENQ-2026-000042", text: "Bonjour,\n\nLes délais…" }
 */
export function composeEnquiryReply(input: EnquiryReplyInput): ComposedReply {
  const { language, office, reference, body } = input;
  const words = WORDS[language];
  const opening =
    "standard" in body
      ? [
          words.greeting,
          "",
          ...STANDARD_RESPONSES[body.standard].paragraphs[language].flatMap((p) => [p, ""]),
        ]
      : [body.text.replace(/\r\n?/g, "\n").trim(), ""];
  const text = [
    ...opening,
    emailCaution(language, words.cautionAdvice),
    "",
    officeSignature(office, language),
    "",
  ].join("\n");
  return { subject: words.subject(reference), text };
}
