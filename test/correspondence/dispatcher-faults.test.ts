/**
 * Faults of the correspondence dispatcher, with real `dossier serve --only dispatcher` processes
 * sharing one PostgreSQL server: a process killed with SIGKILL in the middle of a bulk send, two
 * processes on one job, and an SMTP server that is down, defers or refuses. The SMTP server is a
 * sink in this process that keeps every message it is given.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { after, afterEach, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { createBulkJob } from "../../src/bulk/create-bulk-job.ts";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import { queryRows } from "../../src/db/database.ts";
import { correspondence } from "../../src/db/schema.ts";
import { generateData } from "../../src/generate/generate-data.ts";
import { openTestDatabase, type TestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { type Received, startSmtpSink } from "./smtp-sink.ts";

const SKIP = process.env.TEST_DATABASE_URL
  ? false
  : "needs a PostgreSQL server shared by several processes: set TEST_DATABASE_URL";

const KILLED_LETTERS = 5000;
const KILLS = 3;
const KILL_BATCH_SIZE = 100;
const SHARED_LETTERS = 2000;

let database: TestDatabase;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
/** Applications whose letters go by email, in file-number order; each test takes its own slice. */
let emailFileNumbers: string[] = [];
const children = new Set<ChildProcess>();

before(async () => {
  if (SKIP) return;
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  // About three generated clients in four have an email given with consent.
  const wanted = KILLED_LETTERS + SHARED_LETTERS + 10;
  await generateData(database.db, {
    clients: Math.ceil(wanted * 1.5),
    applications: Math.ceil(wanted * 1.5),
    seed: 3,
    officeCode: "OTT",
    writers: 2,
  });
  const rows = await queryRows<{ fileNumber: string }>(
    database.db,
    sql`select a.file_number as "fileNumber" from applications a
        join offices o on o.id = a.office_id and o.code = 'OTT'
        where exists (select 1 from contact_details cd where cd.client_id = a.client_id
          and cd.kind = 'email' and cd.consent_source is not null and cd.superseded_at is null)
        order by a.file_number limit ${wanted}`,
  );
  assert.equal(rows.length, wanted, "enough generated applications with an email");
  emailFileNumbers = rows.map((row) => row.fileNumber);
  sink = await startSmtpSink({
    // The server's answer is chosen by the letter's subject, so one sink serves every test.
    answer: (message) => {
      const subject = /^Subject: (.*)$/im.exec(message.raw.toString("latin1"))?.[1] ?? "";
      if (subject.includes("[defer]")) return { code: 451, text: "Greylisted, try again in 5 minutes" };
      if (subject.includes("[refuse]")) return { code: 550, text: "Mailbox unavailable" };
      return "accept";
    },
  });
});

// Every child is killed, whatever a failed test left running: a dispatcher outliving its test would
// send the next test's letters, and keep the database from being dropped.
const killChildren = () => Promise.all([...children].map((child) => stopChild(child, "SIGKILL")));
afterEach(killChildren);
after(async () => {
  await killChildren();
  if (SKIP) return;
  await sink?.close();
  await database?.close();
});

interface Dispatcher {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process says its dispatcher is running. */
  ready: Promise<void>;
}

/** `dossier serve --only dispatcher` as its own OS process on the test's database. */
function startDispatcherProcess(env: Record<string, string>): Dispatcher {
  const child = spawn(process.execPath, ["bin/dossier.js", "serve", "--only", "dispatcher"], {
    env: { ...process.env, DATABASE_URL: database.url!, DOSSIER_DB_POOL: "10", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", () => {
      if (/^dispatcher /m.test(output)) resolve();
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`dispatcher process ended (${code ?? signal}) before starting:\n${output}`)),
    );
  });
  ready.catch(() => undefined);
  return { child, output: () => output, ready };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends `signal` and waits for the exit; a process still there 10 s after a SIGTERM is killed. */
function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Fails at once, with what the process printed, when a dispatcher that should be working has ended. */
function assertRunning(dispatcher: Dispatcher): void {
  if (!running(dispatcher.child)) {
    throw new Error(`the dispatcher process ended unexpectedly:\n${dispatcher.output()}`);
  }
}

/** Waits until `check` holds, asking every `everyMs`; fails with `what` after `timeoutMs`. */
async function waitFor(
  what: () => string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function messageIdOf(message: Received): string | undefined {
  return /^Message-ID:\s*(.+)$/im.exec(message.raw.toString("latin1"))?.[1]?.trim();
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function newBulkJob(fileNumbers: string[]) {
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    templateId: "free-text",
    values: { subject: "Your application", body: "Send us your passport and two photographs." },
    fileNumbers,
    fileName: "faults.csv",
  });
  assert.equal(created.email, fileNumbers.length, "every letter of the job goes by email");
  return created.job.id;
}

