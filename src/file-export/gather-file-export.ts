/**
 * Reads everything the client's file holds, as the client would receive it: the application header,
 * assessments, correspondence both ways with its eDocs, the history of statuses and locations, and
 * every note, in date order. Restricted notes are withheld with the exemption they fall under; their
 * text never leaves this function.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Executor } from "../db/database.ts";
import {
  activities,
  applications,
  auditEvents,
  clients,
  correspondence,
  edocs,
  enquiries,
  enquiryMessages,
  inboundMessages,
  notes,
  offices,
  representatives,
} from "../db/schema.ts";
import type { Language } from "../evidence/evidence-wording.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";
import { exemptionOf, withheldMarker } from "./exemptions.ts";
import type {
  ExportApplication,
  ExportCorrespondence,
  ExportDocument,
  ExportNote,
  ExportTarget,
  FileExport,
} from "./file-export.schema.ts";
import { codeText, historyEntryText } from "./file-export-wording.ts";

type Application = typeof applications.$inferSelect;
type EdocRow = typeof edocs.$inferSelect;

const iso = (date: Date) => date.toISOString();
const byTime = <T extends { at: string }>(a: T, b: T) => a.at.localeCompare(b.at);

function toDocument(edoc: EdocRow): ExportDocument {
  return {
    id: edoc.id,
    fileName: edoc.fileName,
    kind: edoc.kind,
    size: edoc.size,
    sha256: edoc.sha256,
    storedAt: iso(edoc.createdAt),
  };
}

export function toExportNote(
  note: typeof notes.$inferSelect,
  fileNumber: string | null,
  lang: Language,
): ExportNote {
  const base = {
    id: note.id,
    at: iso(note.createdAt),
    author: note.authorLabel,
    fileNumber,
    correctsNoteId: note.correctsNoteId,
    restricted: note.restricted,
  };
  if (!note.restricted) return { ...base, body: note.body };
  // Whoever prepares the copy, a restricted note is released to nobody outside: the export is what
  // the applicant receives, not what the officer may read.
  const { exemption, recorded } = exemptionOf(note);
  return {
    ...base,
    withheld: { exemption, exemptionRecorded: recorded, marker: withheldMarker(exemption, lang) },
  };
}

/** The applications of the export and the client they belong to, or not_found outside the actor's offices. */
async function resolveTarget(db: Executor, actor: Actor, target: ExportTarget) {
  if ("fileNumber" in target) {
    const application = await findVisibleApplication(db, actor, target.fileNumber);
    const [client] = await db.select().from(clients).where(eq(clients.id, application.clientId));
    return { client: client!, applications: [application] };
  }
  const client = await findVisibleClient(db, actor, target.uci);
  const officeIds = actor.userId === null ? null : officeIdsOf(actor);
  const apps = await db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.clientId, client.id),
        officeIds ? inArray(applications.officeId, officeIds) : undefined,
      ),
    )
    .orderBy(asc(applications.receivedDate), asc(applications.fileNumber));
  return { client, applications: apps };
}

/** The language of the export when none is asked for: the file's, or the first application's. */
export function exportLanguage(apps: Application[], asked: Language | undefined): Language {
  if (asked) return asked;
  return apps[0]?.language === "fr" ? "fr" : "en";
}

