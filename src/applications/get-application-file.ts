import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { toVisibleNote } from "../clients/get-client-file.ts";
import type { Executor } from "../db/database.ts";
import {
  activities,
  auditEvents,
  clients,
  contactDetails,
  correspondence,
  edocs,
  notes,
  offices,
  representatives,
  users,
} from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { findVisibleApplication } from "./find-visible-application.ts";

/** An application with every tab of its file: correspondence, notes, eDocs, activities, history. */
export async function getApplicationFile(db: Executor, actor: Actor, fileNumber: string) {
  const application = await findVisibleApplication(db, actor, fileNumber);
  const [client] = await db.select().from(clients).where(eq(clients.id, application.clientId));
  const [office] = await db.select().from(offices).where(eq(offices.id, application.officeId));
  const [reps, contacts, correspondenceRows, noteRows, edocRows, activityRows] = await Promise.all([
    db
      .select()
      .from(representatives)
      .where(eq(representatives.applicationId, application.id))
      .orderBy(desc(representatives.validFrom)),
    db
      .select()
      .from(contactDetails)
      .where(eq(contactDetails.clientId, application.clientId))
      .orderBy(desc(contactDetails.recordedAt)),
    db
      .select()
      .from(correspondence)
      .where(eq(correspondence.applicationId, application.id))
      .orderBy(desc(correspondence.createdAt)),
    db.select().from(notes).where(eq(notes.applicationId, application.id)).orderBy(desc(notes.createdAt)),
    db.select().from(edocs).where(eq(edocs.applicationId, application.id)).orderBy(desc(edocs.createdAt)),
    db
      .select({ activity: activities, assignee: users.displayName })
      .from(activities)
      .leftJoin(users, eq(users.id, activities.assigneeUserId))
      .where(eq(activities.applicationId, application.id))
      .orderBy(desc(activities.createdAt)),
  ]);
  const activityIds = activityRows.map((row) => row.activity.id);
  const history = await db
    .select()
    .from(auditEvents)
    .where(
      or(
        and(eq(auditEvents.entityType, "application"), eq(auditEvents.entityId, application.id)),
        activityIds.length > 0
          ? and(eq(auditEvents.entityType, "activity"), inArray(auditEvents.entityId, activityIds))
          : undefined,
      ),
    )
    .orderBy(asc(auditEvents.seq));
  return {
    application,
    client: client!,
    office: office!,
    representatives: reps,
    contacts,
    correspondence: correspondenceRows,
    notes: noteRows.map((n) => toVisibleNote(actor, n)),
    edocs: edocRows,
    activities: activityRows.map((row) => ({ ...row.activity, assignee: row.assignee })),
    history: history.map(({ seq, at, actorLabel, action, before, after }) => ({
      seq,
      at,
      actorLabel,
      action,
      before,
      after,
    })),
  };
}
export type ApplicationFile = Awaited<ReturnType<typeof getApplicationFile>>;
