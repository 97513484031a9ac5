/** The access requests of the actor's offices, the open ones first by the day they are due. */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { accessRequests, applications, clients, offices } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";
import { type ListAccessRequestsInput, ZListAccessRequests } from "./access-request.schema.ts";
import { daysLeft } from "./access-request-deadlines.ts";

export interface AccessRequestListItem {
  id: string;
  officeCode: string;
  uci: string;
  clientName: string;
  fileNumber: string | null;
  receivedDate: string;
  requesterName: string;
  requesterKind: string;
  act: string;
  /** The date that binds now: the extended one, if any. */
  dueDate: string;
  extended: boolean;
  /** Days left until the due date (0: due today; negative: overdue), in the office's zone. */
  daysLeft: number;
  overdue: boolean;
}

/**
 * @example await listAccessRequests(db, officer, { officeCode: "OTT" })
 *   // → [{ fileNumber: "V000012345", dueDate: "2026-03-09", daysLeft: -2, overdue: true, … }]
 */
export async function listAccessRequests(
  db: Executor,
  actor: Actor,
  input: ListAccessRequestsInput = {},
  now: Date = new Date(),
): Promise<AccessRequestListItem[]> {
  const data = validate(ZListAccessRequests, input);
  const officeIds = actor.userId === null ? null : officeIdsOf(actor);
  if (officeIds && officeIds.length === 0) return [];
  const due = sql<string>`coalesce(${accessRequests.extendedDueDate}, ${accessRequests.dueDate})`;
  const rows = await db
    .select({
      request: accessRequests,
      officeCode: offices.code,
      timeZone: offices.timeZone,
      uci: clients.uci,
      familyName: clients.familyName,
      givenNames: clients.givenNames,
      fileNumber: applications.fileNumber,
    })
    .from(accessRequests)
    .innerJoin(offices, eq(offices.id, accessRequests.officeId))
    .innerJoin(clients, eq(clients.id, accessRequests.clientId))
    .leftJoin(applications, eq(applications.id, accessRequests.applicationId))
    .where(
      and(
        isNull(accessRequests.completedDate),
        officeIds ? inArray(accessRequests.officeId, officeIds) : undefined,
        data.officeCode ? eq(offices.code, data.officeCode) : undefined,
      ),
    )
    .orderBy(asc(due), asc(accessRequests.receivedDate), asc(accessRequests.id));
  return rows.map((row) => {
    const r = row.request;
    const dueDate = r.extendedDueDate ?? r.dueDate;
    const left = daysLeft(dueDate, todayIn(row.timeZone, now));
    return {
      id: r.id,
      officeCode: row.officeCode,
      uci: row.uci,
      clientName: `${row.familyName.toUpperCase()}, ${row.givenNames}`,
      fileNumber: row.fileNumber,
      receivedDate: r.receivedDate,
      requesterName: r.requesterName,
      requesterKind: r.requesterKind,
      act: r.act,
      dueDate,
      extended: r.extendedDueDate !== null,
      daysLeft: left,
      overdue: left < 0,
    };
  });
}

/** Whether an application has an open access request (for its page). */
export async function countOpenAccessRequests(db: Executor, applicationId: string): Promise<number> {
  const rows = await db
    .select({ id: accessRequests.id })
    .from(accessRequests)
    .where(and(eq(accessRequests.applicationId, applicationId), isNull(accessRequests.completedDate)));
  return rows.length;
}
