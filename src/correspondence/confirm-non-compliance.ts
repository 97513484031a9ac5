/**
 * The officer's answer to a "Response overdue" activity: the drafted note becomes a real note on the
 * file, with the ending the officer chose (the applicant failed to comply, or asked for an
 * extension), and the activity is completed, in one transaction.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { changeActivity } from "../activities/change-activity.ts";
import type { Activity } from "../activities/create-activity.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db, Executor } from "../db/database.ts";
import { activities, applications, correspondence, offices } from "../db/schema.ts";
import type { LetterLanguage } from "../letters/letter-templates.ts";
import type { Note } from "../notes/add-note.ts";
import { insertNote } from "../notes/insert-note.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { zLanguage, zText } from "../shared/schemas.ts";
import { isUuid } from "../shared/uuid.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertCanWorkInOffice } from "../users/actor.ts";
import { overdueRequestOf, RESPONSE_OVERDUE_ACTIVITY } from "./detect-overdue-responses.ts";
import {
  draftNonComplianceNote,
  isRequestTemplate,
  NON_COMPLIANCE_OUTCOMES,
  type NonComplianceFacts,
  type NonComplianceOutcome,
} from "./draft-non-compliance-note.ts";
import type { Correspondence } from "./queue-email.ts";

export const ZConfirmNonCompliance = z.object({
  outcome: z.enum(NON_COMPLIANCE_OUTCOMES, {
    message: `must be one of ${NON_COMPLIANCE_OUTCOMES.join(", ")}`,
  }),
  /** Anything the officer adds after the seed's wording (what the client said, for instance). */
  remarks: z
    .union([zText(5_000), z.literal("")])
    .optional()
    .transform((value) => value || undefined),
  /** The note's language; by default the officer's. */
  language: zLanguage.optional(),
});
export type ConfirmNonComplianceInput = z.input<typeof ZConfirmNonCompliance>;

export interface NonComplianceDraft {
  activity: Activity;
  request: Correspondence;
  fileNumber: string;
  facts: NonComplianceFacts;
}

/**
 * The activity, the request it is about and the facts of the note, for the page that shows the
 * draft. Throws `invalid_state` when the activity is not a "Response overdue".
 */
export async function loadNonComplianceDraft(
  db: Executor,
  actor: Actor,
  activityId: string,
): Promise<NonComplianceDraft> {
  if (!isUuid(activityId)) {
    throw new AppError("invalid_input", "activityId: must be an activity id", { field: "activityId" });
  }
  const [activity] = await db.select().from(activities).where(eq(activities.id, activityId));
  if (!activity) throw new AppError("not_found", "activityId: no such activity", { field: "activityId" });
  assertCanWorkInOffice(actor, activity.officeId, "activity");
  return draftOf(db, activity);
}

/**
 * @example await confirmNonCompliance(db, officer, activityId, { outcome: "failed-to-comply" })
 *   // → { note: { body: "An email, requesting additional documentation, was sent to the applicant. …" }, activity: { status: "completed" } }
 */
export async function confirmNonCompliance(
  db: Db,
  actor: Actor,
  activityId: string,
  input: ConfirmNonComplianceInput,
): Promise<{ note: Note; activity: Activity }> {
  const data = validate(ZConfirmNonCompliance, input);
  const language: LetterLanguage = data.language ?? actor.locale;
  let note: Note | undefined;
  // The shared path locks the activity, checks the office and that it is open, and audits it.
  const activity = await changeActivity(db, actor, activityId, "completed", async (tx, open) => {
    const { facts, request } = await draftOf(tx, open);
    const body = [draftNonComplianceNote(facts, data.outcome, language), data.remarks]
      .filter(Boolean)
      .join("\n\n");
    const inserted = await insertNote(
      tx,
      actor,
      {
        clientId: open.clientId ?? (await clientOf(tx, request.applicationId)),
        applicationId: request.applicationId,
        officeId: open.officeId,
      },
      body,
    );
    note = inserted;
    await recordAuditEvent(tx, actor, {
      action: "note.added",
      entityType: "application",
      entityId: request.applicationId,
      officeId: open.officeId,
      after: { id: inserted.id, restricted: false, correctsNoteId: null, length: inserted.body.length },
    });
    return {
      status: "completed",
      completedAt: new Date(),
      assigneeUserId: open.assigneeUserId ?? actor.userId,
      details: [open.details, `Outcome: ${OUTCOME_WORDS[data.outcome]} (note ${inserted.id})`]
        .filter(Boolean)
        .join("\n\n"),
    };
  });
  if (!note) throw new AppError("internal", "note not added");
  return { note, activity };
}

const OUTCOME_WORDS: Record<NonComplianceOutcome, string> = {
  "failed-to-comply": "the applicant failed to comply with the request",
  "requested-extension": "the applicant requested an extension",
};

async function draftOf(db: Executor, activity: Activity): Promise<NonComplianceDraft> {
  const request = activity.activity === RESPONSE_OVERDUE_ACTIVITY ? overdueRequestOf(activity.details) : null;
  if (!request) {
    throw new AppError(
      "invalid_state",
      `This activity is not a “${RESPONSE_OVERDUE_ACTIVITY}”; it has no note to confirm.`,
      {
        messageFr: `Cette activité n’est pas une « ${RESPONSE_OVERDUE_ACTIVITY} » ; elle n’a pas de note à confirmer.`,
      },
    );
  }
  const [row] = await db
    .select({ correspondence, application: applications, office: offices })
    .from(correspondence)
    .innerJoin(applications, eq(applications.id, correspondence.applicationId))
    .innerJoin(offices, eq(offices.id, applications.officeId))
    .where(eq(correspondence.id, request.correspondenceId));
  if (!row || !isRequestTemplate(row.correspondence.templateId)) {
    throw new AppError(
      "internal",
      `the request ${request.correspondenceId} of activity ${activity.id} is missing`,
    );
  }
  const { correspondence: sent, application, office } = row;
  const lineOfBusiness = (LINES_OF_BUSINESS as readonly string[]).includes(application.lineOfBusiness)
    ? (application.lineOfBusiness as LineOfBusiness)
    : "temporary-residence";
  return {
    activity,
    request: sent,
    fileNumber: application.fileNumber,
    facts: {
      templateId: row.correspondence.templateId as NonComplianceFacts["templateId"],
      channel: sent.channel === "paper" ? "paper" : "email",
      lineOfBusiness,
      sentOn: todayIn(office.timeZone, sent.sentAt ?? sent.createdAt),
      address: sent.address ?? "",
      // The date the applicant was given and missed, as the activity recorded it (an extension
      // since then cancels the activity, so the two agree while it is open).
      dueDate: request.dueDate,
      correspondenceId: sent.id,
    },
  };
}

async function clientOf(db: Executor, applicationId: string): Promise<string> {
  const [application] = await db
    .select({ clientId: applications.clientId })
    .from(applications)
    .where(eq(applications.id, applicationId));
  if (!application) throw new AppError("internal", `application ${applicationId} is missing`);
  return application.clientId;
}
