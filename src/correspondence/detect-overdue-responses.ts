/**
 * Seed 000: "If a response is not received from the applicant within the requested time period,
 * the officer should record the following note…". For every sent request for documents whose
 * response date has passed, and every convocation whose interview day has passed, with nothing
 * received since it was sent, an activity "Response overdue" is put in the office's queue with that
 * note drafted; the officer confirms it (`confirmNonCompliance`).
 *
 * Once per request and date: the activity names its correspondence and due date, and each request
 * is checked again under its row lock before the activity is written, so any number of runs in any
 * number of processes create one activity. An extension moves the date; if the new date passes in
 * turn, a new activity is created for it.
 */
import { type SQL, sql } from "drizzle-orm";
import { insertCorrespondenceActivity } from "../activities/insert-correspondence-activity.ts";
import { type Db, type Executor, queryRows } from "../db/database.ts";
import { LETTER_FRAMES } from "../letters/templates/index.ts";
import { todayIn } from "../shared/dates.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import {
  draftNonComplianceNote,
  isRequestTemplate,
  REQUEST_TEMPLATE_IDS,
} from "./draft-non-compliance-note.ts";

export const RESPONSE_OVERDUE_ACTIVITY = "Response overdue";

/** Who the audit trail names for the activities this check creates. */
const NO_RESPONSE_CHECK: Actor = { ...SYSTEM_ACTOR, label: "no-response check" };

/** A decided file needs no reminder that an answer is missing. */
const DECIDED_STATUSES = ["approved", "refused", "withdrawn", "abandoned", "cancelled"];

/**
 * Inbound mail tied to a request that is not an answer from a person: delivery notices, automatic
 * replies (RFC 3834 "out of office") and complaints.
 */
const NOT_AN_ANSWER = ["bounce", "delay", "auto-reply", "complaint"];

/** The line of a "Response overdue" activity that names its request and the date that passed. */
export function overdueLine(correspondenceId: string, dueDate: string): string {
  return `Overdue correspondence: ${correspondenceId} (due ${dueDate})`;
}

/** The request and due date a "Response overdue" activity is about, read back from its details. */
export function overdueRequestOf(
  details: string | null,
): { correspondenceId: string; dueDate: string } | null {
  const match = /Overdue correspondence: ([0-9a-f-]{36}) \(due (\d{4}-\d{2}-\d{2})\)/i.exec(details ?? "");
  return match ? { correspondenceId: match[1]!.toLowerCase(), dueDate: match[2]! } : null;
}

export interface OverdueCheckResult {
  /** Activities created by this run. */
  created: { activityId: string; correspondenceId: string }[];
  /** Requests that could not be handled this run (they are tried again on the next). */
  failed: { correspondenceId: string; error: string }[];
}

interface OverdueRequest {
  id: string;
  application_id: string;
  client_id: string;
  office_id: string;
  line_of_business: string;
  time_zone: string;
  template_id: string;
  channel: string;
  address: string | null;
  subject: string;
  sent_at: Date | string;
  due_date: string;
  today: string;
}

/**
 * Creates the missing "Response overdue" activities as of `now` (default: the database's clock
 * read in each office's time zone).
 *
 * @example const { created } = await detectOverdueResponses(db) // one activity per overdue request
 */
