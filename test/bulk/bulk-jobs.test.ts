import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { createApplication } from "../../src/applications/create-application.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { BulkRowsError } from "../../src/bulk/bulk-rows-error.ts";
import { cancelBulkJob } from "../../src/bulk/cancel-bulk-job.ts";
import { createBulkJob } from "../../src/bulk/create-bulk-job.ts";
import { getBulkJob } from "../../src/bulk/get-bulk-job.ts";
import { listBulkJobs } from "../../src/bulk/list-bulk-jobs.ts";
import { pauseBulkJob } from "../../src/bulk/pause-bulk-job.ts";
import { previewBulkJob } from "../../src/bulk/preview-bulk-job.ts";
import { resumeBulkJob } from "../../src/bulk/resume-bulk-job.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, auditEvents, bulkJobs, caughtMail, correspondence } from "../../src/db/schema.ts";
import { startMailCatcher } from "../../src/mail/mail-catcher.ts";
import type { SmtpListener } from "../../src/mail/smtp-receiver.ts";
import { AppError } from "../../src/shared/errors.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let catcher: SmtpListener;
const permanent: string[] = [];
let noAddress: string;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  catcher = await startMailCatcher({ db: database.db, host: "127.0.0.1", port: 0 });
  for (const [index, name] of ["Haddad", "Okafor", "Tremblay", "Singh"].entries()) {
    const application = await newApplication(seed.ottawa, "OTT", name, {
      email: `${name.toLowerCase()}@example.com`,
      lineOfBusiness: "permanent-residence",
      language: index % 2 === 0 ? "en" : "fr",
    });
    permanent.push(application.fileNumber);
  }
  // Citizenship: two files, one of which holds no address at all.
  await newApplication(seed.ottawa, "OTT", "Dubois", {
    email: "dubois@example.com",
    lineOfBusiness: "citizenship",
  });
  noAddress = (await newApplication(seed.ottawa, "OTT", "Kowalski", { lineOfBusiness: "citizenship" }))
    .fileNumber;
});
after(async () => {
  await catcher.close();
  await database.close();
});

async function newApplication(
  actor: typeof seed.ottawa,
  officeCode: string,
  familyName: string,
  options: {
    email?: string;
    postalAddress?: string;
    lineOfBusiness: "permanent-residence" | "citizenship" | "family-sponsorship";
    language?: "en" | "fr";
  },
) {
  const client = await createClient(database.db, actor, {
    officeCode,
    familyName,
    givenNames: "Sam",
    dateOfBirth: "1985-03-02",
    sex: "X",
    countryOfBirth: "FRA",
    citizenships: ["FRA"],
    ...(options.email ? { email: options.email, emailConsentSource: "application-form" as const } : {}),
    ...(options.postalAddress ? { postalAddress: options.postalAddress } : {}),
  });
  return createApplication(database.db, actor, {
    uci: client.uci,
    officeCode,
    lineOfBusiness: options.lineOfBusiness,
    receivedDate: "2026-01-20",
    language: options.language ?? "en",
  });
}

async function written() {
  const [jobs] = await database.db.select({ n: sql<number>`count(*)::int` }).from(bulkJobs);
  const [rows] = await database.db.select({ n: sql<number>`count(*)::int` }).from(correspondence);
  return { ...(await tableCounts(database.db)), bulkJobs: jobs?.n, correspondence: rows?.n };
}

function rowsError(check: (error: BulkRowsError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof BulkRowsError, `a BulkRowsError, got ${String(error)}`);
    check(error);
    return true;
  };
}

async function jobRows(jobId: string) {
  return database.db
    .select({ status: correspondence.status, address: correspondence.address })
    .from(correspondence)
    .where(eq(correspondence.bulkJobId, jobId));
}

