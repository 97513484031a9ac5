import { eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import { type Db, queryRows } from "../db/database.ts";
import { applications } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { fileNumberFromSequence } from "../shared/identifiers.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertCanWorkInOffice } from "../users/actor.ts";
import { type CreateApplicationInput, ZCreateApplication } from "./application.schema.ts";

export type Application = typeof applications.$inferSelect;

export async function createApplication(
  db: Db,
  actor: Actor,
  input: CreateApplicationInput,
): Promise<Application> {
  const data = validate(ZCreateApplication, input);
  return db.transaction(async (tx) => {
    const office = await findOfficeByCode(tx, data.officeCode);
    assertCanWorkInOffice(actor, office.id, "office");
    const client = await findVisibleClient(tx, actor, data.uci);
    let fileNumber = data.fileNumber;
    if (fileNumber) {
      const [taken] = await tx
        .select({ id: applications.id })
        .from(applications)
        .where(eq(applications.fileNumber, fileNumber));
      if (taken) {
        throw new AppError(
          "conflict",
          `fileNumber: ${fileNumber} is already the number of another application`,
          {
            field: "fileNumber",
          },
        );
      }
    } else {
      const [row] = await queryRows<{ n: string }>(tx, sql`select nextval('file_number_seq')::text as n`);
      fileNumber = fileNumberFromSequence(data.lineOfBusiness, BigInt(row!.n));
    }
    const [application] = await tx
      .insert(applications)
      .values({
        fileNumber,
        clientId: client.id,
        lineOfBusiness: data.lineOfBusiness,
        officeId: office.id,
        status: "received",
        receivedDate: data.receivedDate,
        language: data.language,
      })
      .returning();
    if (!application) throw new AppError("internal", "application not created");
    await recordAuditEvent(tx, actor, {
      action: "application.created",
      entityType: "application",
      entityId: application.id,
      officeId: office.id,
      after: application,
    });
    return application;
  });
}
