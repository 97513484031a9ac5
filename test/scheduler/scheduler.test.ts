import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Database, Db } from "../../src/db/database.ts";
import { schedulerRuns, sessions, signInAttempts } from "../../src/db/schema.ts";
import {
  purgeExpiredSessions,
  purgeExpiredSessionsJob,
} from "../../src/scheduler/jobs/purge-expired-sessions.ts";
import { claimJobPeriod, type ScheduledJob, startScheduler } from "../../src/scheduler/scheduler.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("of many processes claiming the same period at once, exactly one wins", async () => {
  const job = { name: "claim-race", everyMs: 60 * 60 * 1000 };
  const claims = await Promise.all(Array.from({ length: 8 }, () => claimJobPeriod(database.db, job)));
  assert.equal(claims.filter(Boolean).length, 1);
  assert.equal(await claimJobPeriod(database.db, job), false, "the period is taken until it is over");
});

test("two schedulers run an hourly job once, not once each", async () => {
  const runs: string[] = [];
  const job = (who: string): ScheduledJob => ({
    name: "hourly-report",
    everyMs: 60 * 60 * 1000,
    run: async () => {
      runs.push(who);
      await sleep(30);
    },
  });
  const first = startScheduler({ db: database.db, jobs: [job("first")], tickMs: 10 });
  const second = startScheduler({ db: database.db, jobs: [job("second")], tickMs: 10 });
  await sleep(400);
  await Promise.all([first.stop(), second.stop()]);
  assert.equal(runs.length, 1);
});

test("two schedulers together run a short-period job once per period", async () => {
  const startedAt: number[] = [];
  const job: ScheduledJob = {
    name: "every-300ms",
    everyMs: 300,
    run: async () => {
      startedAt.push(Date.now());
    },
  };
  const schedulers = [1, 2].map(() => startScheduler({ db: database.db, jobs: [job], tickMs: 15 }));
  await sleep(1_100);
  await Promise.all(schedulers.map((s) => s.stop()));
  // Periods start at about 0, 300, 600 and 900 ms: four runs, five at most with timer slack.
  assert.ok(startedAt.length >= 3 && startedAt.length <= 5, `ran ${startedAt.length} times`);
  for (let i = 1; i < startedAt.length; i++) {
    const gap = startedAt[i]! - startedAt[i - 1]!;
    assert.ok(gap >= 250, `two runs only ${gap} ms apart`);
  }
  const [row] = await database.db.select().from(schedulerRuns).where(eq(schedulerRuns.job, "every-300ms"));
  assert.ok(row?.lastRunAt instanceof Date);
});

test("a failing job is reported and waits for its next period", async () => {
  const failures: string[] = [];
  let calls = 0;
  const job: ScheduledJob = {
    name: "always-fails",
    everyMs: 60 * 60 * 1000,
    run: async () => {
      calls += 1;
      throw new Error("report service unavailable");
    },
  };
  const scheduler = startScheduler({
    db: database.db,
    jobs: [job],
    tickMs: 10,
    onError: (failed, error) => failures.push(`${failed.name}: ${(error as Error).message}`),
  });
  await sleep(200);
  await scheduler.stop();
  assert.equal(calls, 1);
  assert.deepEqual(failures, ["always-fails: report service unavailable"]);
});

async function addSession(db: Db, tokenHash: string, expiresAt: string) {
  await db.insert(sessions).values({
    tokenHash,
    userId: seed.ottawa.userId!,
    csrfToken: `csrf-${tokenHash}`,
    expiresAt: sql`${sql.raw(expiresAt)}`,
  });
}

test("the purge job deletes expired sessions and sign-in attempts older than a day, and nothing else", async () => {
  await addSession(database.db, "expired-yesterday", "now() - interval '1 day'");
  await addSession(database.db, "expired-a-minute-ago", "now() - interval '1 minute'");
  await addSession(database.db, "still-valid", "now() + interval '8 hours'");
  await database.db.insert(signInAttempts).values([
    { key: "email:ana@dossier.test", succeeded: false, at: sql`now() - interval '25 hours'` },
    { key: "ip:203.0.113.9", succeeded: false, at: sql`now() - interval '2 days'` },
    { key: "email:ana@dossier.test", succeeded: true, at: sql`now() - interval '10 minutes'` },
  ]);

  assert.deepEqual(await purgeExpiredSessions(database.db), { sessions: 2, signInAttempts: 2 });
  const left = await database.db.select({ tokenHash: sessions.tokenHash }).from(sessions);
  assert.deepEqual(
    left.map((s) => s.tokenHash),
    ["still-valid"],
  );
  const attempts = await database.db.select().from(signInAttempts);
  assert.equal(attempts.length, 1);
  assert.equal(attempts[0]?.succeeded, true);

  assert.equal(purgeExpiredSessionsJob.name, "purge-expired-sessions");
  await purgeExpiredSessionsJob.run(database.db);
});
