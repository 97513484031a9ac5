/**
 * The rules of merging a provisional client into the client an officer matched it to: when a merge
 * may happen, and which of the provisional client's names, passports and contact details the
 * survivor takes. Pure, so each rule is tested on its own; `merge-provisional-client.ts` applies them.
 */

/** What the provisional client holds besides the application being matched. */
export interface ProvisionalHoldings {
  otherApplications: number;
  infoAlerts: number;
  adverseInformation: number;
  designatedIndividuals: number;
  accessRequests: number;
  enquiries: number;
  temporaryResidentVisas: number;
  /** Notes on the client file itself (not on an application): notes are never moved or edited. */
  fileNotes: number;
}

/** Why a provisional client is kept rather than merged, in the words of the review note. */
export type MergeBlocker = keyof ProvisionalHoldings;

const BLOCKER_WORDS: Record<MergeBlocker, { en: string; fr: string }> = {
  otherApplications: { en: "other applications", fr: "d'autres demandes" },
  infoAlerts: { en: "info alerts", fr: "des alertes d'information" },
  adverseInformation: { en: "adverse information", fr: "des renseignements défavorables" },
  designatedIndividuals: { en: "designated individuals", fr: "des personnes désignées" },
  accessRequests: { en: "access requests", fr: "des demandes d'accès" },
  enquiries: { en: "enquiries", fr: "des demandes de renseignements" },
  temporaryResidentVisas: { en: "temporary resident visas", fr: "des visas de résident temporaire" },
  fileNotes: { en: "notes on its file", fr: "des notes à son dossier" },
};

/**
 * A provisional client is merged only when the application being matched is all it holds: anything
 * else on it (another application, an alert, a consent, a note) was put there by someone who took
 * it for a person of its own, and an officer must look before it disappears into another file.
 *
 * @example mergeBlockers({ ...nothing, otherApplications: 1 }) // → ["otherApplications"]
 */
export function mergeBlockers(holdings: ProvisionalHoldings): MergeBlocker[] {
  return (Object.keys(BLOCKER_WORDS) as MergeBlocker[]).filter((key) => holdings[key] > 0);
}

/** "other applications, info alerts" / "d'autres demandes, des alertes d'information". */
export function blockerWords(blockers: readonly MergeBlocker[], locale: "en" | "fr"): string {
  return blockers.map((b) => BLOCKER_WORDS[b][locale]).join(", ");
}

export interface NameRow {
  id: number;
  familyKey: string;
  givenKey: string;
}
export interface PassportRow {
  id: string;
  country: string;
  number: string;
}
export interface ContactRow {
  id: string;
  kind: string;
  value: string;
  supersededAt: Date | null;
}

export interface MergePlan {
  /** Names the survivor is not known by: they become its aliases. */
  names: number[];
  /** Passports the survivor does not hold. */
  passports: string[];
  /** Contact details the survivor lacks, current on it after the merge. */
  currentContacts: string[];
  /**
   * Contact details of a kind the survivor already has another value for: they move as history
   * (superseded at the merge), so the address the office relies on does not change unseen.
   */
  historyContacts: string[];
}

/** How a contact value compares: emails without case, any value without outer or doubled spaces. */
export function contactKey(kind: string, value: string): string {
  const trimmed = value.trim().replace(/[ \t]+/g, " ");
  return `${kind}\u0000${kind === "email" ? trimmed.toLowerCase() : trimmed}`;
}

/**
 * What moves from the provisional client to the survivor. Records the survivor already has (the
 * same name, passport or contact value) stay on the provisional client as its history.
 *
 * @example planClientMerge({ names: [{ id: 7, familyKey: "kovalenko", givenKey: "olena" }], … },
 *   { names: [{ id: 2, familyKey: "kovalenko", givenKey: "olena" }], … }) // → { names: [], … }
 */
export function planClientMerge(
  provisional: {
    names: readonly NameRow[];
    passports: readonly PassportRow[];
    contacts: readonly ContactRow[];
  },
  survivor: { names: readonly NameRow[]; passports: readonly PassportRow[]; contacts: readonly ContactRow[] },
): MergePlan {
  const nameKeys = new Set(survivor.names.map((n) => `${n.familyKey}\u0000${n.givenKey}`));
  const names: number[] = [];
  for (const name of provisional.names) {
    const key = `${name.familyKey}\u0000${name.givenKey}`;
    if (nameKeys.has(key)) continue;
    nameKeys.add(key);
    names.push(name.id);
  }
  const passportKeys = new Set(survivor.passports.map((p) => `${p.country}\u0000${p.number.toUpperCase()}`));
  const passports = provisional.passports
    .filter((p) => !passportKeys.has(`${p.country}\u0000${p.number.toUpperCase()}`))
    .map((p) => p.id);
  const known = new Set(survivor.contacts.map((c) => contactKey(c.kind, c.value)));
  const currentKinds = new Set(survivor.contacts.filter((c) => c.supersededAt === null).map((c) => c.kind));
  const currentContacts: string[] = [];
  const historyContacts: string[] = [];
  for (const contact of provisional.contacts) {
    const key = contactKey(contact.kind, contact.value);
    if (known.has(key)) continue;
    known.add(key);
    if (contact.supersededAt === null && !currentKinds.has(contact.kind)) {
      currentContacts.push(contact.id);
      currentKinds.add(contact.kind);
    } else {
      historyContacts.push(contact.id);
    }
  }
  return { names, passports, currentContacts, historyContacts };
}
