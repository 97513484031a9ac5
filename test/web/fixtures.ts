import { createActivity } from "../../src/activities/create-activity.ts";
import type { Database } from "../../src/db/database.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { addUser } from "../../src/users/add-user.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestDatabase } from "../support/database.ts";
import { PASSWORD, seedTwoOffices } from "../support/fixtures.ts";

/**
 * The two offices of the shared fixtures, plus an administrator and two activities on the OTT file:
 * one in the office queue, one assigned to Ana.
 */
export async function openWebFixture() {
  const database: Database = await openTestDatabase();
  const seed = await seedTwoOffices(database.db);
  await addUser(database.db, SYSTEM_ACTOR, {
    email: "ada@dossier.test",
    displayName: "Ada Admin",
    password: PASSWORD,
    memberships: [
      { officeCode: "OTT", role: "administrator" },
      { officeCode: "OTT", role: "officer" },
    ],
  });
  const queued = await createActivity(database.db, seed.ottawa, {
    activity: "Candidate ID Decision",
    subActivity: "Derogatory information",
    officeCode: "OTT",
    fileNumber: seed.application.fileNumber,
    dueDate: "2026-03-02",
  });
  const assigned = await createActivity(database.db, seed.ottawa, {
    activity: "Review enquiry",
    officeCode: "OTT",
    fileNumber: seed.application.fileNumber,
    assigneeEmail: "ana@dossier.test",
    dueDate: "2026-02-16",
  });
  const app = createApp({ database, config: configFromEnv({}) });
  return { database, seed, app, queued, assigned };
}
