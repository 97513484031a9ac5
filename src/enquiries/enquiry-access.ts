/**
 * Who works on an office's enquiries: its enquiries agents, officers (level-1 decision makers
 * included) and program managers, who triage escalations and watch response times. An
 * administrator who holds none of these roles configures the office without reading its mail.
 * Pure: no I/O.
 */
import { AppError } from "../shared/errors.ts";
import type { Actor, Role } from "../users/actor.ts";

const ENQUIRY_ROLES: ReadonlySet<Role> = new Set([
  "enquiries-agent",
  "officer",
  "decision-maker-1",
  "program-manager",
]);

/** The offices whose enquiries the actor may read. */
export function enquiryOfficeIds(actor: Actor): string[] {
  return [...new Set(actor.memberships.filter((m) => ENQUIRY_ROLES.has(m.role)).map((m) => m.officeId))];
}

export function canReadEnquiries(actor: Actor, officeId?: string): boolean {
  if (actor.userId === null) return true;
  return actor.memberships.some(
    (m) => ENQUIRY_ROLES.has(m.role) && (officeId === undefined || m.officeId === officeId),
  );
}

export function assertCanReadEnquiries(actor: Actor): void {
  if (!canReadEnquiries(actor)) {
    throw new AppError(
      "forbidden",
      "Only enquiries agents, officers and program managers of an office read its enquiries.",
      {
        messageFr:
          "Seuls les agents des demandes de renseignements, les agents et les gestionnaires de programme d'un bureau lisent ses demandes.",
      },
    );
  }
}
