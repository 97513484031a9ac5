/** Extends the time limit of an access request once, within the limits of its Act. */
import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { accessRequests, offices } from "../db/schema.ts";
import { loadHolidayCalendar } from "../recourse/load-holiday-calendar.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import {
  type AccessRequest,
  type ExtendAccessRequestInput,
  ZExtendAccessRequest,
} from "./access-request.schema.ts";
import { type AccessAct, checkExtension } from "./access-request-deadlines.ts";
import { findVisibleAccessRequest } from "./find-visible-access-request.ts";

export interface ExtendedAccessRequest {
  request: AccessRequest;
  /** The provision the notice of extension cites, e.g. "Privacy Act s. 15(a)(i)". */
  provision: string;
  /** ATIA s. 9(2): an extension over 30 days is notified to the Information Commissioner. */
  commissionerNoticeRequired: boolean;
}

/**
 * @example await extendAccessRequest(db, officer, id, { newDueDate: "2026-04-03", ground: "volume",
 *   reason: "Three files and 400 pages to review" }) // → { provision: "Privacy Act s. 15(a)(i)", … }
 */
export async function extendAccessRequest(
  db: Db,
  actor: Actor,
  id: string,
  input: ExtendAccessRequestInput,
  now: Date = new Date(),
): Promise<ExtendedAccessRequest> {
  const data = validate(ZExtendAccessRequest, input);
  // Read before the transaction: a calendar file that cannot be read is refused with nothing begun.
  const calendar = await loadHolidayCalendar();
  return db.transaction(async (tx) => {
    const before = await findVisibleAccessRequest(tx, actor, id, { forUpdate: true });
    if (before.completedDate) {
      throw new AppError("invalid_state", `the access request was answered on ${before.completedDate}`, {
        messageFr: `la demande d'accès a reçu sa réponse le ${before.completedDate}`,
      });
    }
    const [office] = await tx.select().from(offices).where(eq(offices.id, before.officeId));
    const today = todayIn(office?.timeZone ?? "America/Toronto", now);
    const check = checkExtension(
      { ...before, act: before.act as AccessAct },
      { newDueDate: data.newDueDate, ground: data.ground, today },
      calendar,
    );
    if (!check.ok) {
      throw new AppError(check.field === "today" ? "invalid_state" : "invalid_input", check.en, {
        ...(check.field === "today" ? {} : { field: check.field }),
        messageFr: check.fr,
      });
    }
    const [request] = await tx
      .update(accessRequests)
      .set({
        extendedDueDate: data.newDueDate,
        extensionGround: data.ground,
        extensionReason: data.reason,
        extendedAt: now,
      })
      .where(eq(accessRequests.id, before.id))
      .returning();
    await recordAuditEvent(tx, actor, {
      action: "access-request.extended",
      entityType: "access-request",
      entityId: before.id,
      officeId: before.officeId,
      before: { dueDate: before.dueDate },
      after: {
        extendedDueDate: data.newDueDate,
        ground: data.ground,
        provision: check.provision,
        reason: data.reason,
        commissionerNoticeRequired: check.commissionerNoticeRequired,
      },
    });
    return {
      request: request!,
      provision: check.provision,
      commissionerNoticeRequired: check.commissionerNoticeRequired,
    };
  });
}