async function dispatchAll() {
  const transport = createTransport({
    host: "127.0.0.1",
    port: catcher.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    let total = 0;
    for (;;) {
      const result = await dispatchOnce(database.db, transport, { batchSize: 50, inFlight: 4 });
      total += result.sent;
      if (result.claimed === 0) return total;
    }
  } finally {
    transport.close();
  }
}

async function caughtFor(addresses: string[]) {
  const rows = await database.db.select({ to: caughtMail.envelopeTo }).from(caughtMail);
  return rows
    .flatMap((row) => row.to)
    .filter((to) => addresses.includes(to))
    .sort();
}

test("filters pick the office's applications of one line; one generate row each, tied to the job and audited", async () => {
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    templateId: "free-text",
    values: { subject: "Your application", body: "Send us your passport." },
  });
  assert.equal(created.job.total, 4);
  assert.equal(created.job.status, "active");
  assert.deepEqual({ email: created.email, paper: created.paper }, { email: 4, paper: 0 });
  const rows = await jobRows(created.job.id);
  assert.deepEqual(
    rows.map((row) => row.status),
    ["generate", "generate", "generate", "generate"],
  );
  assert.deepEqual(rows.map((row) => row.address).sort(), [
    "haddad@example.com",
    "okafor@example.com",
    "singh@example.com",
    "tremblay@example.com",
  ]);
  const [jobEvent] = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "bulk-job.created"), eq(auditEvents.entityId, created.job.id)));
  assert.equal((jobEvent?.after as { total: number } | undefined)?.total, 4);
  const rowEvents = await database.db
    .select()
    .from(auditEvents)
    .where(
      sql`${auditEvents.action} = 'correspondence.added-to-bulk-job' and ${auditEvents.after}->>'bulkJobId' = ${created.job.id}`,
    );
  assert.equal(rowEvents.length, 4);
  await cancelBulkJob(database.db, seed.ottawa, created.job.id);
});

test("every row is checked first: a file without any address refuses the whole job and nothing is written", async () => {
  const before = await written();
  await assert.rejects(
    createBulkJob(database.db, seed.ottawa, {
      officeCode: "OTT",
      lineOfBusiness: "citizenship",
      templateId: "free-text",
      values: { subject: "Your application", body: "Attend the ceremony." },
    }),
    rowsError((error) => {
      assert.equal(error.totalErrors, 1);
      assert.equal(error.rows[0]?.fileNumber, noAddress);
      assert.match(error.message, /nothing was created/);
    }),
  );
  assert.deepEqual(await written(), before);
});

test("a value the template refuses is reported per file number and field, first 20 only", async () => {
  const before = await written();
  await assert.rejects(
    createBulkJob(database.db, seed.ottawa, {
      officeCode: "OTT",
      lineOfBusiness: "permanent-residence",
      templateId: "request-documents",
      values: { documents: [], responseDate: "2020-01-01" },
    }),
    rowsError((error) => {
      assert.equal(error.totalErrors, 4);
      assert.deepEqual(
        error.rows.map((row) => row.fileNumber),
        [...permanent].sort(),
      );
      assert.ok(
        error.rows[0]?.field.startsWith("documents") || error.rows[0]?.field.startsWith("responseDate"),
      );
    }),
  );
  assert.deepEqual(await written(), before);
});

test("a list naming a file of another office is refused: not in your offices", async () => {
  const london = await newApplication(seed.london, "LON", "Evans", {
    email: "evans@example.com",
    lineOfBusiness: "citizenship",
  });
  const before = await written();
  await assert.rejects(
    createBulkJob(
      database.db,
      seed.ottawa,
      {
        officeCode: "OTT",
        fileNumbers: [permanent[0]!, london.fileNumber, "V999999999"],
        templateId: "free-text",
        values: { subject: "Your application", body: "x" },
      },
      { lines: [2, 3, 4] },
    ),
    rowsError((error) => {
      assert.deepEqual(
        error.rows.map((row) => `${row.line} ${row.fileNumber} ${row.message}`),
        [
          `3 ${london.fileNumber} is unknown or not in your offices`,
          "4 V999999999 is unknown or not in your offices",
        ],
      );
    }),
  );
  // Nor may an officer of another office start a job for OTT.
  await assert.rejects(
    createBulkJob(database.db, seed.london, {
      officeCode: "OTT",
      templateId: "free-text",
      values: { subject: "Your application", body: "x" },
    }),
    (error: unknown) => error instanceof AppError && error.code === "forbidden",
  );
  assert.deepEqual(await written(), before);
});

