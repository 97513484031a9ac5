import type { Executor } from "../../db/database.ts";
import { listOffices } from "../../offices/find-office.ts";
import type { Actor } from "../../users/actor.ts";

/** Shown when an office cannot be found; Dossier's offices are in Canada, so Eastern time is the least surprising. */
const FALLBACK_ZONE = "America/Toronto";

/**
 * The time zone of each office, by id, so that a page shows every moment in the zone of the office
 * that holds the record, and the zone of the person's own (first) office for records held by none.
 */
export async function officeZones(db: Executor, actor: Actor) {
  const offices = await listOffices(db);
  const byId = new Map(offices.map((office) => [office.id, office.timeZone]));
  const own = actor.memberships[0] ? byId.get(actor.memberships[0].officeId) : undefined;
  return {
    of: (officeId: string | null | undefined) =>
      (officeId ? byId.get(officeId) : undefined) ?? own ?? FALLBACK_ZONE,
    own: own ?? FALLBACK_ZONE,
  };
}
