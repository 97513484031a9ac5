import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { accessRequests } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { type Actor, canWorkInOffice } from "../users/actor.ts";
import { type AccessRequest, ZAccessRequestId } from "./access-request.schema.ts";

/** The access request with this id if the actor works in the office handling it; not found otherwise. */
export async function findVisibleAccessRequest(
  db: Executor,
  actor: Actor,
  idInput: string,
  options: { forUpdate?: boolean } = {},
): Promise<AccessRequest> {
  const parsed = ZAccessRequestId.safeParse(idInput.trim());
  if (!parsed.success) {
    throw new AppError("invalid_input", "id: must be the id of an access request", { field: "id" });
  }
  const query = db.select().from(accessRequests).where(eq(accessRequests.id, parsed.data));
  const [request] = options.forUpdate ? await query.for("update") : await query;
  if (!request || !canWorkInOffice(actor, request.officeId)) {
    throw new AppError("not_found", `id: no access request ${parsed.data} in your offices`, {
      field: "id",
      messageFr: `id : aucune demande d'accès ${parsed.data} dans vos bureaux`,
    });
  }
  return request;
}