export async function gatherFileExport(
  db: Executor,
  actor: Actor,
  target: ExportTarget,
  options: { lang?: Language | undefined; now: Date },
): Promise<{
  facts: FileExport;
  applications: { id: string; officeId: string }[];
  clientId: string;
  officeId: string;
}> {
  const resolved = await resolveTarget(db, actor, target);
  const { client } = resolved;
  const lang = exportLanguage(resolved.applications, options.lang);
  const exported: ExportApplication[] = [];
  for (const application of resolved.applications) {
    exported.push(await gatherApplication(db, application, lang));
  }
  const clientNoteRows = await db
    .select()
    .from(notes)
    .where(and(eq(notes.clientId, client.id), isNull(notes.applicationId)))
    .orderBy(asc(notes.createdAt), asc(notes.id));
  const clientNotes = clientNoteRows.map((n) => toExportNote(n, null, lang));
  const withheldNotes = [...clientNotes, ...exported.flatMap((a) => a.notes)].filter(
    (n) => n.withheld,
  ).length;
  const officeId = resolved.applications[0]?.officeId ?? client.officeId;
  const [office] = await db.select().from(offices).where(eq(offices.id, officeId));
  const facts: FileExport = {
    format: "dossier-file-export/1",
    language: lang,
    generatedAt: iso(options.now),
    generatedBy: actor.label,
    timeZone: office?.timeZone ?? "America/Toronto",
    target,
    client: {
      uci: client.uci,
      familyName: client.familyName,
      givenNames: client.givenNames,
      dateOfBirth: client.dateOfBirth,
      sex: client.sex,
      countryOfBirth: client.countryOfBirth,
      citizenships: client.citizenships,
      statusInCanada: client.statusInCanada,
    },
    clientNotes,
    applications: exported,
    withheldNotes,
  };
  return {
    facts,
    applications: resolved.applications.map(({ id, officeId }) => ({ id, officeId })),
    clientId: client.id,
    officeId,
  };
}