async function sentCount(jobId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from correspondence where bulk_job_id = ${jobId} and status = 'sent'`,
  );
  return row?.n ?? 0;
}

interface JobRow {
  id: string;
  status: string;
  messageId: string | null;
  resentCount: number;
  edocs: { sha256: string; content: Buffer }[];
}

/** The job's rows, each with its `sent-email` eDocs and their stored bytes. */
async function jobRows(jobId: string): Promise<JobRow[]> {
  const rows = await queryRows<{
    id: string;
    status: string;
    message_id: string | null;
    resent_count: number;
    sha256: string | null;
    content: Buffer | null;
  }>(
    database.db,
    sql`select c.id, c.status, c.message_id, c.resent_count, e.sha256, b.content
        from correspondence c
        left join edocs e on e.correspondence_id = c.id and e.kind = 'sent-email'
        left join blobs b on b.sha256 = e.sha256
        where c.bulk_job_id = ${jobId}`,
  );
  const byId = new Map<string, JobRow>();
  for (const row of rows) {
    let entry = byId.get(row.id);
    if (!entry) {
      entry = {
        id: row.id,
        status: row.status,
        messageId: row.message_id,
        resentCount: row.resent_count,
        edocs: [],
      };
      byId.set(row.id, entry);
    }
    if (row.sha256 && row.content) entry.edocs.push({ sha256: row.sha256, content: row.content });
  }
  return [...byId.values()];
}

/** The copies the sink was given, by Message-ID. */
function copiesByMessageId(messages: Received[]): Map<string, Received[]> {
  const copies = new Map<string, Received[]>();
  for (const message of messages) {
    const id = messageIdOf(message) ?? "(none)";
    copies.set(id, [...(copies.get(id) ?? []), message]);
  }
  return copies;
}

/**
 * Every row of the job is sent, and its archived eDoc holds bytes that reach their SHA-256 and are
 * exactly one copy the SMTP server was given; every Message-ID of the job reached the server.
 */
function assertSentAndArchived(rows: JobRow[], copies: Map<string, Received[]>) {
  const notSent = rows.filter((row) => row.status !== "sent");
  assert.deepEqual(
    notSent.map((row) => `${row.id} ${row.status}`),
    [],
    "every row of the job is sent",
  );
  for (const row of rows) {
    assert.ok(row.messageId, `row ${row.id} has its Message-ID`);
    const received = copies.get(row.messageId) ?? [];
    assert.ok(received.length > 0, `${row.messageId} reached the SMTP server`);
    assert.ok(row.edocs.length > 0, `row ${row.id} has its sent-email eDoc`);
    for (const edoc of row.edocs) {
      assert.equal(sha256(edoc.content), edoc.sha256, `the eDoc of ${row.id} matches its hash`);
      assert.ok(
        received.some((copy) => copy.raw.equals(edoc.content)),
        `the eDoc of ${row.id} is the exact bytes of a copy the server was given`,
      );
    }
  }
}

test("kill -9 of a dispatcher three times during a 5,000-letter bulk send: everything sent and archived, repeats bounded and flagged", {
  skip: SKIP,
}, async () => {
  const jobId = await newBulkJob(emailFileNumbers.slice(0, KILLED_LETTERS));
  sink.received.length = 0;
  const env = {
    SMTP_URL: sink.url,
    DISPATCH_IN_FLIGHT: "25",
    DISPATCH_BATCH_SIZE: String(KILL_BATCH_SIZE),
    // Short, so the rows a killed process held are taken over within the test.
    DISPATCH_LEASE_MS: "2000",
    DISPATCH_POLL_MS: "200",
  };
  const started = performance.now();
  const killedAt: number[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    const dispatcher = startDispatcherProcess(env);
    const before = sink.received.length;
    await waitFor(
      () =>
        `dispatcher ${kill} to send 400 messages (sink has ${sink.received.length}):\n${dispatcher.output()}`,
      () => {
        assertRunning(dispatcher);
        return sink.received.length >= before + 400;
      },
      60_000,
      20,
    );
    await stopChild(dispatcher.child, "SIGKILL");
    killedAt.push(sink.received.length);
  }
  const last = startDispatcherProcess(env);
  await waitFor(
    () => `every letter sent (${KILLED_LETTERS}):\n${last.output()}`,
    async () => {
      assertRunning(last);
      return (await sentCount(jobId)) === KILLED_LETTERS;
    },
    120_000,
    250,
  );
  const seconds = (performance.now() - started) / 1000;
  await stopChild(last.child, "SIGTERM");

  const rows = await jobRows(jobId);
  assert.equal(rows.length, KILLED_LETTERS);
  const copies = copiesByMessageId(sink.received);
  assertSentAndArchived(rows, copies);
  const ofJob = new Set(rows.map((row) => row.messageId));
  assert.deepEqual(
    [...copies.keys()].filter((id) => !ofJob.has(id)),
    [],
    "the server was given nothing but the job's letters",
  );

  const twice = [...copies].filter(([, received]) => received.length > 1);
  console.log(
    `kill -9 ×${KILLS} during ${KILLED_LETTERS} letters (batch ${KILL_BATCH_SIZE}): killed at ${killedAt.join(", ")} messages; ` +
      `${sink.received.length} messages for ${copies.size} Message-IDs, ${twice.length} received more than once ` +
      `(bound ${KILLS * KILL_BATCH_SIZE}), ${rows.filter((row) => row.resentCount > 0).length} rows flagged as re-sent; ${seconds.toFixed(1)} s`,
  );
  assert.ok(
    twice.length <= KILLS * KILL_BATCH_SIZE,
    `at most ${KILLS} × ${KILL_BATCH_SIZE} messages go out twice, not ${twice.length}`,
  );
  const reclaims = await queryRows<{ id: string }>(
    database.db,
    sql`select distinct a.after->>'correspondenceId' as id from audit_events a
          join correspondence c on c.id::text = a.after->>'correspondenceId'
          where a.action = 'correspondence.reclaimed' and c.bulk_job_id = ${jobId}`,
  );
  assert.ok(reclaims.length > 0, "the rows a killed process held were taken over after their lease");

  const flaggedInAudit = new Set(
    (
      await queryRows<{ id: string }>(
        database.db,
        sql`select distinct after->>'correspondenceId' as id from audit_events
              where action in ('correspondence.sent', 'correspondence.sent-again')
                and after->>'resentAfterLeaseExpiry' = 'true'`,
      )
    ).map((row) => row.id),
  );
  const byMessageId = new Map(rows.map((row) => [row.messageId, row]));
  for (const [messageId, received] of twice) {
    // The copies were grouped by the Message-ID they carry: finding the record by it shows that
    // every copy bears the record's own Message-ID.
    const row = byMessageId.get(messageId);
    assert.ok(row, `the copies of ${messageId} carry the Message-ID of a record of the job`);
    assert.ok(row.resentCount >= 1, `${messageId}, received ${received.length} times, is flagged as re-sent`);
    assert.ok(
      flaggedInAudit.has(row.id),
      `the send of ${messageId} after the lease is flagged in the audit trail`,
    );
  }

  const chain = await verifyAuditChain(database.db);
  assert.ok(chain.intact, `audit chain intact: ${JSON.stringify(chain)}`);
});

test("two dispatcher processes on one 2,000-letter bulk job send every letter exactly once", {
  skip: SKIP,
}, async () => {
  sink.received.length = 0;
  const env = {
    SMTP_URL: sink.url,
    DISPATCH_IN_FLIGHT: "10",
    DISPATCH_BATCH_SIZE: "40",
    DISPATCH_POLL_MS: "100",
  };
  const dispatchers = [startDispatcherProcess(env), startDispatcherProcess(env)];
  await Promise.all(dispatchers.map((d) => d.ready));
  // Both are polling before the job commits, so they start on it together.
  const started = performance.now();
  const jobId = await newBulkJob(emailFileNumbers.slice(KILLED_LETTERS, KILLED_LETTERS + SHARED_LETTERS));
  await waitFor(
    () => `every letter sent (${SHARED_LETTERS}):\n${dispatchers.map((d) => d.output()).join("\n")}`,
    async () => {
      for (const dispatcher of dispatchers) assertRunning(dispatcher);
      return (await sentCount(jobId)) === SHARED_LETTERS;
    },
    90_000,
    250,
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(dispatchers.map((d) => stopChild(d.child, "SIGTERM")));

  const rows = await jobRows(jobId);
  assert.equal(rows.length, SHARED_LETTERS);
  const copies = copiesByMessageId(sink.received);
  assertSentAndArchived(rows, copies);
  const twice = [...copies].filter(([, received]) => received.length > 1).map(([id]) => id);
  console.log(
    `two dispatcher processes, ${SHARED_LETTERS} letters: ${sink.received.length} messages at the server, ` +
      `${twice.length} Message-IDs twice; ${seconds.toFixed(1)} s from the job's creation`,
  );
  assert.deepEqual(twice, [], "no Message-ID reached the server twice");
  assert.equal(sink.received.length, SHARED_LETTERS);
  assert.deepEqual(
    rows.filter((row) => row.resentCount > 0 || row.edocs.length !== 1).map((row) => row.id),
    [],
    "one send and one eDoc per row, none re-sent",
  );
});

