/**
 * Records a request for a client's file (seed 003: what applicants ask for as their "GCMS notes"),
 * with its due date, so that the 30 days of the Acts are watched from the day it arrives.
 */
import { eq } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Db } from "../db/database.ts";
import { accessRequests, clients, edocs, offices } from "../db/schema.ts";
import { loadHolidayCalendar } from "../recourse/load-holiday-calendar.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canWorkInOffice, officeIdsOf } from "../users/actor.ts";
import {
  type AccessRequest,
  type RecordAccessRequestInput,
  ZRecordAccessRequest,
} from "./access-request.schema.ts";
import { accessRequestDueDate, actFor } from "./access-request-deadlines.ts";

/**
 * @example await recordAccessRequest(db, officer, { target: "V000012345", receivedDate: "2026-02-05",
 *   requesterName: "Thị Ánh Nguyễn", requesterKind: "applicant" })
 *   // → { act: "privacy-act", dueDate: "2026-03-09", … }
 */
export async function recordAccessRequest(
  db: Db,
  actor: Actor,
  input: RecordAccessRequestInput,
): Promise<AccessRequest> {
  const data = validate(ZRecordAccessRequest, input);
  // Read before the transaction: a calendar file that cannot be read is refused with nothing begun.
  const calendar = await loadHolidayCalendar();
  return db.transaction(async (tx) => {
    let clientId: string;
    let applicationId: string | null = null;
    let officeId: string;
    if ("fileNumber" in data.target) {
      const application = await findVisibleApplication(tx, actor, data.target.fileNumber);
      clientId = application.clientId;
      applicationId = application.id;
      officeId = application.officeId;
    } else {
      const client = await findVisibleClient(tx, actor, data.target.uci);
      clientId = client.id;
      officeId = canWorkInOffice(actor, client.officeId) ? client.officeId : officeIdsOf(actor)[0]!;
    }
    const [office] = await tx.select().from(offices).where(eq(offices.id, officeId));
    if (!office) throw new AppError("internal", "the file's office is missing");
    const today = todayIn(office.timeZone);
    if (data.receivedDate > today) {
      throw new AppError("invalid_input", `receivedDate: must not be after today (${today})`, {
        field: "receivedDate",
        messageFr: `receivedDate : ne doit pas être postérieure à aujourd'hui (${today})`,
      });
    }
    if (data.consentEdocId) {
      const [consent] = await tx.select().from(edocs).where(eq(edocs.id, data.consentEdocId));
      if (!consent || consent.clientId !== clientId) {
        throw new AppError("invalid_input", "consentEdocId: must be the id of an eDoc on the client's file", {
          field: "consentEdocId",
          messageFr: "consentEdocId : doit être l'identifiant d'un eDoc au dossier du client",
        });
      }
    }
    const [request] = await tx
      .insert(accessRequests)
      .values({
        officeId,
        clientId,
        applicationId,
        receivedDate: data.receivedDate,
        requesterName: data.requesterName,
        requesterEmail: data.requesterEmail ?? null,
        requesterKind: data.requesterKind,
        act: actFor(data.requesterKind),
        consentEdocId: data.consentEdocId ?? null,
        consentReference: data.consentReference ?? null,
        dueDate: accessRequestDueDate(data.receivedDate, calendar),
        recordedBy: actor.userId,
      })
      .returning();
    if (!request) throw new AppError("internal", "access request not recorded");
    const [client] = await tx.select({ uci: clients.uci }).from(clients).where(eq(clients.id, clientId));
    await recordAuditEvent(tx, actor, {
      action: "access-request.recorded",
      entityType: "access-request",
      entityId: request.id,
      officeId,
      after: {
        uci: client?.uci ?? null,
        applicationId,
        receivedDate: request.receivedDate,
        requesterKind: request.requesterKind,
        act: request.act,
        consent: request.consentEdocId ?? request.consentReference,
        dueDate: request.dueDate,
      },
    });
    return request;
  });
}
