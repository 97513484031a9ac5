import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { type Database, queryRows } from "../../src/db/database.ts";
import { correspondence } from "../../src/db/schema.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { type CliDatabase, prepareCliDatabase } from "../support/cli.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

// `dossier letters|bulk|correspondence …` run as their own processes on a database the test prepares.
let cli: CliDatabase;
let dir: string;
let fileNumber: string;
let paperFileNumber: string;
const dossier = (args: string[]) => cli.dossier(args);
const withDatabase = <T>(work: (database: Database) => Promise<T>) => cli.withDatabase(work);

/** The one JSON line a command printed. */
function jsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split("\n");
  assert.equal(lines.length, 1, stdout);
  return JSON.parse(lines[0]!) as T;
}

async function counts(): Promise<{ correspondence: number; bulkJobs: number; auditEvents: number }> {
  return withDatabase(async ({ db }) => {
    const [row] = await queryRows<{ c: number; b: number; a: number }>(
      db,
      sql`select (select count(*)::int from correspondence) as c, (select count(*)::int from bulk_jobs) as b,
                 (select count(*)::int from audit_events) as a`,
    );
    return { correspondence: row!.c, bulkJobs: row!.b, auditEvents: row!.a };
  });
}

const AS = ["--as", "ana@dossier.test"];

/** What `bulk pause|resume|cancel` printed: the job's status and the letters it moved. */
function summary(stdout: string) {
  const { job, changed } = jsonLine<{ job: { status: string }; changed: number }>(stdout);
  return { status: job.status, changed };
}

before(async () => {
  cli = await prepareCliDatabase("correspondence-cli", async (db) => {
    const seed = await seedTwoOffices(db);
    fileNumber = seed.application.fileNumber;
    // A client who gave no email: their letters go by paper.
    const client = await createClient(db, seed.ottawa, {
      officeCode: "OTT",
      familyName: "Quispe",
      givenNames: "Rosa",
      dateOfBirth: "1975-05-05",
      sex: "F",
      countryOfBirth: "PER",
      citizenships: ["PER"],
      postalAddress: "7 Sparks Street\nOttawa ON  K1P 5B5",
    });
    paperFileNumber = (
      await createApplication(db, seed.ottawa, {
        uci: client.uci,
        officeCode: "OTT",
        lineOfBusiness: "citizenship",
        receivedDate: "2026-01-10",
        language: "en",
      })
    ).fileNumber;
  });
  dir = cli.dir;
});
after(() => cli.remove());

test("letters send queues the letter to the address on file and says who it goes to and why", async () => {
  const responseDate = addDays(todayIn("America/Toronto"), 14);
  const values = JSON.stringify({ documents: ["Passeport"], responseDate });

  const preview = await dossier([
    "letters",
    "send",
    fileNumber,
    "--template",
    "request-documents",
    "--values",
    values,
    ...AS,
    "--preview",
  ]);
  assert.equal(preview.code, 0, preview.stderr);
  const previewed = jsonLine<{
    preview: boolean;
    recipient: { address: string };
    letter: { subject: string };
  }>(preview.stdout);
  assert.equal(previewed.recipient.address, "anh.nguyen@example.com");
  assert.match(previewed.letter.subject, /^Demande de documents supplémentaires/);
  const before = await counts();

  const sent = await dossier([
    "letters",
    "send",
    fileNumber,
    "--template",
    "request-documents",
    "--values",
    values,
    ...AS,
  ]);
  assert.equal(sent.code, 0, sent.stderr);
  const queued = jsonLine<{
    correspondence: { id: string; channel: string; status: string; address: string; responseDueDate: string };
    recipient: { addressee: string; consentSource: string };
  }>(sent.stdout);
  assert.deepEqual(
    {
      channel: queued.correspondence.channel,
      status: queued.correspondence.status,
      address: queued.correspondence.address,
      responseDueDate: queued.correspondence.responseDueDate,
      addressee: queued.recipient.addressee,
      consentSource: queued.recipient.consentSource,
    },
    {
      channel: "email",
      status: "generate",
      address: "anh.nguyen@example.com",
      responseDueDate: responseDate,
      addressee: "client",
      consentSource: "application-form",
    },
  );
  assert.equal((await counts()).correspondence, before.correspondence + 1, "the preview wrote nothing");
  const [row] = await withDatabase(({ db }) =>
    db.select().from(correspondence).where(eq(correspondence.id, queued.correspondence.id)),
  );
  assert.equal(row?.address, "anh.nguyen@example.com");
  assert.equal(row?.createdBy !== null, true, "the letter is the act of the user of --as");
});

