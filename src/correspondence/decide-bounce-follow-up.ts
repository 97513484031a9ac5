/**
 * What the office does once an email correspondence came back undelivered. Seed 000: "officers
 * must verify if the email address has been changed or updated in GCMS and must resend the email
 * to the updated email address, supplied by the client. If the initial email was sent to the most
 * up-to-date email address, but an undelivered message was received, officers should … send the
 * correspondence to the client by means of an alternative method of communication, such as paper
 * mail." Pure: the caller loads the file's address history and IMM 5476 forms.
 */
import { AppError } from "../shared/errors.ts";
import {
  type ContactFact,
  type Recipient,
  type RepresentativeFact,
  representativeInForce,
  resolveRecipient,
} from "./resolve-recipient.ts";

export interface BounceFollowUpFacts {
  /** The address the undelivered email went to, as on the correspondence record. */
  sentTo: string;
  /** When the email was accepted for delivery. */
  sentAt: Date;
  /** Today in the office's time zone (YYYY-MM-DD): which IMM 5476 is in force now. */
  today: string;
  /** The client's email and postal addresses, current and superseded (`contact_details`). */
  contactHistory: readonly ContactFact[];
  /** Every IMM 5476 recorded on the application. */
  representatives: readonly RepresentativeFact[];
}

export type Addressee = "client" | "representative";

export type BounceFollowUp =
  | {
      /** Propose to the officer to send the same correspondence to `address`. */
      action: "resend";
      address: string;
      addressee: Addressee;
      /** The representative's name when the addressee is the representative. */
      representativeName: string | null;
      /** When the file received this address. */
      recordedAt: Date;
      /**
       * False when the address was already on file before the send: the email went to an outdated
       * address (seed 000, citizenship example: an administrative error by the office).
       */
      recordedAfterSend: boolean;
      why: string;
    }
  | {
      /** The email went to the most up-to-date address: send the correspondence by paper mail. */
      action: "paper";
      postalAddress: string;
      addressee: Addressee;
      representativeName: string | null;
      why: string;
    }
  | {
      /** Paper mail is due but the file holds no postal address for anyone. */
      action: "no-postal-address";
      addressee: Addressee;
      representativeName: string | null;
      why: string;
    };

/**
 * Decides between a resend to a newer address and paper mail.
 *
 * The address the office should use now is the one `resolveRecipient` gives today (an IMM 5476
 * in force wins, then the client's current email given with consent): the same rule that chose
 * the bounced address, so the two never disagree. If that is an email address other than the one
 * that bounced, a resend is proposed; otherwise the bounced address was the most up-to-date one
 * and the letter goes by paper, to the postal address of whoever the email was for.
 *
 * @example decideBounceFollowUp({ sentTo: "anh.nguyen@example.com", sentAt, today: "2026-03-04",
 *   contactHistory: [oldEmail, { kind: "email", value: "anh.n@example.org", consentSource:
 *   "client-wrote-first", recordedAt: afterSend, supersededAt: null }], representatives: [] })
 *   // → { action: "resend", address: "anh.n@example.org", addressee: "client", recordedAfterSend: true, … }
 */
export function decideBounceFollowUp(facts: BounceFollowUpFacts): BounceFollowUp {
  const sentTo = facts.sentTo.trim();
  const now = recipientToday(facts);

  if (now?.channel === "email" && !sameAddress(now.address, sentTo)) {
    const recordedAt = recordedAtOf(now, facts);
    const recordedAfterSend = recordedAt.getTime() > facts.sentAt.getTime();
    const whose = now.addressee === "representative" ? "the representative's" : "the client's";
    return {
      action: "resend",
      address: now.address,
      addressee: now.addressee,
      representativeName: now.addressee === "representative" ? now.representativeName : null,
      recordedAt,
      recordedAfterSend,
      why: recordedAfterSend
        ? `The file now holds ${whose} updated email address ${now.address}, recorded ${recordedAt.toISOString()}, after the email was sent to ${sentTo}.`
        : `The email was sent to ${sentTo}, but ${whose} email address on file is ${now.address}, recorded ${recordedAt.toISOString()}, before the send: the email went to an outdated address.`,
    };
  }

  if (now?.channel === "paper") {
    // No email may be used any more (the consent or the IMM 5476 is gone): paper is the channel.
    return {
      action: "paper",
      postalAddress: now.address,
      addressee: now.addressee,
      representativeName: now.addressee === "representative" ? now.representativeName : null,
      why: `The file no longer holds an email address the office may use, so the correspondence goes by paper mail to ${now.addressee === "representative" ? "the representative's" : "the client's"} postal address.`,
    };
  }

  // The bounced address is the one the office would use today: the most up-to-date address.
  const addressee: Addressee = now?.addressee ?? addresseeOf(sentTo, facts);
  const representative =
    addressee === "representative" ? representativeInForce(facts.representatives, facts.today) : undefined;
  const clientPostal = currentValue(facts.contactHistory, "postal");
  const representativePostal = present(representative?.postalAddress);
  const postalAddress = representativePostal ?? clientPostal;
  const whose = representativePostal ? "the representative's" : "the client's";
  const representativeName = representative?.name ?? null;
  const bounced = `The email was sent to ${sentTo}, the most up-to-date email address on file`;
  if (!postalAddress) {
    return {
      action: "no-postal-address",
      addressee,
      representativeName,
      why: `${bounced}, and the file holds no postal address to send it by paper mail.`,
    };
  }
  return {
    action: "paper",
    postalAddress,
    // Seed 000 sends paper "to the client or representative"; the representative's postal address
    // comes first, as in `resolveRecipient`, and the client's stands in when the form gives none.
    addressee: representativePostal ? "representative" : "client",
    representativeName: representativePostal ? representativeName : null,
    why: `${bounced}; it goes by paper mail to ${whose} postal address.`,
  };
}

/** The recipient the office would choose today, or null when the file holds no address at all. */
function recipientToday(facts: BounceFollowUpFacts): Recipient | null {
  try {
    return resolveRecipient({
      onDate: facts.today,
      representatives: facts.representatives,
      contacts: facts.contactHistory,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_state") return null;
    throw error;
  }
}

/** When the file received the address `resolveRecipient` chose. */
function recordedAtOf(recipient: Recipient, facts: BounceFollowUpFacts): Date {
  if (recipient.addressee === "representative") {
    const form = representativeInForce(facts.representatives, facts.today);
    return form?.recordedAt ?? new Date(0);
  }
  const current = facts.contactHistory.find(
    (c) => c.kind === "email" && c.supersededAt === null && sameAddress(c.value, recipient.address),
  );
  return current?.recordedAt ?? new Date(0);
}

/** Whom the bounced email was for, when the file no longer names anyone for email. */
function addresseeOf(sentTo: string, facts: BounceFollowUpFacts): Addressee {
  return facts.representatives.some((r) => r.email && sameAddress(r.email, sentTo))
    ? "representative"
    : "client";
}

function currentValue(contacts: readonly ContactFact[], kind: "postal"): string | undefined {
  let chosen: ContactFact | undefined;
  for (const c of contacts) {
    if (c.kind !== kind || c.supersededAt !== null) continue;
    if (!chosen || c.recordedAt.getTime() > chosen.recordedAt.getTime()) chosen = c;
  }
  return present(chosen?.value);
}

/**
 * Addresses compared without case: RFC 5321 §2.4 makes the domain case-insensitive and discourages
 * exploiting the case of the local part, which no common mail service does. Resending to the same
 * mailbox spelt differently would only bounce again.
 */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