test("paused letters are not sent; resumed, all are sent through SMTP", async () => {
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    fileNumbers: permanent,
    templateId: "free-text",
    values: { subject: "Your application", body: "Envoyez-nous votre passeport." },
  });
  const addresses = (await jobRows(created.job.id)).map((row) => row.address!);
  const paused = await pauseBulkJob(database.db, seed.ottawa, created.job.id);
  assert.equal(paused.changed, 4);
  assert.equal(paused.job.status, "paused");
  await dispatchAll();
  assert.deepEqual(await caughtFor(addresses), []);
  assert.deepEqual((await getBulkJob(database.db, seed.ottawa, created.job.id)).counts, { held: 4 });

  const resumed = await resumeBulkJob(database.db, seed.ottawa, created.job.id);
  assert.equal(resumed.changed, 4);
  await dispatchAll();
  assert.deepEqual(await caughtFor(addresses), [...addresses].sort());
  const progress = await getBulkJob(database.db, seed.ottawa, created.job.id);
  assert.deepEqual(progress.counts, { sent: 4 });
  assert.equal(progress.finished, 4);
  assert.deepEqual(
    progress.recipients.map((r) => [r.fileNumber, r.channel, r.status]),
    [...permanent].sort().map((fileNumber) => [fileNumber, "email", "sent"]),
  );
  assert.match(progress.recipients[0]?.clientName ?? "", /^[A-Z]+, Sam$/);
  // Cancelling a finished job changes no letter.
  assert.equal((await cancelBulkJob(database.db, seed.ottawa, created.job.id)).changed, 0);
});

test("cancel stops held and waiting letters for good; other offices do not see the job", async () => {
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    fileNumbers: permanent.slice(0, 2),
    templateId: "free-text",
    values: { subject: "Your application", body: "x" },
  });
  await pauseBulkJob(database.db, seed.ottawa, created.job.id);
  const cancelled = await cancelBulkJob(database.db, seed.ottawa, created.job.id);
  assert.equal(cancelled.changed, 2);
  await assert.rejects(resumeBulkJob(database.db, seed.ottawa, created.job.id), /cancelled/);
  await dispatchAll();
  assert.deepEqual((await getBulkJob(database.db, seed.ottawa, created.job.id)).counts, { cancelled: 2 });
  await assert.rejects(
    getBulkJob(database.db, seed.london, created.job.id),
    (error: unknown) => error instanceof AppError && error.code === "not_found",
  );
  await assert.rejects(pauseBulkJob(database.db, seed.london, created.job.id), /no bulk job/);
  assert.ok((await listBulkJobs(database.db, seed.ottawa)).some((job) => job.id === created.job.id));
  assert.deepEqual(await listBulkJobs(database.db, seed.london), []);
});

