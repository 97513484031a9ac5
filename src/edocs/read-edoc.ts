import { eq } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Executor } from "../db/database.ts";
import { applications, blobs, clients, edocs } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import type { Actor } from "../users/actor.ts";

/** The eDoc's record and exact bytes, for someone entitled to the file it is on. */
export async function readEdoc(db: Executor, actor: Actor, edocId: string) {
  if (!isUuid(edocId)) throw new AppError("invalid_input", "edocId: must be an eDoc id", { field: "edocId" });
  const [row] = await db
    .select({ edoc: edocs, content: blobs.content, uci: clients.uci, fileNumber: applications.fileNumber })
    .from(edocs)
    .innerJoin(blobs, eq(blobs.sha256, edocs.sha256))
    .innerJoin(clients, eq(clients.id, edocs.clientId))
    .leftJoin(applications, eq(applications.id, edocs.applicationId))
    .where(eq(edocs.id, edocId));
  if (!row) throw new AppError("not_found", "edocId: no such eDoc", { field: "edocId" });
  // Access follows the file the eDoc is on.
  if (row.fileNumber) await findVisibleApplication(db, actor, row.fileNumber);
  else await findVisibleClient(db, actor, row.uci);
  return { edoc: row.edoc, content: row.content };
}
