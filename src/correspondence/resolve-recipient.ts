/**
 * Who receives the office's correspondence on an application, and by which channel. Pure: the
 * caller loads the facts; the officer never types a recipient (seed 000: the address on the email
 * must be identical to the one the client or representative provided).
 */
import { AppError } from "../shared/errors.ts";

/** Where consent to email can come from (seed 000, "Consent is considered as being given…"). */
const CONSENTING_SOURCES: ReadonlySet<string> = new Set([
  "application-form",
  "imm5476",
  "client-wrote-first",
]);

/** An IMM 5476 "Use of a Representative" form as recorded on the application. */
export interface RepresentativeFact {
  name: string;
  email: string | null;
  postalAddress: string | null;
  /** First and last day (inclusive, YYYY-MM-DD) the form is in force; no last day means until revoked. */
  validFrom: string;
  validTo: string | null;
  recordedAt: Date;
}

/** One email or postal address of the client, current or superseded. */
export interface ContactFact {
  kind: string;
  value: string;
  consentSource: string | null;
  recordedAt: Date;
  supersededAt: Date | null;
}

export interface RecipientFacts {
  /** The day the correspondence is issued, in the office's time zone (YYYY-MM-DD). */
  onDate: string;
  representatives: readonly RepresentativeFact[];
  contacts: readonly ContactFact[];
}

export type Recipient =
  | { channel: "email"; address: string; addressee: "representative"; representativeName: string }
  | { channel: "email"; address: string; addressee: "client"; consentSource: string }
  | { channel: "paper"; address: string; addressee: "representative"; representativeName: string }
  | { channel: "paper"; address: string; addressee: "client" };

/**
 * Decides the channel and the recipient, in the order seed 000 gives:
 * 1. a representative's email on an IMM 5476 in force on `onDate` (all correspondence goes there);
 * 2. the client's current email, when the client consented to email;
 * 3. paper mail to the representative's postal address on that IMM 5476, else the client's current one.
 * Throws `invalid_state` when the file holds no usable address at all.
 *
 * @example resolveRecipient({ onDate: "2026-03-02", representatives: [], contacts: [{ kind: "email",
 *   value: "anh.nguyen@example.com", consentSource: "application-form", recordedAt, supersededAt: null }] })
 *   // → { channel: "email", address: "anh.nguyen@example.com", addressee: "client", consentSource: "application-form" }
 */
export function resolveRecipient(facts: RecipientFacts): Recipient {
  const representative = representativeInForce(facts.representatives, facts.onDate);
  const representativeEmail = present(representative?.email);
  if (representative && representativeEmail) {
    return {
      channel: "email",
      address: representativeEmail,
      addressee: "representative",
      representativeName: representative.name,
    };
  }

  const email = currentContact(facts.contacts, "email");
  if (email && email.consentSource !== null && CONSENTING_SOURCES.has(email.consentSource)) {
    return {
      channel: "email",
      address: email.value.trim(),
      addressee: "client",
      consentSource: email.consentSource,
    };
  }

  // Seed 000: without an email address, correspondence goes "to the client or representative by
  // … paper mail"; a representative named on the form in force is the one who acts for the client.
  const representativePostal = present(representative?.postalAddress);
  if (representative && representativePostal) {
    return {
      channel: "paper",
      address: representativePostal,
      addressee: "representative",
      representativeName: representative.name,
    };
  }
  const postal = currentContact(facts.contacts, "postal");
  const clientPostal = present(postal?.value);
  if (clientPostal) return { channel: "paper", address: clientPostal, addressee: "client" };

  throw new AppError(
    "invalid_state",
    "There is no address to write to: no representative's email, no client email given with consent, and no postal address. Record the client's email or postal address first.",
    {
      messageFr:
        "Il n'y a aucune adresse où écrire : ni courriel de représentant, ni courriel du client donné avec consentement, ni adresse postale. Enregistrez d'abord le courriel ou l'adresse postale du client.",
    },
  );
}

/**
 * The IMM 5476 in force on `onDate`. When several overlap, the one that took effect last wins
 * (a newer form replaces the older), then the one recorded last.
 */
export function representativeInForce(
  representatives: readonly RepresentativeFact[],
  onDate: string,
): RepresentativeFact | undefined {
  let chosen: RepresentativeFact | undefined;
  for (const r of representatives) {
    // Dates are YYYY-MM-DD, so string order is calendar order; both ends are inclusive.
    if (r.validFrom > onDate || (r.validTo !== null && r.validTo < onDate)) continue;
    if (
      !chosen ||
      r.validFrom > chosen.validFrom ||
      (r.validFrom === chosen.validFrom && r.recordedAt.getTime() > chosen.recordedAt.getTime())
    ) {
      chosen = r;
    }
  }
  return chosen;
}

/** The current (not superseded) contact of a kind; the latest recorded if history is inconsistent. */
function currentContact(contacts: readonly ContactFact[], kind: "email" | "postal"): ContactFact | undefined {
  let chosen: ContactFact | undefined;
  for (const c of contacts) {
    if (c.kind !== kind || c.supersededAt !== null) continue;
    if (!chosen || c.recordedAt.getTime() > chosen.recordedAt.getTime()) chosen = c;
  }
  return chosen;
}

function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
