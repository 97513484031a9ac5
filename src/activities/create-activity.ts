import { and, eq } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Db, Tx } from "../db/database.ts";
import { activities, memberships, users } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertCanWorkInOffice } from "../users/actor.ts";
import { type CreateActivityInput, ZCreateActivity } from "./activity.schema.ts";

export type Activity = typeof activities.$inferSelect;

/**
 * Puts a work item in an office queue (or a person's), e.g. "Candidate ID Decision" created by
 * automation. Other modules call this inside their own transaction through `insertActivity`.
 */
export async function createActivity(db: Db, actor: Actor, input: CreateActivityInput): Promise<Activity> {
  const data = validate(ZCreateActivity, input);
  return db.transaction(async (tx) => {
    const office = await findOfficeByCode(tx, data.officeCode);
    assertCanWorkInOffice(actor, office.id, "office");
    let clientId: string | null = null;
    let applicationId: string | null = null;
    if (data.fileNumber) {
      const application = await findVisibleApplication(tx, actor, data.fileNumber);
      clientId = application.clientId;
      applicationId = application.id;
    } else if (data.uci) {
      clientId = (await findVisibleClient(tx, actor, data.uci)).id;
    }
    const assigneeUserId = data.assigneeEmail ? await findAssignee(tx, data.assigneeEmail, office.id) : null;
    return insertActivity(tx, actor, {
      activity: data.activity,
      subActivity: data.subActivity ?? null,
      officeId: office.id,
      assigneeUserId,
      dueDate: data.dueDate ?? null,
      clientId,
      applicationId,
      details: data.details ?? null,
    });
  });
}

/** What a caller says of a new activity; status, origin and author follow from it and the actor. */
export type NewActivity = Pick<
  Activity,
  | "activity"
  | "subActivity"
  | "officeId"
  | "assigneeUserId"
  | "dueDate"
  | "clientId"
  | "applicationId"
  | "details"
> & {
  /** The correspondence the work is about; the operation that does the work completes it by this. */
  correspondenceId?: string | null;
};

/** Inserts an activity and its audit event within the caller's transaction. */
export async function insertActivity(tx: Tx, actor: Actor, values: NewActivity): Promise<Activity> {
  const [activity] = await insertActivities(tx, actor, [values]);
  if (!activity) throw new AppError("internal", "activity not created");
  return activity;
}

/**
 * Inserts activities, in the order given, with their audit events (one append) within the
 * caller's transaction. An unassigned activity waits in its office queue for review; an assigned
 * one is in progress.
 */
export async function insertActivities(
  tx: Tx,
  actor: Actor,
  values: readonly NewActivity[],
): Promise<Activity[]> {
  if (values.length === 0) return [];
  const created: Activity[] = [];
  for (let i = 0; i < values.length; i += 1_000) {
    const rows = values.slice(i, i + 1_000).map((v) => ({
      ...v,
      correspondenceId: v.correspondenceId ?? null,
      status: v.assigneeUserId ? "in-progress" : "review-required",
      origin: actor.userId ? "user" : "automation",
      createdBy: actor.userId,
    }));
    created.push(...(await tx.insert(activities).values(rows).returning()));
  }
  if (created.length !== values.length) throw new AppError("internal", "activities not created");
  await recordAuditEvents(
    tx,
    actor,
    created.map((activity) => ({
      action: "activity.created",
      entityType: "activity",
      entityId: activity.id,
      officeId: activity.officeId,
      after: activity,
    })),
  );
  return created;
}

/** The user with this email, who must work in the activity's office. */
export async function findAssignee(tx: Tx, email: string, officeId: string): Promise<string> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(
      and(eq(users.email, email.toLowerCase()), eq(memberships.officeId, officeId), eq(users.active, true)),
    )
    .limit(1);
  if (!row) {
    throw new AppError(
      "invalid_input",
      `assigneeEmail: ${email} is not an active user of the activity's office`,
      {
        field: "assigneeEmail",
      },
    );
  }
  return row.id;
}
