/**
 * Which address the file named at a past moment, and whether a message went there. Pure.
 *
 * Seed 000: "Once the Minister … proves that the email correspondence was sent to the most up to
 * date email address provided by the applicant, the applicant bears the risk". The file is read
 * as it stood at that moment (addresses recorded by then, not yet superseded; IMM 5476 forms
 * recorded by then and in force that day), and the same rule that chooses a recipient today
 * (`resolveRecipient`) says where the email had to go.
 */
import {
  type ContactFact,
  type Recipient,
  type RepresentativeFact,
  representativeInForce,
  resolveRecipient,
} from "../correspondence/resolve-recipient.ts";
import { todayIn } from "../shared/dates.ts";
import { isAppError } from "../shared/errors.ts";
import type { AddressVerdict } from "./evidence.schema.ts";

export interface AddressOnFileFacts {
  at: Date;
  /** The office's time zone: an IMM 5476 is in force by calendar day where the office works. */
  timeZone: string;
  addressUsed: string;
  contacts: readonly ContactFact[];
  representatives: readonly RepresentativeFact[];
}

export interface AddressOnFile {
  /** The recipient the file named at `at`; null when it held no address at all. */
  expected: Recipient | null;
  /** The IMM 5476 in force at `at`, whether or not it gives an email. */
  representative: RepresentativeFact | null;
  /** The client's email that was current at `at`. */
  currentEmail: ContactFact | null;
  verdict: AddressVerdict;
  /** Identical but for letter case (mail systems treat such addresses alike; the seed asks for identical). */
  differsOnlyInCase: boolean;
  /** The client's email history entries equal to the address used (it may have been an older one). */
  usedEntries: ContactFact[];
}

/**
 * @example addressOnFileAt({ at: new Date("2026-03-02T15:00:00Z"), timeZone: "America/Toronto",
 *   addressUsed: "anh.nguyen@example.com", contacts, representatives: [] })
 *   // → { verdict: "identical", expected: { channel: "email", address: "anh.nguyen@example.com", … }, … }
 */
export function addressOnFileAt(facts: AddressOnFileFacts): AddressOnFile {
  const at = facts.at.getTime();
  const contactsThen = facts.contacts
    .filter((c) => c.recordedAt.getTime() <= at)
    .map((c) => ({
      ...c,
      // Superseded only later: at `at` it was still current.
      supersededAt: c.supersededAt && c.supersededAt.getTime() <= at ? c.supersededAt : null,
    }));
  const representativesThen = facts.representatives.filter((r) => r.recordedAt.getTime() <= at);
  const onDate = todayIn(facts.timeZone, facts.at);
  let expected: Recipient | null;
  try {
    expected = resolveRecipient({ onDate, representatives: representativesThen, contacts: contactsThen });
  } catch (error) {
    if (!isAppError(error)) throw error;
    expected = null;
  }
  const currentEmail =
    facts.contacts
      .filter(
        (c) =>
          c.kind === "email" &&
          c.recordedAt.getTime() <= at &&
          (c.supersededAt === null || c.supersededAt.getTime() > at),
      )
      .sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime())[0] ?? null;
  const used = facts.addressUsed.trim();
  const verdict: AddressVerdict =
    expected?.channel !== "email"
      ? "no-email-on-file"
      : expected.address === used
        ? "identical"
        : "different";
  return {
    expected,
    representative: representativeInForce(representativesThen, onDate) ?? null,
    currentEmail,
    verdict,
    differsOnlyInCase: verdict === "different" && expected?.address.toLowerCase() === used.toLowerCase(),
    usedEntries: facts.contacts.filter((c) => c.kind === "email" && c.value.trim() === used),
  };
}
