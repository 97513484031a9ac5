/**
 * A request for reconsideration as its page shows it: the record, the decision it is about, the
 * application, and the non-receipt facts as they stand now (the facts kept at recording stay on
 * the record for comparison). Reads only.
 */
import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications, decisions, offices, reconsiderationRequests } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import { type Actor, canWorkInOffice } from "../users/actor.ts";
import type { NonReceiptFacts } from "./assess-non-receipt.ts";
import { loadNonReceiptFacts } from "./load-non-receipt-facts.ts";

export async function loadReconsideration(db: Executor, actor: Actor, id: string) {
  const notFound = new AppError("not_found", "reconsiderationId: no such reconsideration in your offices", {
    field: "reconsiderationId",
    messageFr: "reconsiderationId : aucun réexamen de ce numéro dans vos bureaux",
  });
  if (!isUuid(id)) throw notFound;
  const [reconsideration] = await db
    .select()
    .from(reconsiderationRequests)
    .where(eq(reconsiderationRequests.id, id));
  if (!reconsideration || !canWorkInOffice(actor, reconsideration.officeId)) throw notFound;
  const [application] = await db
    .select()
    .from(applications)
    .where(eq(applications.id, reconsideration.applicationId));
  const [decision] = await db.select().from(decisions).where(eq(decisions.id, reconsideration.decisionId));
  const [office] = application
    ? await db.select().from(offices).where(eq(offices.id, application.officeId))
    : [];
  if (!application || !decision || !office)
    throw new AppError("internal", "the reconsideration's file is incomplete");
  const facts: NonReceiptFacts | null =
    reconsideration.groundsKind === "non-receipt"
      ? await loadNonReceiptFacts(db, {
          application,
          timeZone: office.timeZone,
          requestCorrespondenceId: decision.requestCorrespondenceId,
        })
      : null;
  return { reconsideration, application, decision, office, facts };
}
