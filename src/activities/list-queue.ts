import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { activities, applications, clients, offices, users } from "../db/schema.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";
import { OPEN_STATUSES } from "./activity.schema.ts";

export interface QueueItem {
  id: string;
  activity: string;
  subActivity: string | null;
  status: string;
  dueDate: string | null;
  origin: string;
  officeCode: string;
  assignee: string | null;
  mine: boolean;
  fileNumber: string | null;
  uci: string | null;
  clientName: string | null;
  createdAt: Date;
}

/**
 * "My queue": open activities assigned to the actor, then the unassigned ones of their offices,
 * oldest due date first.
 */
export async function listQueue(
  db: Executor,
  actor: Actor,
  options: { limit?: number } = {},
): Promise<QueueItem[]> {
  const officeIds = officeIdsOf(actor);
  if (officeIds.length === 0 || !actor.userId) return [];
  const rows = await db
    .select({
      a: activities,
      officeCode: offices.code,
      assignee: users.displayName,
      fileNumber: applications.fileNumber,
      uci: clients.uci,
      familyName: clients.familyName,
      givenNames: clients.givenNames,
    })
    .from(activities)
    .innerJoin(offices, eq(offices.id, activities.officeId))
    .leftJoin(users, eq(users.id, activities.assigneeUserId))
    .leftJoin(applications, eq(applications.id, activities.applicationId))
    .leftJoin(clients, eq(clients.id, activities.clientId))
    .where(
      and(
        inArray(activities.status, OPEN_STATUSES),
        or(
          eq(activities.assigneeUserId, actor.userId),
          and(isNull(activities.assigneeUserId), inArray(activities.officeId, officeIds)),
        ),
      ),
    )
    .orderBy(sql`${activities.assigneeUserId} is null`, asc(activities.dueDate), asc(activities.createdAt))
    .limit(options.limit ?? 200);
  return rows.map((row) => ({
    id: row.a.id,
    activity: row.a.activity,
    subActivity: row.a.subActivity,
    status: row.a.status,
    dueDate: row.a.dueDate,
    origin: row.a.origin,
    officeCode: row.officeCode,
    assignee: row.assignee,
    mine: row.a.assigneeUserId === actor.userId,
    fileNumber: row.fileNumber,
    uci: row.uci,
    clientName: row.familyName ? `${row.familyName}, ${row.givenNames}` : null,
    createdAt: row.a.createdAt,
  }));
}