test("letters send refuses a recipient in --values, JSON that is not JSON, and a missing --as, writing nothing", async () => {
  const before = await counts();
  for (const field of ["email", "to"]) {
    const typed = await dossier([
      "letters",
      "send",
      fileNumber,
      "--template",
      "free-text",
      "--values",
      JSON.stringify({
        subject: "Your application",
        body: "Send us your passport.",
        [field]: "someone@example.com",
      }),
      ...AS,
    ]);
    assert.equal(typed.code, 2, typed.stderr);
    assert.match(typed.stderr, new RegExp(`values\\.${field}: a letter's recipient is never typed`));
  }
  const badJson = await dossier([
    "letters",
    "send",
    fileNumber,
    "--template",
    "approval",
    "--values",
    "{nextSteps:",
    ...AS,
  ]);
  assert.equal(badJson.code, 2);
  assert.match(badJson.stderr, /--values: is not valid JSON/);
  const noAs = await dossier(["letters", "send", fileNumber, "--template", "approval", "--values", "{}"]);
  assert.equal(noAs.code, 2);
  assert.match(noAs.stderr, /--as: is required/);
  const unknownUser = await dossier([
    "letters",
    "send",
    fileNumber,
    "--template",
    "approval",
    "--as",
    "nobody@dossier.test",
  ]);
  assert.equal(unknownUser.code, 2);
  assert.match(unknownUser.stderr, /--as: no active user nobody@dossier\.test/);
  for (const command of [
    ["bulk", "show", "00000000-0000-0000-0000-000000000000"],
    ["correspondence", "resend", "00000000-0000-0000-0000-000000000000"],
    ["correspondence", "mailed", "00000000-0000-0000-0000-000000000000"],
  ]) {
    const result = await dossier(command);
    assert.equal(result.code, 2, command.join(" "));
    assert.match(result.stderr, /--as: is required/);
  }
  assert.deepEqual(await counts(), before);
});

