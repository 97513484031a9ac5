/**
 * Triage of the office's generic manager mailbox (seed 002's recommendation). Representatives may
 * write to program managers "when the usual communication channel … has not produced a
 * substantive response or solution, or in the event of an urgent matter" — urgency, serious errors
 * and reconsideration requests — and otherwise use the office's mailbox, since writing to managers
 * "should always be a last resort". A message is therefore accepted as an escalation when:
 * - an earlier enquiry on the same file went past the published response time unanswered
 *   (state `breached`); one still within it, or waiting for the enquirer, has not failed yet; or
 * - it says it is urgent and why: time-sensitive travel, a serious error, a reconsideration request.
 * Anything else gets a polite reply pointing to the office's mailbox, where the caller files it.
 * Accepting a message only puts it before the program manager, who passes it to the right unit;
 * nothing here changes an officer's decision.
 */
import { nameKey } from "../shared/names.ts";
import { detectEnquiryLanguage } from "./detect-enquiry-language.ts";
import type { ComposedReply, Language, OfficeIdentity, Wording } from "./enquiry.schema.ts";
import type { SlaState } from "./sla-state.ts";

export interface PriorEnquiry {
  reference: string;
  fileNumber: string | null;
  receivedAt: Date;
  state: SlaState;
}

export interface ManagerMailInput {
  subject: string;
  text: string;
  /** The file the message is about (file number or UCI), as read from it; null when none. */
  fileNumber: string | null;
  /** The sender's earlier enquiries to the office's mailbox. */
  priorEnquiries: readonly PriorEnquiry[];
  /** The message was sent with `Importance: high` or `X-Priority: 1`. */
  markedImportant?: boolean;
  languageHint?: Language;
  office: OfficeIdentity;
}

export type UrgentGround = "time-sensitive-travel" | "serious-error" | "reconsideration";

export interface UrgentReason {
  ground: UrgentGround;
  phrase: string;
}

export type ManagerMailTriage =
  | {
      decision: "accept";
      grounds: "regular-channel-tried" | "urgent";
      /** The enquiry that went unanswered, when that is the ground. */
      priorEnquiry: string | null;
      urgentReasons: UrgentReason[];
      reason: Wording;
    }
  | { decision: "redirect"; language: Language; reason: Wording; reply: ComposedReply };

const URGENT_WORDS = ["urgent", "urgently", "emergency", "time sensitive", "urgence", "urgente", "d'urgence"];

// Seed 002's three kinds of matter for which a manager's attention is "essential".
const GROUND_WORDS: Record<UrgentGround, string[]> = {
  "time-sensitive-travel": [
    "flight",
    "travel date",
    "departure",
    "must travel",
    "start date",
    "funeral",
    "dying",
    "critical repair",
    "vol",
    "date de départ",
    "date du voyage",
    "date de début",
    "funérailles",
    "obsèques",
    "mourant",
    "réparation urgente",
  ],
  "serious-error": [
    "serious error",
    "error in",
    "mistake",
    "wrong name",
    "wrong date of birth",
    "wrong passport",
    "incorrect",
    "erreur",
    "erreur grave",
    "mauvais nom",
    "mauvaise date de naissance",
    "inexact",
    "inexacte",
  ],
  reconsideration: [
    "reconsideration",
    "reconsider",
    "reopen",
    "réexamen",
    "réexaminer",
    "reconsidération",
    "rouvrir",
  ],
};

/**
 * @example triageManagerMail({ subject: "URGENT – flight on 14 March", text: "…", fileNumber: "V000012345",
 *   priorEnquiries: [], office })
 *   // → { decision: "accept", grounds: "urgent", urgentReasons: [{ ground: "time-sensitive-travel", phrase: "flight" }], … }
 */
export function triageManagerMail(input: ManagerMailInput): ManagerMailTriage {
  const unanswered = unansweredPrior(input);
  if (unanswered) {
    const date = unanswered.receivedAt.toISOString().slice(0, 10);
    return {
      decision: "accept",
      grounds: "regular-channel-tried",
      priorEnquiry: unanswered.reference,
      urgentReasons: [],
      reason: {
        en: `Enquiry ${unanswered.reference} of ${date} on the same file is past the published response time without a substantive answer.`,
        fr: `La demande ${unanswered.reference} du ${date} sur le même dossier a dépassé le délai de réponse publié sans réponse sur le fond.`,
      },
    };
  }
  const words = ` ${nameKey(`${input.subject}\n${input.text.slice(0, 100_000)}`)} `;
  const urgent =
    Boolean(input.markedImportant) || URGENT_WORDS.some((w) => words.includes(` ${nameKey(w)} `));
  const urgentReasons = urgentReasonsIn(words);
  if (urgent && urgentReasons.length > 0) {
    const phrases = urgentReasons.map((r) => r.phrase);
    return {
      decision: "accept",
      grounds: "urgent",
      priorEnquiry: null,
      urgentReasons,
      reason: {
        en: `Marked urgent, with a reason: ${phrases.map((p) => `"${p}"`).join(", ")}.`,
        fr: `Signalé comme urgent, avec un motif : ${phrases.map((p) => `« ${p} »`).join(", ")}.`,
      },
    };
  }
  const language = detectEnquiryLanguage(
    `${input.subject}\n${input.text}`,
    input.languageHint ?? "en",
  ).language;
  return {
    decision: "redirect",
    language,
    reason: redirectReason(urgent, input),
    reply: redirectReply(language, input.office),
  };
}

