/**
 * The recourse that follows a refusal or an abandonment recorded in Dossier: the options of
 * `listRecourseOptions` for the decision, its line of business, where the matter arose and the day
 * it was notified, in the decision letter's annex, on the application page and through the API.
 * IRPA s. 72(2)(b): the Federal Court leave deadline is 15 days for a matter arising in Canada and
 * 60 days outside; deadlines run from notification (the day the decision letter was sent).
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import type { Executor } from "../db/database.ts";
import { type applications, decisions, offices } from "../db/schema.ts";
import type { HolidayCalendar } from "../recourse/holiday-calendar.ts";
import {
  INADMISSIBILITY_GROUNDS,
  type InadmissibilityGround,
  listRecourseOptions,
  type RecourseInput,
  type RecourseOption,
} from "../recourse/list-recourse-options.ts";
import { loadHolidayCalendar } from "../recourse/load-holiday-calendar.ts";
import { recourseAnnex } from "../recourse/recourse-annex.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import type { Actor } from "../users/actor.ts";
import type { Decision } from "./record-decision.ts";

type Application = typeof applications.$inferSelect;

/** The decisions that close a file against the applicant, and so open recourse. */
const ADVERSE = ["refused", "abandoned"];

/**
 * The recourse input for a decision, or null when it opens none (an approval, a withdrawal). The
 * application's `line_of_business` is stored in the same kebab-case words the recourse rules use.
 * A citizenship abandonment is treated as a refusal of the application; where it arose defaults to
 * Canada when the decision did not record it (a citizenship applicant is a permanent resident).
 */
export function recourseInputFor(
  decision: Pick<Decision, "outcome" | "arising" | "inadmissibilityGround">,
  application: Pick<Application, "lineOfBusiness">,
  notified: string,
  today: string,
): RecourseInput | null {
  if (!ADVERSE.includes(decision.outcome)) return null;
  if (!(LINES_OF_BUSINESS as readonly string[]).includes(application.lineOfBusiness)) {
    throw new AppError("internal", `unknown line of business ${application.lineOfBusiness}`);
  }
  const ground = (INADMISSIBILITY_GROUNDS as readonly string[]).includes(decision.inadmissibilityGround ?? "")
    ? (decision.inadmissibilityGround as InadmissibilityGround)
    : undefined;
  return {
    decision: "refusal",
    line: application.lineOfBusiness as LineOfBusiness,
    notified,
    arising: decision.arising === "outside" ? "outside" : "canada",
    ...(ground ? { inadmissibility: ground } : {}),
    today,
  };
}

/**
 * The annex of the decision letter, in the file's language; empty for an approval or a withdrawal.
 * The letter is dated today and an email leaves within minutes, so deadlines are counted from
 * today: for a paper letter that reaches the applicant later, they come early, never late.
 */
export function decisionRecourseAnnex(
  decision: Pick<Decision, "outcome" | "arising" | "inadmissibilityGround">,
  application: Pick<Application, "lineOfBusiness" | "language">,
  today: string,
  calendar: HolidayCalendar,
): string {
  const input = recourseInputFor(decision, application, today, today);
  if (!input) return "";
  return recourseAnnex(listRecourseOptions(input, calendar), application.language === "fr" ? "fr" : "en")
    .join("\n")
    .trim();
}

export interface ApplicationRecourse {
  decision: Decision;
  /** The day the decision letter was sent, in the office's zone; null while it waits to be sent. */
  notifiedOn: string | null;
  /** The day deadlines are counted from: the notification, or today while the letter waits. */
  countedFrom: string;
  options: RecourseOption[];
}

/**
 * The recourse options of the application's standing refusal (or abandonment).
 *
 * @example await listApplicationRecourse(db, officer, "E000000042")
 *   // → { notifiedOn: "2026-05-04", options: [{ kind: "iad-appeal", available: false, … },
 *   //      { kind: "judicial-review-leave", available: true, deadline: "2026-07-03", … }, …] }
 *
 * Throws `not_found` when the application has no refusal standing (none recorded, or set aside).
 */
export async function listApplicationRecourse(
  db: Executor,
  actor: Actor,
  fileNumber: string,
  calendar?: HolidayCalendar,
): Promise<ApplicationRecourse> {
  const application = await findVisibleApplication(db, actor, fileNumber);
  const found = await findStandingRefusal(db, application.id);
  if (!found) {
    throw new AppError("not_found", `fileNumber: application ${application.fileNumber} has no refusal`, {
      field: "fileNumber",
      messageFr: `fileNumber : la demande ${application.fileNumber} n’a fait l’objet d’aucun refus`,
    });
  }
  const [office] = await db.select().from(offices).where(eq(offices.id, application.officeId));
  if (!office) throw new AppError("internal", "the application's office is missing");
  const today = todayIn(office.timeZone);
  const notifiedOn = found.notifiedAt ? todayIn(office.timeZone, found.notifiedAt) : null;
  const countedFrom = notifiedOn ?? today;
  const input = recourseInputFor(found, application, countedFrom, today);
  if (!input) throw new AppError("internal", "a refusal without recourse input");
  const options = listRecourseOptions(input, calendar ?? (await loadHolidayCalendar()));
  return { decision: found, notifiedOn, countedFrom, options };
}

/** The latest refusal or abandonment of the application that no reconsideration has set aside. */
export async function findStandingRefusal(db: Executor, applicationId: string): Promise<Decision | null> {
  const [latest] = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.applicationId, applicationId), isNull(decisions.setAsideAt)))
    .orderBy(desc(decisions.decidedAt))
    .limit(1);
  return latest && ADVERSE.includes(latest.outcome) ? latest : null;
}