async function gatherApplication(db: Executor, application: Application, lang: Language) {
  const [office] = await db.select().from(offices).where(eq(offices.id, application.officeId));
  const [reps, activityRows, correspondenceRows, edocRows, noteRows, enquiryRows, events] = await Promise.all(
    [
      db
        .select()
        .from(representatives)
        .where(eq(representatives.applicationId, application.id))
        .orderBy(asc(representatives.validFrom)),
      db
        .select()
        .from(activities)
        .where(eq(activities.applicationId, application.id))
        .orderBy(asc(activities.createdAt), asc(activities.id)),
      db
        .select()
        .from(correspondence)
        .where(eq(correspondence.applicationId, application.id))
        .orderBy(asc(correspondence.createdAt), asc(correspondence.id)),
      db
        .select()
        .from(edocs)
        .where(eq(edocs.applicationId, application.id))
        .orderBy(asc(edocs.createdAt), asc(edocs.id)),
      db
        .select()
        .from(notes)
        .where(eq(notes.applicationId, application.id))
        .orderBy(asc(notes.createdAt), asc(notes.id)),
      db
        .select()
        .from(enquiries)
        .where(eq(enquiries.applicationId, application.id))
        .orderBy(asc(enquiries.receivedAt)),
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityType, "application"), eq(auditEvents.entityId, application.id)))
        .orderBy(asc(auditEvents.seq)),
    ],
  );
  const correspondenceIds = correspondenceRows.map((r) => r.id);
  const enquiryIds = enquiryRows.map((e) => e.id);
  const [returned, messageRows, enquiryEdocs] = await Promise.all([
    correspondenceIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(inboundMessages)
          .where(inArray(inboundMessages.correspondenceId, correspondenceIds))
          .orderBy(asc(inboundMessages.receivedAt)),
    enquiryIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(enquiryMessages)
          .where(inArray(enquiryMessages.enquiryId, enquiryIds))
          .orderBy(asc(enquiryMessages.createdAt)),
    enquiryIds.length === 0
      ? Promise.resolve([])
      : db.select().from(edocs).where(inArray(edocs.enquiryId, enquiryIds)).orderBy(asc(edocs.createdAt)),
  ]);
  const allEdocs = new Map<string, EdocRow>();
  for (const e of [...edocRows, ...enquiryEdocs]) allEdocs.set(e.id, e);
  const edocsOfCorrespondence = (id: string, bounceEdocId: string | null) =>
    [...allEdocs.values()].filter((e) => e.correspondenceId === id || e.id === bounceEdocId).map(toDocument);

  const items: ExportCorrespondence[] = correspondenceRows.map((row) => ({
    id: row.id,
    at: iso(row.createdAt),
    source: "correspondence",
    direction: row.direction === "in" ? "in" : "out",
    channel: row.channel,
    subject: row.subject,
    status: row.status,
    statusText:
      row.status === "sent" && row.address
        ? `${codeText("correspondenceStatus", "sent", lang)}, ${codeText("channel", row.channel, lang).toLowerCase()}, ${
            lang === "fr" ? "à" : "to"
          } ${row.address}`
        : codeText("correspondenceStatus", row.status, lang),
    address: row.address,
    sentAt: row.sentAt ? iso(row.sentAt) : null,
    responseDueDate: row.responseDueDate,
    reference: null,
    body: row.bodyText,
    edocs: edocsOfCorrespondence(row.id, row.bounceEdocId),
  }));
  for (const message of returned) {
    const about = correspondenceRows.find((r) => r.id === message.correspondenceId);
    items.push({
      id: message.id,
      at: iso(message.receivedAt),
      source: "returned-mail",
      direction: "in",
      channel: "email",
      subject: message.subject ?? "",
      status: message.classification,
      statusText: `${codeText("returnedMail", message.classification ?? "other", lang)}${
        about ? (lang === "fr" ? ` — au sujet de « ${about.subject} »` : ` — about “${about.subject}”`) : ""
      }`,
      address: message.envelopeFrom,
      sentAt: null,
      responseDueDate: null,
      reference: null,
      body: null,
      edocs:
        about?.bounceEdocId && allEdocs.has(about.bounceEdocId)
          ? [toDocument(allEdocs.get(about.bounceEdocId)!)]
          : [],
    });
  }
  for (const message of messageRows) {
    // A message never sent (held back, still queued) is not correspondence the applicant had.
    if (message.direction === "out" && message.status !== "sent") continue;
    const enquiry = enquiryRows.find((e) => e.id === message.enquiryId);
    const at =
      message.direction === "in"
        ? (message.receivedAt ?? message.createdAt)
        : (message.sentAt ?? message.createdAt);
    items.push({
      id: message.id,
      at: iso(at),
      source: "enquiry",
      direction: message.direction === "in" ? "in" : "out",
      channel: enquiry?.channel ?? "email",
      subject: message.subject,
      status: message.direction === "in" ? "received" : "sent",
      statusText: `${codeText("correspondenceStatus", message.direction === "in" ? "received" : "sent", lang)} — ${
        enquiry?.reference ?? ""
      }`,
      address: message.direction === "in" ? message.fromAddress : (message.toAddresses[0] ?? null),
      sentAt: message.sentAt ? iso(message.sentAt) : null,
      responseDueDate: null,
      reference: enquiry?.reference ?? null,
      body: message.bodyText,
      edocs:
        message.edocId && allEdocs.has(message.edocId) ? [toDocument(allEdocs.get(message.edocId)!)] : [],
    });
  }
  items.sort(byTime);

  const history = events.flatMap((event) => {
    const entry = historyEntryText(event, lang);
    return entry ? [{ at: iso(event.at), by: event.actorLabel, ...entry }] : [];
  });

  const result: ExportApplication = {
    fileNumber: application.fileNumber,
    lineOfBusiness: application.lineOfBusiness,
    lineOfBusinessText: codeText("lineOfBusiness", application.lineOfBusiness, lang),
    office: { code: office?.code ?? "", name: (lang === "fr" ? office?.nameFr : office?.nameEn) ?? "" },
    status: application.status,
    statusText: codeText("applicationStatus", application.status, lang),
    statusReason: application.statusReason,
    receivedDate: application.receivedDate,
    openedAt: iso(application.createdAt),
    language: application.language === "fr" ? "fr" : "en",
    representatives: reps.map((r) => ({
      name: r.name,
      email: r.email,
      validFrom: r.validFrom,
      validTo: r.validTo,
    })),
    assessments: activityRows.map((a) => ({
      id: a.id,
      activity: a.activity,
      subActivity: a.subActivity,
      status: a.status,
      statusText: codeText("activityStatus", a.status, lang),
      dueDate: a.dueDate,
      createdAt: iso(a.createdAt),
      completedAt: a.completedAt ? iso(a.completedAt) : null,
    })),
    correspondence: items,
    documents: edocRows.map(toDocument),
    history,
    notes: noteRows.map((n) => toExportNote(n, application.fileNumber, lang)),
  };
  return result;
}
