import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/database.ts";
import { enquiries, offices } from "../../src/db/schema.ts";
import { compareOffices } from "../../src/enquiries/compare-offices.ts";
import { AppError } from "../../src/shared/errors.ts";
import type { Actor } from "../../src/users/actor.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { addUser } from "../../src/users/add-user.ts";
import { loadActor } from "../../src/users/load-actor.ts";
import { openTestDatabase, type TestDatabase } from "../support/database.ts";
import { PASSWORD, seedTwoOffices } from "../support/fixtures.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2026-07-10T12:00:00Z");

let database: TestDatabase;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let manager: Actor;
let ottawaManager: Actor;
let counter = 0;

async function enquiry(
  db: Db,
  officeCode: string,
  received: string,
  options: { responseDays: number; answeredAfterMs?: number; escalated?: boolean },
) {
  const [office] = await db.select().from(offices).where(eq(offices.code, officeCode));
  const receivedAt = new Date(received);
  counter += 1;
  await db.insert(enquiries).values({
    officeId: office!.id,
    reference: `ENQ-2026-9${String(counter).padStart(5, "0")}`,
    channel: "email",
    language: "en",
    languageReason: "test",
    category: "case-specific",
    queue: "office-enquiries",
    categorySource: "rules",
    categoryReason: { en: "test", fr: "test" },
    state: options.answeredAfterMs === undefined ? "open" : "answered",
    subject: "Where is my file?",
    receivedAt,
    responseDays: options.responseDays,
    responseDueAt: new Date(receivedAt.getTime() + options.responseDays * DAY),
    firstResponseAt:
      options.answeredAfterMs === undefined ? null : new Date(receivedAt.getTime() + options.answeredAfterMs),
    fields: {},
    missingFields: [],
    ...(options.escalated
      ? { escalatedTo: "case-management-branch", escalatedAt: new Date(receivedAt.getTime() + 30 * DAY) }
      : {}),
  });
}

before(async () => {
  database = await openTestDatabase();
  const { db } = database;
  seed = await seedTwoOffices(db);
  const both = await addUser(db, SYSTEM_ACTOR, {
    email: "paula@dossier.test",
    displayName: "Paula Manager",
    password: PASSWORD,
    memberships: [
      { officeCode: "OTT", role: "program-manager" },
      { officeCode: "LON", role: "program-manager" },
    ],
  });
  manager = (await loadActor(db, both.id))!;
  const one = await addUser(db, SYSTEM_ACTOR, {
    email: "omar@dossier.test",
    displayName: "Omar Admin",
    password: PASSWORD,
    memberships: [{ officeCode: "OTT", role: "administrator" }],
  });
  ottawaManager = (await loadActor(db, one.id))!;

  // OTT (standard 30 days): four answered after 1, 2, 3 and 4 hours; one still inside its time.
  for (const hours of [1, 2, 3, 4]) {
    await enquiry(db, "OTT", `2026-06-0${hours + 1}T12:00:00Z`, {
      responseDays: 30,
      answeredAfterMs: hours * HOUR,
    });
  }
  await enquiry(db, "OTT", "2026-06-20T12:00:00Z", { responseDays: 30 });
  // LON (standard 2 days): answered after 1 day (in time) and 3 days (late); two never answered,
  // both past due. The last arrived on 30 June in Toronto, 1 July in UTC: it is in June's figures.
  await enquiry(db, "LON", "2026-06-01T12:00:00Z", { responseDays: 2, answeredAfterMs: DAY });
  await enquiry(db, "LON", "2026-06-02T12:00:00Z", { responseDays: 2, answeredAfterMs: 3 * DAY });
  await enquiry(db, "LON", "2026-06-03T12:00:00Z", { responseDays: 2, escalated: true });
  await enquiry(db, "LON", "2026-07-01T02:00:00Z", { responseDays: 2 });
  // 31 May at 19:00 in Toronto: outside the period, though 1 June in UTC.
  await enquiry(db, "LON", "2026-05-31T23:00:00Z", { responseDays: 2, answeredAfterMs: HOUR });
});
after(() => database.close());