/** The same file is the tie: an unanswered enquiry about another file says nothing of this one. */
function unansweredPrior(input: ManagerMailInput): PriorEnquiry | null {
  return priorOnSameFile(input, ["breached"]);
}

function priorOnSameFile(input: ManagerMailInput, states: readonly SlaState[]): PriorEnquiry | null {
  const file = input.fileNumber?.trim().toUpperCase();
  if (!file) return null;
  const onFile = (p: PriorEnquiry) => p.fileNumber?.trim().toUpperCase() === file;
  return input.priorEnquiries.find((p) => states.includes(p.state) && onFile(p)) ?? null;
}

function urgentReasonsIn(words: string): UrgentReason[] {
  const reasons: UrgentReason[] = [];
  for (const [ground, phrases] of Object.entries(GROUND_WORDS) as [UrgentGround, string[]][]) {
    const phrase = phrases.find((p) => words.includes(` ${nameKey(p)} `));
    if (phrase) reasons.push({ ground, phrase });
  }
  return reasons;
}

function redirectReason(urgent: boolean, input: ManagerMailInput): Wording {
  const pending = priorOnSameFile(input, ["due", "paused"]);
  if (pending) {
    return {
      en: `Enquiry ${pending.reference} on this file is still within the published response time or waiting for the enquirer.`,
      fr: `La demande ${pending.reference} sur ce dossier est encore dans le délai de réponse publié ou attend des renseignements.`,
    };
  }
  if (urgent) {
    return {
      en: "Marked urgent, but without a recognised reason (time-sensitive travel, a serious error, a reconsideration request).",
      fr: "Signalé comme urgent, mais sans motif reconnu (voyage à date fixe, erreur grave, demande de réexamen).",
    };
  }
  return {
    en: "No earlier unanswered enquiry on this file and no urgent reason: the office's mailbox answers it.",
    fr: "Aucune demande antérieure restée sans réponse sur ce dossier ni motif urgent : la boîte du bureau y répondra.",
  };
}

function redirectReply(language: Language, office: OfficeIdentity): ComposedReply {
  const signature = [
    language === "fr" ? office.nameFr : office.nameEn,
    office.postalAddress.trim(),
    office.mailboxEmail,
  ];
  if (language === "fr") {
    return {
      subject: "Votre message au gestionnaire du programme de migration",
      text: [
        "Bonjour,",
        "",
        "Nous vous remercions de votre message. Cette adresse sert aux gestionnaires du programme pour les demandes restées sans réponse au-delà de notre délai de réponse publié et pour les affaires urgentes.",
        "",
        `Nous avons transmis votre message à la boîte des demandes de renseignements du bureau, ${office.mailboxEmail}, qui vous répondra dans le délai publié; il n'est pas nécessaire de le renvoyer. Pour vos prochaines demandes, veuillez écrire directement à cette adresse.`,
        "",
        "Vous pouvez écrire de nouveau à la présente adresse si une demande envoyée à la boîte du bureau reste sans réponse au-delà du délai publié, ou si l'affaire est urgente : indiquez alors pourquoi (par exemple une date de voyage imminente, une erreur grave dans le dossier ou une demande de réexamen).",
        "",
        "Mise en garde : le courriel n'est pas un moyen de communication sécurisé. N'y incluez que les renseignements nécessaires à votre demande.",
        "",
        ...signature,
        "",
      ].join("\n"),
    };
  }
  return {
    subject: "Your message to the migration program manager",
    text: [
      "Hello,",
      "",
      "Thank you for your message. This address is for program managers to deal with enquiries that have gone unanswered beyond our published response time, and with urgent matters.",
      "",
      `We have passed your message to the office's enquiries mailbox, ${office.mailboxEmail}, which will answer it within the published response time; there is no need to send it again. For future enquiries, please write to that address directly.`,
      "",
      "You may write to this address again if an enquiry sent to the office's mailbox goes unanswered beyond the published response time, or if the matter is urgent: please then say why (for example an imminent travel date, a serious error on the file, or a request for reconsideration).",
      "",
      "Caution: email is not a secure channel. Include only the information your enquiry needs.",
      "",
      ...signature,
      "",
    ].join("\n"),
  };
}
