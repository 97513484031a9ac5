/**
 * The enquiries of the offices a person works on, newest first, with where each stands against the
 * office's response time (issue 4: "the SLA state … is visible on the enquiry and in lists").
 */
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/database.ts";
import { enquiries, offices } from "../db/schema.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import type { FoundField } from "./enquiry.schema.ts";
import { assertCanReadEnquiries, enquiryOfficeIds } from "./enquiry-access.ts";
import { enquirySla } from "./enquiry-sla.ts";
import type { EnquiryState } from "./receive-enquiry-mail.ts";
import type { SlaResult, SlaState } from "./sla-state.ts";

export const ENQUIRY_STATES = [
  "open",
  "awaiting-information",
  "answered",
  "closed",
] as const satisfies readonly EnquiryState[];
export const SLA_STATES = ["due", "paused", "met", "breached"] as const satisfies readonly SlaState[];

export const ZListEnquiries = z.object({
  state: z.enum(ENQUIRY_STATES, { message: `must be one of ${ENQUIRY_STATES.join(", ")}` }).optional(),
  sla: z.enum(SLA_STATES, { message: `must be one of ${SLA_STATES.join(", ")}` }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListEnquiriesInput = z.input<typeof ZListEnquiries>;

export interface EnquiryListItem {
  id: string;
  reference: string;
  officeCode: string;
  timeZone: string;
  channel: string;
  receivedAt: Date;
  /** The name the enquirer stated, else the address they wrote from. */
  enquirer: string;
  category: string;
  state: string;
  sla: SlaResult;
}

/**
 * @example await listEnquiries(db, agent, { sla: "breached" })
 *   // → [{ reference: "ENQ-2026-000031", sla: { state: "breached", dueAt: … }, … }]
 */
export async function listEnquiries(
  db: Executor,
  actor: Actor,
  input: ListEnquiriesInput | Record<string, unknown> = {},
  options: { now?: Date } = {},
): Promise<EnquiryListItem[]> {
  const filter = validate(ZListEnquiries, input);
  assertCanReadEnquiries(actor);
  const now = options.now ?? new Date();
  const officeIds = enquiryOfficeIds(actor);
  if (officeIds.length === 0 && actor.userId !== null) return [];
  const conditions: SQL[] = [];
  if (actor.userId !== null) conditions.push(inArray(enquiries.officeId, officeIds));
  if (filter.state) conditions.push(eq(enquiries.state, filter.state));
  if (filter.sla) conditions.push(roughSla(filter.sla, now));
  const rows = await db
    .select({ enquiry: enquiries, officeCode: offices.code, timeZone: offices.timeZone })
    .from(enquiries)
    .innerJoin(offices, eq(offices.id, enquiries.officeId))
    .where(and(...conditions))
    .orderBy(desc(enquiries.receivedAt))
    .limit(filter.limit);
  return rows
    .map(({ enquiry, officeCode, timeZone }) => {
      const fields = enquiry.fields as Partial<Record<string, FoundField>>;
      return {
        id: enquiry.id,
        reference: enquiry.reference,
        officeCode,
        timeZone,
        channel: enquiry.channel,
        receivedAt: enquiry.receivedAt,
        enquirer: fields.enquirerName?.value ?? enquiry.enquirerAddress ?? "",
        category: enquiry.category,
        state: enquiry.state,
        sla: enquirySla(enquiry, now),
      };
    })
    .filter((item) => !filter.sla || item.sla.state === filter.sla);
}

/**
 * The stored due date narrows the search in the database; `slaState` has the last word on each row
 * (a pause that began after a breach, for one, does not make it "paused").
 */
function roughSla(state: SlaState, now: Date): SQL {
  const due = enquiries.responseDueAt;
  const answered = enquiries.firstResponseAt;
  switch (state) {
    case "paused":
      return and(isNull(answered), isNull(due))!;
    case "due":
      return and(isNull(answered), isNotNull(due), sql`${due} >= ${now}`)!;
    case "breached":
      // An unanswered enquiry paused after its clock ran out is breached too: its due date is null.
      return or(and(isNull(answered), or(isNull(due), lt(due, now))), sql`${answered} > ${due}`)!;
    case "met":
      return and(isNotNull(answered), or(isNull(due), sql`${answered} <= ${due}`))!;
  }
}