test("a program manager of two offices sees each office's count, median, 95th percentile and share within the standard", async () => {
  const result = await compareOffices(
    database.db,
    manager,
    { from: "2026-06-01", to: "2026-06-30" },
    { now: NOW },
  );
  assert.equal(result.from, "2026-06-01");
  assert.equal(result.to, "2026-06-30");
  const [lon, ott] = result.offices;
  assert.deepEqual(
    result.offices.map((o) => o.officeCode),
    ["LON", "OTT"],
  );
  assert.deepEqual(
    {
      received: ott!.received,
      answered: ott!.answered,
      unanswered: ott!.unanswered,
      median: ott!.medianFirstResponseSeconds,
      p95: ott!.p95FirstResponseSeconds,
      decided: ott!.decided,
      within: ott!.answeredWithinStandard,
      share: ott!.withinStandardShare,
      escalations: ott!.escalations,
    },
    // 1, 2, 3, 4 hours: median 2.5 h; 95th percentile 3 h + 0.85 h (interpolated) = 3.85 h.
    {
      received: 5,
      answered: 4,
      unanswered: 1,
      median: 9000,
      p95: 13860,
      decided: 4,
      within: 4,
      share: 1,
      escalations: 0,
    },
  );
  assert.deepEqual(
    {
      received: lon!.received,
      answered: lon!.answered,
      unanswered: lon!.unanswered,
      median: lon!.medianFirstResponseSeconds,
      p95: lon!.p95FirstResponseSeconds,
      decided: lon!.decided,
      within: lon!.answeredWithinStandard,
      share: lon!.withinStandardShare,
      escalations: lon!.escalations,
    },
    // 1 and 3 days: median 2 days; 95th percentile 1 day + 0.95 × 2 days = 2.9 days.
    {
      received: 4,
      answered: 2,
      unanswered: 2,
      median: 2 * 86400,
      p95: 2.9 * 86400,
      decided: 4,
      within: 1,
      share: 0.25,
      // The one left unanswered in early June went up to the Case Management Branch.
      escalations: 1,
    },
  );
});

test("an administrator of one office sees only that office; with no period chosen, the last 90 days", async () => {
  const result = await compareOffices(database.db, ottawaManager, {}, { now: NOW });
  assert.equal(result.from, "2026-04-12");
  assert.equal(result.to, "2026-07-10");
  assert.deepEqual(
    result.offices.map((o) => [o.officeCode, o.received]),
    [["OTT", 5]],
  );
});

test("an office with no enquiry in the period shows zeros and no times", async () => {
  const result = await compareOffices(
    database.db,
    manager,
    { from: "2025-01-01", to: "2025-01-31" },
    { now: NOW },
  );
  assert.deepEqual(
    result.offices.map((o) => [
      o.officeCode,
      o.received,
      o.medianFirstResponseSeconds,
      o.withinStandardShare,
    ]),
    [
      ["LON", 0, null, null],
      ["OTT", 0, null, null],
    ],
  );
});

test("an officer is refused, and a period written wrongly or backwards is refused naming the field", async () => {
  await assert.rejects(
    compareOffices(database.db, seed.ottawa, {}, { now: NOW }),
    (error: unknown) => error instanceof AppError && error.code === "forbidden",
  );
  await assert.rejects(
    compareOffices(database.db, manager, { from: "2026-02-30" }, { now: NOW }),
    (error: unknown) => error instanceof AppError && error.code === "invalid_input" && error.field === "from",
  );
  await assert.rejects(
    compareOffices(database.db, manager, { from: "2026-06-30", to: "2026-06-01" }, { now: NOW }),
    (error: unknown) => error instanceof AppError && error.code === "invalid_input" && error.field === "from",
  );
});