export async function detectOverdueResponses(
  db: Db,
  options: { now?: Date; limit?: number } = {},
): Promise<OverdueCheckResult> {
  const now = options.now ?? new Date();
  const candidates = await findOverdueRequests(db, now, { limit: options.limit ?? 1000 });
  const result: OverdueCheckResult = { created: [], failed: [] };
  for (const candidate of candidates) {
    try {
      // One transaction per request: one bad row does not hold the others back.
      const activityId = await db.transaction(async (tx) => {
        await tx.execute(sql`select id from correspondence where id = ${candidate.id} for update`);
        // Checked again under the lock: another process may have acted, or an answer arrived.
        const [still] = await findOverdueRequests(tx, now, { id: candidate.id });
        if (!still) return null;
        const activity = await insertCorrespondenceActivity(tx, NO_RESPONSE_CHECK, {
          activity: RESPONSE_OVERDUE_ACTIVITY,
          subActivity: isRequestTemplate(still.template_id)
            ? capitalise(LETTER_FRAMES.en.templateLabel[still.template_id].replace(/^an? /, ""))
            : null,
          officeId: still.office_id,
          assigneeUserId: null,
          dueDate: still.today,
          clientId: still.client_id,
          applicationId: still.application_id,
          details: overdueDetails(still),
          correspondenceId: still.id,
        });
        return activity.id;
      });
      if (activityId) result.created.push({ activityId, correspondenceId: candidate.id });
    } catch (error) {
      result.failed.push({
        correspondenceId: candidate.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}

/**
 * Sent requests past their date, as of `now` in the office's zone, with nothing received and no
 * activity yet for that date. A request's date is its response date; a convocation's, the day of
 * the interview. The whole due day is the client's: the request is overdue from the next day.
 */
async function findOverdueRequests(
  db: Executor,
  now: Date,
  options: { id?: string; limit?: number },
): Promise<OverdueRequest[]> {
  const today = sql`(${now.toISOString()}::timestamptz at time zone o.time_zone)::date`;
  const due = sql`coalesce(c.response_due_date, (c.interview_at at time zone o.time_zone)::date)`;
  const conditions: SQL[] = [
    sql`c.direction = 'out'`,
    sql`c.status = 'sent'`,
    sql`c.template_id in (${sql.join(
      REQUEST_TEMPLATE_IDS.map((id) => sql`${id}`),
      sql`, `,
    )})`,
    sql`a.status not in (${sql.join(
      DECIDED_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )})`,
    sql`${due} < ${today}`,
    sql`not exists (
      select 1 from activities x
       where x.application_id = c.application_id
         and x.activity = ${RESPONSE_OVERDUE_ACTIVITY}
         and x.details like ('%Overdue correspondence: ' || c.id::text || ' (due ' || ${due}::text || ')%'))`,
    // Seed 000: "a response is not received". Mail tied to the request, or any incoming
    // correspondence on the file, received after the request was sent, is an answer for the officer to read.
    sql`not exists (
      select 1 from inbound_messages m
       where m.correspondence_id = c.id
         and m.received_at > c.sent_at
         and coalesce(m.classification, 'other') not in (${sql.join(
           NOT_AN_ANSWER.map((k) => sql`${k}`),
           sql`, `,
         )}))`,
    sql`not exists (
      select 1 from correspondence i
       where i.application_id = c.application_id
         and i.direction = 'in'
         and i.created_at > c.sent_at)`,
  ];
  if (options.id) conditions.push(sql`c.id = ${options.id}`);
  return queryRows<OverdueRequest>(
    db,
    sql`select c.id, c.application_id, a.client_id, a.office_id, a.line_of_business, o.time_zone,
               c.template_id, c.channel, c.address, c.subject, c.sent_at,
               ${due}::text as due_date, ${today}::text as today
          from correspondence c
          join applications a on a.id = c.application_id
          join offices o on o.id = a.office_id
         where ${sql.join(conditions, sql` and `)}
         order by c.sent_at
         ${options.limit ? sql`limit ${options.limit}` : sql``}`,
  );
}

/** What the officer reads on the activity: the request, what the client was told, and the draft note. */
function overdueDetails(request: OverdueRequest): string {
  const templateId = isRequestTemplate(request.template_id) ? request.template_id : "request-documents";
  const lineOfBusiness = (LINES_OF_BUSINESS as readonly string[]).includes(request.line_of_business)
    ? (request.line_of_business as LineOfBusiness)
    : "temporary-residence";
  const sentOn = todayIn(request.time_zone, new Date(request.sent_at));
  const address = request.address ?? "";
  const channel = request.channel === "paper" ? "paper" : "email";
  const draft = draftNonComplianceNote(
    {
      templateId,
      channel,
      lineOfBusiness,
      sentOn,
      address,
      dueDate: request.due_date,
      correspondenceId: request.id,
    },
    null,
    "en",
  );
  const consequence =
    lineOfBusiness === "citizenship"
      ? "treated as abandoned (Citizenship Act s. 13.2)"
      : "refused for non-compliance (IRPR s. 10)";
  return [
    templateId === "request-documents"
      ? `No response by ${request.due_date} to the request for additional documents “${request.subject}”, sent on ${sentOn} by ${channel === "email" ? "email" : "paper mail"}. Nothing has been received since it was sent.`
      : `The interview of ${request.due_date} has passed. Convocation “${request.subject}” sent on ${sentOn} by ${channel === "email" ? "email" : "paper mail"}. Nothing has been received since it was sent.`,
    `The applicant was told that without an answer the application may be ${consequence}.`,
    "",
    "Draft note (choose the last sentence when you confirm it):",
    draft,
    "",
    overdueLine(request.id, request.due_date),
  ].join("\n");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
