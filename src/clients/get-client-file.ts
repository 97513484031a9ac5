import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import {
  activities,
  applications,
  clientNames,
  contactDetails,
  edocs,
  infoAlerts,
  notes,
  offices,
  passports,
} from "../db/schema.ts";
import { type Actor, canReadRestrictedNote, officeIdsOf } from "../users/actor.ts";
import type { Client } from "./create-client.ts";
import { findVisibleClient } from "./find-visible-client.ts";

export interface VisibleNote {
  id: string;
  createdAt: Date;
  authorLabel: string;
  restricted: boolean;
  /** Null when the note is restricted and the reader is not entitled to it. */
  body: string | null;
  applicationId: string | null;
  correctsNoteId: string | null;
}

export function toVisibleNote(actor: Actor, note: typeof notes.$inferSelect): VisibleNote {
  const readable = !note.restricted || canReadRestrictedNote(actor, note);
  return {
    id: note.id,
    createdAt: note.createdAt,
    authorLabel: note.authorLabel,
    restricted: note.restricted,
    body: readable ? note.body : null,
    applicationId: note.applicationId,
    correctsNoteId: note.correctsNoteId,
  };
}

/** Everything on a client that the actor may see: identity, contacts with history, files, notes, eDocs. */
export async function getClientFile(db: Executor, actor: Actor, uci: string) {
  const client: Client = await findVisibleClient(db, actor, uci);
  const officeIds = actor.userId === null ? null : officeIdsOf(actor);
  const [names, passportRows, contacts, apps, noteRows, edocRows, alerts, activityRows] = await Promise.all([
    db.select().from(clientNames).where(eq(clientNames.clientId, client.id)).orderBy(asc(clientNames.id)),
    db.select().from(passports).where(eq(passports.clientId, client.id)).orderBy(desc(passports.expiryDate)),
    db
      .select()
      .from(contactDetails)
      .where(eq(contactDetails.clientId, client.id))
      .orderBy(desc(contactDetails.recordedAt)),
    db
      .select({ application: applications, officeCode: offices.code })
      .from(applications)
      .innerJoin(offices, eq(offices.id, applications.officeId))
      .where(
        and(
          eq(applications.clientId, client.id),
          officeIds ? inArray(applications.officeId, officeIds) : undefined,
        ),
      )
      .orderBy(desc(applications.receivedDate)),
    db.select().from(notes).where(eq(notes.clientId, client.id)).orderBy(desc(notes.createdAt)),
    db.select().from(edocs).where(eq(edocs.clientId, client.id)).orderBy(desc(edocs.createdAt)),
    db
      .select()
      .from(infoAlerts)
      .where(eq(infoAlerts.clientId, client.id))
      .orderBy(desc(infoAlerts.validFrom)),
    db
      .select()
      .from(activities)
      .where(eq(activities.clientId, client.id))
      .orderBy(desc(activities.createdAt)),
  ]);
  const visibleApplicationIds = new Set(apps.map((a) => a.application.id));
  const inView = (row: { applicationId: string | null }) =>
    row.applicationId === null || visibleApplicationIds.has(row.applicationId);
  return {
    client,
    aliases: names
      .filter((n) => n.kind === "alias")
      .map(({ familyName, givenNames }) => ({ familyName, givenNames })),
    passports: passportRows,
    contacts,
    applications: apps.map((a) => ({ ...a.application, officeCode: a.officeCode })),
    notes: noteRows.filter(inView).map((n) => toVisibleNote(actor, n)),
    edocs: edocRows
      .filter(inView)
      .map(({ id, fileName, mediaType, size, sha256, kind, createdAt, applicationId }) => ({
        id,
        fileName,
        mediaType,
        size,
        sha256,
        kind,
        createdAt,
        applicationId,
      })),
    infoAlerts: alerts,
    activities: activityRows.filter(inView),
  };
}
export type ClientFile = Awaited<ReturnType<typeof getClientFile>>;
