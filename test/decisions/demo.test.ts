import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Database } from "../../src/db/database.ts";
import { applications, clients } from "../../src/db/schema.ts";
import { decideReconsideration } from "../../src/decisions/decide-reconsideration.ts";
import { loadDecisionScreen } from "../../src/decisions/load-decision-screen.ts";
import { recordDecision } from "../../src/decisions/record-decision.ts";
import { recordReconsideration } from "../../src/decisions/record-reconsideration.ts";
import { seedDecisionsDemo } from "../../src/decisions/seed-decisions-demo.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

const today = todayIn("America/Toronto");
let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  await seedDecisionsDemo(database.db, today, seed.ottawa);
});
after(() => database.close());

async function fileOf(familyName: string) {
  const [row] = await database.db
    .select({ fileNumber: applications.fileNumber })
    .from(applications)
    .innerJoin(clients, eq(clients.id, applications.clientId))
    .where(eq(clients.familyName, familyName));
  return row!.fileNumber;
}

const claim = {
  requestedBy: "The applicant",
  receivedOn: today,
  channel: "web-form" as const,
  groundsKind: "non-receipt" as const,
  grounds: "I never received the email.",
  documentEdocIds: [],
};

test("demo: Benali's unanswered request leads to a refusal for non-compliance; his claim shows no office error", async () => {
  const fileNumber = await fileOf("Benali");
  const screen = await loadDecisionScreen(database.db, seed.ottawa, fileNumber);
  const [item] = screen.requests;
  assert.ok(item?.check.allowed, "the demo request can be decided on");
  assert.equal(item.request.dueDate, addDays(today, -15));
  await recordDecision(database.db, seed.ottawa, fileNumber, {
    outcome: "refused",
    basis: "non-compliance",
    requestCorrespondenceId: item.request.correspondenceId,
    grounds: "The police certificate was not provided.",
    rationale: "Sent by email, accepted by the mail server, no bounce; nothing received.",
    arising: "outside",
  });
  const { facts } = await recordReconsideration(database.db, seed.ottawa, fileNumber, claim);
  assert.equal(facts?.officeError, null);
});

test("demo: Haddad's abandonment, her claim shows the request went to a superseded address, and the file reopens", async () => {
  const fileNumber = await fileOf("Haddad");
  const screen = await loadDecisionScreen(database.db, seed.ottawa, fileNumber);
  const [item] = screen.requests;
  assert.ok(item?.check.allowed);
  await recordDecision(database.db, seed.ottawa, fileNumber, {
    outcome: "abandoned",
    requestCorrespondenceId: item.request.correspondenceId,
    grounds: "No proof of physical presence was received.",
    rationale: "Sent by email, accepted by the mail server, no bounce; nothing received.",
  });
  const { facts, reconsideration } = await recordReconsideration(database.db, seed.ottawa, fileNumber, claim);
  assert.equal(facts?.officeError?.kind, "superseded-address");
  assert.equal(facts?.request?.sendings[0]?.addressOnFileThen, "rania.h@example.org");
  const { reconsideration: decided } = await decideReconsideration(
    database.db,
    seed.ottawa,
    reconsideration.id,
    {
      outcome: "reopen",
      newResponseDate: addDays(today, 30),
      rationale: "The request went to the address she had replaced: an administrative error.",
    },
  );
  assert.equal(decided.status, "reopened");
});