test("a decision letter is refused before any file is read: approval and decision-refusal, preview and creation, nothing written", async () => {
  const before = await written();
  for (const [templateId, letter, lettre] of [
    ["approval", "an approval letter", "une lettre d’approbation"],
    ["decision-refusal", "a refusal letter", "une lettre de refus"],
  ] as const) {
    const input = {
      officeCode: "OTT",
      lineOfBusiness: "permanent-residence" as const,
      // decision-refusal is no template of the schema's: the refusal comes before the schema.
      templateId: templateId as "approval",
      values: { nextSteps: "Send us your passport.", grounds: "Insufficient funds." },
    };
    for (const operation of [createBulkJob, previewBulkJob]) {
      await assert.rejects(operation(database.db, seed.ottawa, input), (error: unknown) => {
        assert.ok(error instanceof AppError, `an AppError, got ${String(error)}`);
        assert.deepEqual([error.code, error.field], ["invalid_input", "templateId"]);
        assert.ok(
          error.message.startsWith(
            `templateId: decision letters (here, ${letter}) cannot be sent in bulk: each is produced by recording the decision, application by application, on that application's page Decisions and reconsideration`,
          ),
          error.message,
        );
        assert.ok(
          error.messageFr?.startsWith(
            `templateId : les lettres de décision (ici, ${lettre}) ne peuvent pas être envoyées en masse : chacune est produite en consignant la décision, demande par demande, à la page Décisions et réexamen`,
          ),
          error.messageFr,
        );
        return true;
      });
    }
  }
  assert.deepEqual(await written(), before);
});

test("the preview counts the letters by channel and writes nothing", async () => {
  const before = await written();
  const preview = await previewBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    templateId: "free-text",
    values: { subject: "Your application", body: "x" },
  });
  assert.deepEqual(preview, { officeCode: "OTT", total: 4, email: 4, paper: 0 });
  assert.deepEqual(await written(), before);
});

test("a file without consent gets a paper letter with its activity; pause holds only the emails; the audit chain stays intact", async () => {
  await newApplication(seed.ottawa, "OTT", "Lefebvre", {
    email: "lefebvre@example.com",
    lineOfBusiness: "family-sponsorship",
  });
  const paperFile = await newApplication(seed.ottawa, "OTT", "Moreau", {
    postalAddress: "12 rue Principale\nGatineau QC  J8X 1A1",
    lineOfBusiness: "family-sponsorship",
    language: "fr",
  });
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    lineOfBusiness: "family-sponsorship",
    templateId: "free-text",
    values: { subject: "Your application", body: "Send us your passport." },
  });
  assert.deepEqual({ email: created.email, paper: created.paper }, { email: 1, paper: 1 });
  await pauseBulkJob(database.db, seed.ottawa, created.job.id);
  const progress = await getBulkJob(database.db, seed.ottawa, created.job.id);
  assert.deepEqual(progress.counts, { held: 1, generate: 1 });
  const paper = progress.recipients.find((r) => r.fileNumber === paperFile.fileNumber);
  assert.deepEqual([paper?.channel, paper?.status], ["paper", "generate"]);
  assert.match(paper?.address ?? "", /Gatineau/);
  const mailActivities = await database.db
    .select()
    .from(activities)
    .where(eq(activities.applicationId, paperFile.id));
  assert.deepEqual(
    mailActivities.map((a) => a.activity),
    ["Mail paper letter"],
  );
  assert.equal(progress.finished, 1, "a paper letter is a person's work, not the dispatcher's");
  await cancelBulkJob(database.db, seed.ottawa, created.job.id);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a pause during sending holds the waiting letters and leaves the one in the SMTP server's hands", async () => {
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    fileNumbers: permanent.slice(0, 3),
    templateId: "free-text",
    values: { subject: "Your application", body: "x" },
  });
  // Other tests' rows are cancelled or sent by now; this job's three are the only ones waiting.
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered: () => void = () => {};
  const inSend = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const slow = {
    async sendMail() {
      entered();
      await gate;
      return { response: "250 2.0.0 Ok: queued as SLOW" };
    },
  };
  const sending = dispatchOnce(database.db, slow, { batchSize: 1, inFlight: 1 });
  await inSend;
  const paused = await pauseBulkJob(database.db, seed.ottawa, created.job.id);
  assert.equal(paused.changed, 2);
  release();
  assert.equal((await sending).sent, 1);
  assert.equal((await dispatchOnce(database.db, slow, { batchSize: 10 })).claimed, 0);
  assert.deepEqual((await getBulkJob(database.db, seed.ottawa, created.job.id)).counts, { sent: 1, held: 2 });
  await cancelBulkJob(database.db, seed.ottawa, created.job.id);
});
