import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { FILE_NUMBER_PATTERN } from "../shared/identifiers.ts";
import { type Actor, canWorkInOffice } from "../users/actor.ts";
import type { Application } from "./create-application.ts";

/** The application with this file number, if it is held by one of the actor's offices. */
export async function findVisibleApplication(
  db: Executor,
  actor: Actor,
  fileNumberInput: string,
): Promise<Application> {
  const fileNumber = fileNumberInput.trim().toUpperCase();
  if (!FILE_NUMBER_PATTERN.test(fileNumber)) {
    throw new AppError(
      "invalid_input",
      "fileNumber: must be one capital letter and nine digits, e.g. V000012345",
      {
        field: "fileNumber",
      },
    );
  }
  const [application] = await db.select().from(applications).where(eq(applications.fileNumber, fileNumber));
  if (!application || !canWorkInOffice(actor, application.officeId)) {
    throw new AppError("not_found", `fileNumber: no application ${fileNumber} in your offices`, {
      field: "fileNumber",
    });
  }
  return application;
}