test("an SMTP server that cannot be reached: the dispatcher process puts the letter back with a later attempt and the connection error; past the give-up time it is undelivered", {
  skip: SKIP,
}, async () => {
  const closed = await startSmtpSink();
  await closed.close();
  const fileNumber = emailFileNumbers[KILLED_LETTERS + SHARED_LETTERS]!;
  const queued = await queueCorrespondence(database.db, seed.ottawa, fileNumber, {
    subject: "Request for documents",
    body: "Please send us your police certificate.",
  });
  const dispatcher = startDispatcherProcess({ SMTP_URL: closed.url, DISPATCH_POLL_MS: "100" });
  const row = async () =>
    (await database.db.select().from(correspondence).where(eq(correspondence.id, queued.id)))[0]!;
  await waitFor(
    () => `a failed attempt to be recorded:\n${dispatcher.output()}`,
    async () => (await row()).attempts === 1 && (await row()).status === "generate",
    30_000,
  );
  await stopChild(dispatcher.child, "SIGTERM");
  const waiting = await row();
  assert.match(waiting.statusReason ?? "", /^Attempt 1 failed, will retry: .*ECONNREFUSED/);
  const waitMs = waiting.nextAttemptAt!.getTime() - Date.now();
  assert.ok(waitMs > 30_000 && waitMs <= 60_000, `next attempt about a minute later, not in ${waitMs} ms`);

  // The give-up time, made tiny, passes before the next attempt.
  await database.db
    .update(correspondence)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(correspondence.id, queued.id));
  const transport = createTransport({ host: "127.0.0.1", port: closed.port, secure: false, ignoreTLS: true });
  try {
    const result = await dispatchOnce(database.db, transport, { giveUpAfterMs: 1 });
    assert.equal(result.undelivered, 1);
  } finally {
    transport.close();
  }
  const given = await row();
  assert.equal(given.status, "undelivered");
  assert.equal(given.nextAttemptAt, null);
  assert.match(
    given.statusReason ?? "",
    /^Not delivered within .* after 2 attempts; last answer: .*ECONNREFUSED/,
  );
});

