import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { completeActivity } from "../../src/activities/complete-activity.ts";
import { createActivity } from "../../src/activities/create-activity.ts";
import { listQueue } from "../../src/activities/list-queue.ts";
import { reassignActivity } from "../../src/activities/reassign-activity.ts";
import { takeActivity } from "../../src/activities/take-activity.ts";
import type { Database } from "../../src/db/database.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { addActor, seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

test("an automated activity waits in the office queue, is taken, reassigned and completed", async () => {
  const activity = await createActivity(database.db, SYSTEM_ACTOR, {
    activity: "Candidate ID Decision",
    officeCode: "OTT",
    fileNumber: seed.application.fileNumber,
    dueDate: "2026-12-01",
  });
  assert.equal(activity.status, "review-required");
  assert.equal(activity.origin, "automation");
  const colleague = await addActor(database.db, "bea@dossier.test", "OTT");
  assert.deepEqual(
    (await listQueue(database.db, colleague)).map((q) => [q.activity, q.mine, q.fileNumber]),
    [["Candidate ID Decision", false, seed.application.fileNumber]],
  );
  assert.deepEqual(await listQueue(database.db, seed.london), []);

  const taken = await takeActivity(database.db, seed.ottawa, activity.id);
  assert.equal(taken.status, "in-progress");
  assert.equal(taken.assigneeUserId, seed.ottawa.userId);
  assert.equal((await listQueue(database.db, colleague)).length, 0);

  await assert.rejects(
    reassignActivity(database.db, seed.ottawa, activity.id, { assigneeEmail: "liam@dossier.test" }),
    /assigneeEmail: liam@dossier.test is not an active user of the activity's office/,
  );
  await reassignActivity(database.db, seed.ottawa, activity.id, { assigneeEmail: "bea@dossier.test" });
  assert.equal((await listQueue(database.db, colleague))[0]?.mine, true);

  await assert.rejects(completeActivity(database.db, seed.london, activity.id), /do not work in the office/);
  const done = await completeActivity(database.db, colleague, activity.id, {
    outcome: "Matched to existing UCI.",
  });
  assert.equal(done.status, "completed");
  assert.match(done.details ?? "", /Outcome: Matched to existing UCI\./);
  await assert.rejects(takeActivity(database.db, seed.ottawa, activity.id), /already completed/);
});
