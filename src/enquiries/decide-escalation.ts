/**
 * Whether an enquiry goes up a level, and to whom. Seed 001's table gives two routes:
 * - a case-specific enquiry with "no reply after 30 days, or … a disagreement with the reply"
 *   goes to the Case Management Branch;
 * - a local-procedure enquiry with "no reply after 30 days" goes to the migration program manager.
 * The other categories are already answered above the office's mailbox (the program manager, the
 * policy directorate), and the seed names no further step for them.
 */
import type { EnquiryCategory, EnquiryQueue, Wording } from "./enquiry.schema.ts";

export interface EscalationInput {
  category: EnquiryCategory;
  receivedAt: Date;
  /**
   * The office's last answer: a standard or case-specific reply, or a request for missing
   * information. An automatic acknowledgement is not a reply to the question asked.
   */
  lastReplyAt: Date | null;
  /** The enquirer has written that they disagree with the office's reply. */
  enquirerDisagrees: boolean;
  /** The office asked for missing information and has not received it: it is the enquirer's turn. */
  waitingForEnquirer?: boolean;
  now: Date;
}

export type EscalationTrigger = "no-reply-30-days" | "disagreement";

export type EscalationDecision =
  | { escalate: true; to: EnquiryQueue; trigger: EscalationTrigger; reason: Wording }
  | {
      escalate: false;
      reason: Wording /** When it will escalate if still unanswered. */;
      escalatesAt: Date | null;
    };

/** Seed 001: "If there is no reply after 30 days". */
export const NO_REPLY_DAYS = 30;
const NO_REPLY_MS = NO_REPLY_DAYS * 24 * 60 * 60 * 1000;

const ROUTES: Partial<Record<EnquiryCategory, { to: EnquiryQueue; onDisagreement: boolean; name: Wording }>> =
  {
    "case-specific": {
      to: "case-management-branch",
      onDisagreement: true,
      name: { en: "the Case Management Branch", fr: "la Direction générale du règlement des cas" },
    },
    "local-procedures": {
      to: "program-manager",
      onDisagreement: false,
      name: {
        en: "the office's migration program manager",
        fr: "le gestionnaire du programme de migration du bureau",
      },
    },
  };

/**
 * @example decideEscalation({ category: "case-specific", receivedAt: new Date("2026-01-05T15:00:00Z"),
 *   lastReplyAt: null, enquirerDisagrees: false, now: new Date("2026-02-05T15:00:00Z") })
 *   // → { escalate: true, to: "case-management-branch", trigger: "no-reply-30-days", … }
 */
export function decideEscalation(input: EscalationInput): EscalationDecision {
  const route = ROUTES[input.category];
  if (!route) {
    return {
      escalate: false,
      escalatesAt: null,
      reason: {
        en: "This category is already answered above the office's mailbox; the protocol names no further step.",
        fr: "Cette catégorie est déjà traitée au-delà de la boîte du bureau; aucune étape suivante n'est prévue.",
      },
    };
  }
  if (input.lastReplyAt && input.enquirerDisagrees) {
    if (route.onDisagreement) {
      return {
        escalate: true,
        to: route.to,
        trigger: "disagreement",
        reason: {
          en: `The enquirer disagrees with the reply: it goes to ${route.name.en}.`,
          fr: `La personne conteste la réponse : la demande est transmise à ${route.name.fr}.`,
        },
      };
    }
    return {
      escalate: false,
      escalatesAt: null,
      reason: {
        en: "For local office procedures, the protocol offers the program manager only when there is no reply; the office answers the disagreement itself.",
        fr: "Pour les procédures locales, le gestionnaire de programme n'intervient qu'en l'absence de réponse; le bureau répond lui-même au désaccord.",
      },
    };
  }
  if (input.lastReplyAt) {
    return {
      escalate: false,
      escalatesAt: null,
      reason: { en: "The office has replied.", fr: "Le bureau a répondu." },
    };
  }
  if (input.waitingForEnquirer) {
    return {
      escalate: false,
      escalatesAt: null,
      reason: {
        en: "The office is waiting for information from the enquirer.",
        fr: "Le bureau attend des renseignements de la personne qui a écrit.",
      },
    };
  }
  const escalatesAt = new Date(input.receivedAt.getTime() + NO_REPLY_MS);
  if (input.now < escalatesAt) {
    return {
      escalate: false,
      escalatesAt,
      reason: {
        en: `No reply yet; it goes to ${route.name.en} after ${NO_REPLY_DAYS} days without one.`,
        fr: `Pas encore de réponse; la demande sera transmise à ${route.name.fr} après ${NO_REPLY_DAYS} jours sans réponse.`,
      },
    };
  }
  return {
    escalate: true,
    to: route.to,
    trigger: "no-reply-30-days",
    reason: {
      en: `No reply after ${NO_REPLY_DAYS} days: it goes to ${route.name.en}.`,
      fr: `Aucune réponse après ${NO_REPLY_DAYS} jours : la demande est transmise à ${route.name.fr}.`,
    },
  };
}