test("through the dispatcher process, a 451 answer schedules a retry and a 550 answer makes the letter undelivered, each with the server's words", {
  skip: SKIP,
}, async () => {
  sink.received.length = 0;
  const [deferredFile, refusedFile] = emailFileNumbers.slice(KILLED_LETTERS + SHARED_LETTERS + 1);
  const deferred = await queueCorrespondence(database.db, seed.ottawa, deferredFile!, {
    subject: "Interview invitation [defer]",
    body: "Your interview is on 2 April 2026 at 10:00.",
  });
  const refused = await queueCorrespondence(database.db, seed.ottawa, refusedFile!, {
    subject: "Acknowledgement of receipt [refuse]",
    body: "We received your application.",
  });
  const dispatcher = startDispatcherProcess({ SMTP_URL: sink.url, DISPATCH_POLL_MS: "100" });
  const row = async (id: string) =>
    (await database.db.select().from(correspondence).where(eq(correspondence.id, id)))[0]!;
  await waitFor(
    () => `both answers to be recorded:\n${dispatcher.output()}`,
    async () =>
      (await row(deferred.id)).status === "generate" &&
      (await row(deferred.id)).attempts === 1 &&
      (await row(refused.id)).status === "undelivered",
    30_000,
  );
  await stopChild(dispatcher.child, "SIGTERM");

  const later = await row(deferred.id);
  assert.match(
    later.statusReason ?? "",
    /^Attempt 1 failed, will retry: 451 [\d.]+ Greylisted, try again in 5 minutes/,
  );
  const waitMs = later.nextAttemptAt!.getTime() - Date.now();
  assert.ok(waitMs > 30_000 && waitMs <= 60_000, `next attempt about a minute later, not in ${waitMs} ms`);
  const undelivered = await row(refused.id);
  assert.match(undelivered.statusReason ?? "", /^550 [\d.]+ Mailbox unavailable/);
  assert.equal(undelivered.nextAttemptAt, null);
  assert.deepEqual(
    sink.received.map((message) => [messageIdOf(message), message.answeredWith]).sort(),
    [
      [deferred.messageId, 451],
      [refused.messageId, 550],
    ].sort(),
  );
});
