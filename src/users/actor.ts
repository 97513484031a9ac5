/** Who is asking, and the rules of what they may see and do. Pure: no I/O. */
import { AppError } from "../shared/errors.ts";

export const ROLES = [
  "officer",
  "decision-maker-1",
  "program-manager",
  "enquiries-agent",
  "administrator",
] as const;
export type Role = (typeof ROLES)[number];

export interface Membership {
  officeId: string;
  officeCode: string;
  role: Role;
}

/** A signed-in user (by session or API key), or the system itself for automated work. */
export interface Actor {
  userId: string | null;
  label: string;
  memberships: Membership[];
  locale: "en" | "fr";
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: "system", memberships: [], locale: "en" };

export function officeIdsOf(actor: Actor): string[] {
  return [...new Set(actor.memberships.map((m) => m.officeId))];
}

export function hasRole(actor: Actor, role: Role, officeId?: string): boolean {
  return actor.memberships.some(
    (m) => m.role === role && (officeId === undefined || m.officeId === officeId),
  );
}

export function isAdministrator(actor: Actor): boolean {
  return hasRole(actor, "administrator");
}

/** Files (applications, and the clients and notes on them) are visible only within the actor's offices. */
export function canWorkInOffice(actor: Actor, officeId: string): boolean {
  return actor.userId === null || actor.memberships.some((m) => m.officeId === officeId);
}

export function assertCanWorkInOffice(actor: Actor, officeId: string, what: string): void {
  if (!canWorkInOffice(actor, officeId)) {
    throw new AppError("forbidden", `You do not work in the office that holds this ${what}.`, {
      messageFr: "Vous ne travaillez pas au bureau responsable de ce dossier.",
    });
  }
}

export function assertAdministrator(actor: Actor): void {
  if (actor.userId !== null && !isAdministrator(actor)) {
    throw new AppError("forbidden", "Only an administrator can do this.", {
      messageFr: "Seul un administrateur peut faire cela.",
    });
  }
}

/** Restricted notes are read by their author, decision makers and program managers of the office. */
export function canReadRestrictedNote(
  actor: Actor,
  note: { officeId: string; authorId: string | null },
): boolean {
  if (actor.userId === null) return true;
  if (note.authorId === actor.userId) return true;
  return (
    hasRole(actor, "decision-maker-1", note.officeId) ||
    hasRole(actor, "program-manager", note.officeId) ||
    hasRole(actor, "administrator", note.officeId)
  );
}