test("bulk create refuses a decision letter naming --template's templateId, exits 2 and creates nothing", async () => {
  const csv = join(dir, "decision.csv");
  writeFileSync(csv, `file_number\n${fileNumber}\n`);
  const before = await counts();
  const refused = await dossier([
    "bulk",
    "create",
    "--office",
    "OTT",
    "--template",
    "decision-refusal",
    "--values",
    JSON.stringify({ grounds: "Insufficient funds." }),
    "--csv",
    csv,
    ...AS,
  ]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(refused.stdout, "");
  assert.match(
    refused.stderr,
    /templateId: decision letters \(here, a refusal letter\) cannot be sent in bulk: each is produced by recording the decision, application by application, on that application's page Decisions and reconsideration/,
  );
  assert.deepEqual(await counts(), before);
});

test("bulk create from a CSV with an unknown file number lists that line, exits 2 and creates nothing", async () => {
  const csv = join(dir, "refused.csv");
  writeFileSync(csv, `file_number\n${fileNumber}\nV999999999\n`);
  const before = await counts();
  const refused = await dossier([
    "bulk",
    "create",
    "--office",
    "OTT",
    "--template",
    "free-text",
    "--values",
    JSON.stringify({ subject: "Your application", body: "Send us your passport." }),
    "--csv",
    csv,
    ...AS,
  ]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(refused.stdout, "");
  const lines = refused.stderr.trim().split("\n");
  assert.match(lines[0]!, /1 row\(s\) cannot be sent, nothing was created/);
  assert.match(lines[1]!, /^line 3 V999999999 fileNumber: /);
  assert.equal(lines.length, 2, refused.stderr);
  assert.deepEqual(await counts(), before);
});

test("bulk create from a CSV, then show, pause, resume and cancel the job", async () => {
  const csv = join(dir, "job.csv");
  writeFileSync(csv, `${fileNumber}\n${paperFileNumber.toLowerCase()}\n`);
  const create = (extra: string[]) =>
    dossier([
      "bulk",
      "create",
      "--office",
      "OTT",
      "--template",
      "free-text",
      "--values",
      JSON.stringify({ subject: "Your application", body: "Send us your passport." }),
      "--csv",
      csv,
      ...AS,
      ...extra,
    ]);
  const preview = await create(["--preview"]);
  assert.equal(preview.code, 0, preview.stderr);
  assert.deepEqual(jsonLine(preview.stdout), { officeCode: "OTT", total: 2, email: 1, paper: 1 });

  const created = await create([]);
  assert.equal(created.code, 0, created.stderr);
  const { job, email, paper } = jsonLine<{
    job: { id: string; total: number; status: string };
    email: number;
    paper: number;
  }>(created.stdout);
  assert.deepEqual(
    { total: job.total, status: job.status, email, paper },
    { total: 2, status: "active", email: 1, paper: 1 },
  );

  const shown = await dossier(["bulk", "show", job.id, ...AS]);
  assert.equal(shown.code, 0, shown.stderr);
  const progress = jsonLine<{
    counts: Record<string, number>;
    recipients: { fileNumber: string; channel: string; address: string }[];
  }>(shown.stdout);
  assert.deepEqual(progress.counts, { generate: 2 });
  const anh = progress.recipients.find((r) => r.fileNumber === fileNumber);
  assert.deepEqual([anh?.channel, anh?.address], ["email", "anh.nguyen@example.com"]);

  const paused = await dossier(["bulk", "pause", job.id, ...AS]);
  assert.equal(paused.code, 0, paused.stderr);
  assert.deepEqual(summary(paused.stdout), { status: "paused", changed: 1 });
  const resumed = await dossier(["bulk", "resume", job.id, ...AS]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(summary(resumed.stdout), { status: "active", changed: 1 });
  const cancelled = await dossier(["bulk", "cancel", job.id, ...AS]);
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.deepEqual(summary(cancelled.stdout), { status: "cancelled", changed: 1 });
  const after = jsonLine<{ counts: Record<string, number> }>(
    (await dossier(["bulk", "show", job.id, ...AS])).stdout,
  );
  // The email is cancelled; the paper letter waits for a person, who stops it by its activity.
  assert.deepEqual(after.counts, { cancelled: 1, generate: 1 });

  // Another office's officer does not see the job.
  const other = await dossier(["bulk", "pause", job.id, "--as", "liam@dossier.test"]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /no bulk job .* in your offices/);
});

test("correspondence record-manual files a saved Outlook message; mailed and extend act on paper and requests", async () => {
  const msg = fileURLToPath(new URL("../fixtures/saved-messages/request-for-documents.msg", import.meta.url));
  const recorded = await dossier(["correspondence", "record-manual", fileNumber, "--file", msg, ...AS]);
  assert.equal(recorded.code, 0, recorded.stderr);
  const result = jsonLine<{
    correspondence: { status: string; templateId: string; address: string; sentAt: string };
    edocId: string;
    warnings: string[];
  }>(recorded.stdout);
  assert.deepEqual(
    {
      status: result.correspondence.status,
      templateId: result.correspondence.templateId,
      address: result.correspondence.address,
      sentAt: result.correspondence.sentAt,
    },
    {
      status: "sent",
      templateId: "manual",
      address: "anh.nguyen@example.com",
      sentAt: "2026-03-02T15:04:05.000Z",
    },
  );
  // The fixture was sent before the seed recorded the client's email: the officer is told.
  assert.deepEqual(result.warnings, [
    "At 2026-03-02T15:04:05.000Z the file held no email address given with consent; correspondence was due by paper mail.",
  ]);
  assert.equal(recorded.stderr, `warning: ${result.warnings[0]}\n`);

  const missing = await dossier([
    "correspondence",
    "record-manual",
    fileNumber,
    "--file",
    join(dir, "none.msg"),
    ...AS,
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--file: cannot read .*none\.msg \(no such file\)/);

  // A request by paper: mailed, then its response date extended.
  const responseDate = addDays(todayIn("America/Toronto"), 7);
  const queued = await dossier([
    "letters",
    "send",
    paperFileNumber,
    "--template",
    "request-documents",
    "--values",
    JSON.stringify({ documents: ["Proof of residence"], responseDate }),
    ...AS,
  ]);
  assert.equal(queued.code, 0, queued.stderr);
  const letter = jsonLine<{ correspondence: { id: string; channel: string }; activityId: string }>(
    queued.stdout,
  );
  assert.equal(letter.correspondence.channel, "paper");
  const mailed = await dossier(["correspondence", "mailed", letter.correspondence.id, ...AS]);
  assert.equal(mailed.code, 0, mailed.stderr);
  assert.deepEqual(jsonLine<{ completedActivityIds: string[] }>(mailed.stdout).completedActivityIds, [
    letter.activityId,
  ]);

  const later = addDays(responseDate, 30);
  const extended = await dossier([
    "correspondence",
    "extend",
    letter.correspondence.id,
    "--date",
    later,
    "--reason",
    "The client asked for more time: the certificate takes six weeks.",
    ...AS,
  ]);
  assert.equal(extended.code, 0, extended.stderr);
  assert.equal(
    jsonLine<{ correspondence: { responseDueDate: string } }>(extended.stdout).correspondence.responseDueDate,
    later,
  );
  const noReason = await dossier([
    "correspondence",
    "extend",
    letter.correspondence.id,
    "--date",
    later,
    ...AS,
  ]);
  assert.equal(noReason.code, 2);
  assert.match(noReason.stderr, /--reason: is required/);

  // Only an undelivered email is sent again.
  const resend = await dossier(["correspondence", "resend", letter.correspondence.id, ...AS]);
  assert.equal(resend.code, 2);
  assert.match(resend.stderr, /dossier correspondence resend: /);
});
