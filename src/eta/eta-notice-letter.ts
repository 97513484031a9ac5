/**
 * The words of the letters an eTA review or revalidation sends, in the file's language. Pure. They
 * go out as free-text letters through correspondence (`insertLetter`), so the salutation, the file
 * number in the subject, the recipient and the proof of sending are those of every letter.
 */
import { formatLetterDate } from "../letters/format-letter-date.ts";
import type { LetterLanguage } from "../letters/letter-templates.ts";

export type EtaNoticeKind =
  | "withdrawn-citizen"
  | "withdrawn-permanent-resident"
  | "refused"
  | "request-information"
  | "request-relinquishment"
  | "cancelled-not-eligible"
  | "cancelled";

export interface EtaNoticeInput {
  kind: EtaNoticeKind;
  language: LetterLanguage;
  /** What the officer asks for (a request) or why (a refusal, a cancellation). */
  text?: string;
  /** The date to answer by, for a request. */
  dueDate?: string;
}

/**
 * @example etaNoticeLetter({ kind: "withdrawn-citizen", language: "fr" })
 *   // → { subject: "Retrait de votre demande d'AVE", body: "Notre examen montre que vous êtes citoyen…" }
 */
export function etaNoticeLetter(input: EtaNoticeInput): { subject: string; body: string } {
  const due = input.dueDate ? formatLetterDate(input.dueDate, input.language) : "";
  const text = input.text ?? "";
  return input.language === "fr" ? french(input.kind, text, due) : english(input.kind, text, due);
}

function english(kind: EtaNoticeKind, text: string, due: string) {
  switch (kind) {
    case "withdrawn-citizen":
      return {
        subject: "Your eTA application has been withdrawn",
        body: `Our review shows that you are a Canadian citizen. A Canadian citizen cannot hold an electronic travel authorization (eTA), so we have withdrawn your application.

To travel to Canada, use your Canadian passport or another Canadian travel document.`,
      };
    case "withdrawn-permanent-resident":
      return {
        subject: "Your eTA application has been withdrawn",
        body: `Our records show that you are a permanent resident of Canada. A permanent resident cannot hold an electronic travel authorization (eTA), and you have not relinquished your status, so we have withdrawn your application.

To travel to Canada, you need a travel document that shows your permanent resident status, such as a permanent resident card or a permanent resident travel document; getting one may require a determination of your status. If you no longer wish to be a permanent resident, you may relinquish your status and then apply for an eTA again.`,
      };
    case "refused":
      return {
        subject: "Decision on your eTA application: refused",
        body: `We have reviewed your application for an electronic travel authorization (eTA). We are not satisfied that you meet the requirements, and your application is refused, for these reasons:

${text}`,
      };
    case "request-information":
      return {
        subject: "Information needed for your eTA application",
        body: `Before we can decide your application for an electronic travel authorization (eTA), we need the following from you:

${text}

Please send it to us no later than ${due}. If we have not received it by then, we will decide with the information we have.`,
      };
    case "request-relinquishment":
      return {
        subject: "Your permanent resident status and your eTA application",
        body: `Our records show that you are a permanent resident of Canada. A permanent resident cannot hold an electronic travel authorization (eTA).

If you no longer wish to be a permanent resident, you may relinquish your status through your eTA application, or by a paper application to your local visa office. Once you have done so, and if you are otherwise admissible, we may issue your eTA.

Please tell us no later than ${due} whether you wish to relinquish your status. If you do not wish to, or if we have no answer by then, we will withdraw your application.

${text}`,
      };
    case "cancelled-not-eligible":
      return {
        subject: "Your eTA has been cancelled",
        body: `We have cancelled your electronic travel authorization (eTA) under section 12.06 of the Immigration and Refugee Protection Regulations: you were not eligible for one. ${text}

To travel to Canada, apply for the document that fits your situation, for example a temporary resident visa.`,
      };
    case "cancelled":
      return {
        subject: "Your eTA has been cancelled",
        body: `We have cancelled your electronic travel authorization (eTA) under section 12.06 of the Immigration and Refugee Protection Regulations, for these reasons:

${text}`,
      };
  }
}

function french(kind: EtaNoticeKind, text: string, due: string) {
  switch (kind) {
    case "withdrawn-citizen":
      return {
        subject: "Retrait de votre demande d'AVE",
        body: `Notre examen montre que vous êtes citoyen canadien. Un citoyen canadien ne peut pas détenir d'autorisation de voyage électronique (AVE); nous avons donc retiré votre demande.

Pour entrer au Canada, utilisez votre passeport canadien ou un autre titre de voyage canadien.`,
      };
    case "withdrawn-permanent-resident":
      return {
        subject: "Retrait de votre demande d'AVE",
        body: `Nos dossiers indiquent que vous êtes résident permanent du Canada. Un résident permanent ne peut pas détenir d'autorisation de voyage électronique (AVE) et vous n'avez pas renoncé à votre statut; nous avons donc retiré votre demande.

Pour entrer au Canada, il vous faut un titre de voyage qui atteste votre statut de résident permanent, comme une carte de résident permanent ou un titre de voyage pour résident permanent; l'obtenir peut exiger un contrôle de votre statut. Si vous ne souhaitez plus être résident permanent, vous pouvez renoncer à ce statut, puis présenter une nouvelle demande d'AVE.`,
      };
    case "refused":
      return {
        subject: "Décision sur votre demande d'AVE : refus",
        body: `Nous avons examiné votre demande d'autorisation de voyage électronique (AVE). Nous ne sommes pas convaincus que vous remplissez les exigences, et votre demande est refusée pour les motifs suivants :

${text}`,
      };
    case "request-information":
      return {
        subject: "Renseignements requis pour votre demande d'AVE",
        body: `Avant de statuer sur votre demande d'autorisation de voyage électronique (AVE), nous avons besoin de ce qui suit :

${text}

Veuillez nous le faire parvenir au plus tard le ${due}. Sans réponse à cette date, nous déciderons avec les renseignements dont nous disposons.`,
      };
    case "request-relinquishment":
      return {
        subject: "Votre statut de résident permanent et votre demande d'AVE",
        body: `Nos dossiers indiquent que vous êtes résident permanent du Canada. Un résident permanent ne peut pas détenir d'autorisation de voyage électronique (AVE).

Si vous ne souhaitez plus être résident permanent, vous pouvez renoncer à votre statut dans votre demande d'AVE, ou par une demande papier à votre bureau des visas. Une fois la renonciation faite, et si vous êtes par ailleurs admissible, nous pourrons délivrer votre AVE.

Veuillez nous dire au plus tard le ${due} si vous souhaitez renoncer à votre statut. Si vous ne le souhaitez pas, ou sans réponse à cette date, nous retirerons votre demande.

${text}`,
      };
    case "cancelled-not-eligible":
      return {
        subject: "Annulation de votre AVE",
        body: `Nous avons annulé votre autorisation de voyage électronique (AVE) en vertu de l'article 12.06 du Règlement sur l'immigration et la protection des réfugiés : vous n'étiez pas admissible à une AVE. ${text}

Pour entrer au Canada, demandez le document qui correspond à votre situation, par exemple un visa de résident temporaire.`,
      };
    case "cancelled":
      return {
        subject: "Annulation de votre AVE",
        body: `Nous avons annulé votre autorisation de voyage électronique (AVE) en vertu de l'article 12.06 du Règlement sur l'immigration et la protection des réfugiés, pour les motifs suivants :

${text}`,
      };
  }
}
