import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { addRepresentative } from "../../src/applications/add-representative.ts";
import { createApplication } from "../../src/applications/create-application.ts";
import { transferApplication } from "../../src/applications/transfer-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import { markPaperLetterMailed } from "../../src/correspondence/mark-paper-letter-mailed.ts";
import { previewLetter, queueLetter } from "../../src/correspondence/queue-letter.ts";
import type { Database } from "../../src/db/database.ts";
import {
  activities,
  auditEvents,
  blobs,
  caughtMail,
  contactDetails,
  correspondence,
  edocs,
} from "../../src/db/schema.ts";
import { defaultResponseDate } from "../../src/letters/default-response-date.ts";
import { startMailCatcher } from "../../src/mail/mail-catcher.ts";
import type { SmtpListener } from "../../src/mail/smtp-receiver.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { AppError } from "../../src/shared/errors.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let catcher: SmtpListener;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  catcher = await startMailCatcher({ db: database.db, host: "127.0.0.1", port: 0 });
});
after(async () => {
  await catcher.close();
  await database.close();
});

const zone = "America/Toronto";
const inDays = (days: number) => addDays(todayIn(zone), days);

async function counts() {
  const rows = await database.db.select({ id: correspondence.id }).from(correspondence);
  return { ...(await tableCounts(database.db)), correspondence: rows.length };
}

async function newApplication(client: {
  familyName: string;
  email?: string;
  /** An email without consent cannot be entered through the forms; an imported file may hold one. */
  consent?: boolean;
  postalAddress?: string;
  lineOfBusiness?: "citizenship" | "permanent-residence";
  language?: "en" | "fr";
}) {
  const created = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: client.familyName,
    givenNames: "Karim",
    dateOfBirth: "1979-06-30",
    sex: "M",
    countryOfBirth: "MAR",
    citizenships: ["MAR"],
    ...(client.email && client.consent !== false
      ? { email: client.email, emailConsentSource: "application-form" as const }
      : {}),
    ...(client.postalAddress ? { postalAddress: client.postalAddress } : {}),
  });
  if (client.email && client.consent === false) {
    await database.db
      .insert(contactDetails)
      .values({ clientId: created.id, kind: "email", value: client.email, consentSource: null });
  }
  return createApplication(database.db, seed.ottawa, {
    uci: created.uci,
    officeCode: "OTT",
    lineOfBusiness: client.lineOfBusiness ?? "permanent-residence",
    receivedDate: "2026-02-10",
    language: client.language ?? "en",
  });
}

function refusal(code: string, pattern: RegExp, field?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    if (field) assert.equal(error.field, field);
    return true;
  };
}

test("a request for documents goes by email to the client who consented, in the file's language, with its date kept", async () => {
  const responseDate = inDays(21);
  const queued = await queueLetter(database.db, seed.ottawa, seed.application.fileNumber, {
    templateId: "request-documents",
    values: { documents: ["Relevés bancaires des trois derniers mois", "Passeport"], responseDate },
  });
  const row = queued.correspondence;
  assert.equal(row.channel, "email");
  assert.equal(row.status, "generate");
  assert.equal(row.address, "anh.nguyen@example.com");
  assert.equal(row.language, "fr");
  assert.equal(row.templateId, "request-documents");
  assert.equal(row.responseDueDate, responseDate);
  assert.equal(row.messageId, `<${row.id}@dossier.test>`);
  assert.equal(row.officeId, seed.application.officeId, "sent from the office that holds the file");
  assert.equal(row.subject, `Demande de documents supplémentaires – Dossier ${seed.application.fileNumber}`);
  assert.match(row.bodyText ?? "", /• Relevés bancaires des trois derniers mois\n• Passeport/);
  assert.deepEqual(
    { addressee: queued.recipient.addressee, channel: queued.recipient.channel },
    { addressee: "client", channel: "email" },
  );
  assert.equal(queued.edocId, null);
  assert.equal(queued.activityId, null);
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "correspondence.queued"),
        sql`${auditEvents.after}->>'correspondenceId' = ${row.id}`,
      ),
    );
  assert.ok(event, "queued in the audit trail");
  assert.equal((event.after as { templateId: string }).templateId, "request-documents");
  assert.equal((event.after as { responseDueDate: string }).responseDueDate, responseDate);
});

test("without a response date a request gets the office's default period; an emptied date is refused", async () => {
  const queued = await queueLetter(database.db, seed.ottawa, seed.application.fileNumber, {
    templateId: "request-documents",
    values: { documents: "Passeport\n\nCertificat de police\n" },
  });
  assert.equal(queued.correspondence.responseDueDate, defaultResponseDate(todayIn(zone), 30));

  const before = await counts();
  await assert.rejects(
    queueLetter(database.db, seed.ottawa, seed.application.fileNumber, {
      templateId: "request-documents",
      values: { documents: "Passeport", responseDate: " " },
    }),
    refusal(
      "invalid_input",
      /^responseDate: is required for a request for additional documents/,
      "responseDate",
    ),
  );
  assert.deepEqual(await counts(), before, "nothing written");
});

test("a response date today or in the past, or a convocation without its date, is refused and nothing is written", async () => {
  const before = await counts();
  const file = seed.application.fileNumber;
  const cases: [Parameters<typeof queueLetter>[3], RegExp, string][] = [
    [
      { templateId: "request-documents", values: { documents: "Passeport", responseDate: inDays(-1) } },
      /^responseDate: must be a date after the date of the letter/,
      "responseDate",
    ],
    [
      { templateId: "request-documents", values: { documents: "Passeport", responseDate: todayIn(zone) } },
      /^responseDate: must be a date after the date of the letter/,
      "responseDate",
    ],
    [
      { templateId: "request-documents", values: { documents: "Passeport", responseDate: "2026-02-30" } },
      /^responseDate: must be a real date/,
      "responseDate",
    ],
    [
      {
        templateId: "interview-convocation",
        values: { interviewTime: "09:30", interviewPlace: "1 Main Street" },
      },
      /^interviewDate: is required for an interview convocation/,
      "interviewDate",
    ],
    [
      {
        templateId: "interview-convocation",
        values: { interviewDate: inDays(-3), interviewTime: "09:30", interviewPlace: "1 Main Street" },
      },
      /^interviewDate: must be a date after the date of the letter/,
      "interviewDate",
    ],
    [
      { templateId: "request-documents", values: { responseDate: inDays(10) } },
      /^documents: is required/,
      "documents",
    ],
    [
      { templateId: "refusal", values: { grounds: "Funds not shown." } },
      /^templateId: decision letters \(here, a refusal letter\) are produced only by recording the decision, on the page Decisions and reconsideration \(\/applications\/[A-Z]\d{9}\/decisions\), which adds the recourse annex/,
      "templateId",
    ],
    [
      { templateId: "decision-abandonment" as "approval", values: {} },
      /^templateId: decision letters \(here, an abandonment letter\) are produced only by recording the decision/,
      "templateId",
    ],
    [{ templateId: "nonsense" as "approval", values: {} }, /^templateId: must be one of/, "templateId"],
    [
      { templateId: "file-transfer", values: { toOffice: { nameEn: "LON office", nameFr: "Bureau LON" } } },
      /^templateId: a file transfer notice is sent when the file is transferred/,
      "templateId",
    ],
  ];
  for (const [input, message, field] of cases) {
    await assert.rejects(
      queueLetter(database.db, seed.ottawa, file, input),
      refusal("invalid_input", message, field),
    );
  }
  assert.deepEqual(await counts(), before);
});

test("an address typed in the input is refused, never used", async () => {
  const before = await counts();
  const file = seed.application.fileNumber;
  const approval = {
    templateId: "free-text" as const,
    values: { subject: "Votre demande", body: "Envoyez-nous votre passeport." },
  };
  for (const [input, field] of [
    [{ ...approval, to: "attacker@example.com" }, "to"],
    [{ ...approval, address: "attacker@example.com" }, "address"],
    [{ ...approval, values: { ...approval.values, to: "attacker@example.com" } }, "values.to"],
    [{ ...approval, values: { ...approval.values, bcc: "attacker@example.com" } }, "values.bcc"],
    [{ ...approval, values: { ...approval.values, email: "attacker@example.com" } }, "values.email"],
  ] as const) {
    await assert.rejects(
      queueLetter(database.db, seed.ottawa, file, input as never),
      refusal("invalid_input", /recipient is never typed; it goes to the address on file/, field),
    );
  }
  assert.deepEqual(await counts(), before);
});

test("an interview convocation keeps the interview's moment, read in the office's time zone", async () => {
  const day = inDays(40);
  const queued = await queueLetter(database.db, seed.ottawa, seed.application.fileNumber, {
    templateId: "interview-convocation",
    values: { interviewDate: day, interviewTime: "09:30", interviewPlace: "Bureau OTT\n1 Main Street" },
  });
  const at = queued.correspondence.interviewAt!;
  assert.equal(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      dateStyle: "short",
      timeStyle: "short",
      hourCycle: "h23",
    }).format(at),
    `${day}, 09:30`,
  );
  assert.equal(queued.correspondence.responseDueDate, null);
});

test("values holding HTML or placeholder syntax are printed as typed, never expanded or turned into markup", async () => {
  const queued = await queueLetter(database.db, seed.ottawa, seed.application.fileNumber, {
    templateId: "request-documents",
    values: {
      documents: ["<b>Passeport</b> <script>alert(1)</script>", "{{clientName}} {{fileNumber}}"],
      responseDate: inDays(15),
    },
  });
  const text = queued.correspondence.bodyText ?? "";
  assert.ok(text.includes("• <b>Passeport</b> <script>alert(1)</script>"));
  assert.ok(text.includes("• {{clientName}} {{fileNumber}}"));
  assert.ok(queued.letter.html.includes("&lt;b&gt;Passeport&lt;/b&gt; &lt;script&gt;"));
  assert.ok(!queued.letter.html.includes("<script>"));
});

test("a client whose email came without consent gets a paper letter: PDF eDoc, activity to mail it, then marked mailed", async () => {
  const application = await newApplication({
    familyName: "Haddad",
    email: "k.haddad@example.com",
    consent: false,
    postalAddress: "88 Elgin Street\nOttawa ON  K1P 5K6",
  });
  const queued = await queueLetter(database.db, seed.ottawa, application.fileNumber, {
    templateId: "request-documents",
    values: { documents: ["Police certificate"], responseDate: inDays(30) },
  });
  const row = queued.correspondence;
  assert.equal(row.channel, "paper", "no consent: paper, never email");
  assert.equal(row.status, "generate");
  assert.equal(row.address, "88 Elgin Street\nOttawa ON  K1P 5K6");
  assert.equal(row.messageId, null);
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, row.id));
  assert.equal(edoc?.id, queued.edocId);
  assert.equal(edoc?.mediaType, "application/pdf");
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc!.sha256));
  assert.equal(Buffer.from(blob!.content.subarray(0, 5)).toString("latin1"), "%PDF-");
  const [activity] = await database.db.select().from(activities).where(eq(activities.id, queued.activityId!));
  assert.equal(activity?.activity, "Mail paper letter");
  assert.equal(activity?.status, "review-required");
  assert.equal(activity?.correspondenceId, row.id, "the activity names its letter");
  assert.match(activity?.details ?? "", new RegExp(`Paper correspondence: ${row.id}`));
  assert.match(activity?.details ?? "", /no email the client gave with consent/);
  assert.equal(row.officeId, application.officeId);
  const [created] = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "activity.created"), eq(auditEvents.entityId, activity!.id)));
  assert.equal((created?.after as { correspondenceId?: string } | undefined)?.correspondenceId, row.id);

  // No dispatcher ever sends paper.
  const transport = createTransport({
    host: "127.0.0.1",
    port: catcher.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await dispatchOnce(database.db, transport, { batchSize: 50 });
  } finally {
    transport.close();
  }
  const [still] = await database.db.select().from(correspondence).where(eq(correspondence.id, row.id));
  assert.equal(still?.status, "generate");

  const mailed = await markPaperLetterMailed(database.db, seed.ottawa, row.id);
  assert.equal(mailed.correspondence.status, "sent");
  assert.ok(mailed.correspondence.sentAt instanceof Date);
  assert.deepEqual(mailed.completedActivityIds, [activity!.id]);
  const [done] = await database.db.select().from(activities).where(eq(activities.id, activity!.id));
  assert.equal(done?.status, "completed");
  assert.equal(done?.assigneeUserId, seed.ottawa.userId);

  const before = await counts();
  await assert.rejects(
    markPaperLetterMailed(database.db, seed.ottawa, row.id),
    refusal("invalid_state", /already recorded as mailed/),
  );
  await assert.rejects(
    markPaperLetterMailed(database.db, seed.london, row.id),
    refusal("not_found", /no such correspondence in your offices/),
  );
  assert.deepEqual(await counts(), before);
});

test("a transfer notice is sent from the office the file leaves; mailing it on paper is the new office's work", async () => {
  const application = await newApplication({
    familyName: "Bouchard",
    postalAddress: "5 rue Laurier\nGatineau QC  J8X 3V8",
    language: "fr",
  });
  const result = await transferApplication(database.db, seed.ottawa, application.fileNumber, {
    toOfficeCode: "LON",
    reason: "Le client a déménagé",
  });
  const notice = result.notice.correspondence;
  assert.equal(notice.channel, "paper");
  assert.equal(notice.officeId, application.officeId, "Ottawa, which the file leaves, signs and sends it");
  assert.notEqual(result.application.officeId, application.officeId);
  const [activity] = await database.db
    .select()
    .from(activities)
    .where(eq(activities.id, result.notice.activityId!));
  assert.equal(activity?.correspondenceId, notice.id);
  assert.equal(
    activity?.officeId,
    result.application.officeId,
    "in the queue of the office that now holds the file",
  );
});

test("an email correspondence cannot be marked as mailed by hand", async () => {
  const queued = await queueLetter(database.db, seed.ottawa, seed.application.fileNumber, {
    templateId: "free-text",
    values: { subject: "Votre demande", body: "Envoyez-nous votre passeport." },
  });
  await assert.rejects(
    markPaperLetterMailed(database.db, seed.ottawa, queued.correspondence.id),
    refusal("invalid_state", /not a paper letter/),
  );
});

test("a representative's email on an IMM 5476 in force wins; the preview says so and writes nothing", async () => {
  const application = await newApplication({ familyName: "Benali", email: "karim.benali@example.com" });
  await addRepresentative(database.db, seed.ottawa, application.fileNumber, {
    name: "Me Sophie Tremblay",
    email: "s.tremblay@tremblay-immigration.ca",
    validFrom: "2026-01-01",
  });
  const before = await counts();
  const preview = await previewLetter(database.db, seed.ottawa, application.fileNumber, {
    templateId: "free-text",
    values: { subject: "Your application", body: "Send us proof of your ties to your country of residence." },
  });
  assert.deepEqual(
    { ...preview.recipient },
    {
      channel: "email",
      address: "s.tremblay@tremblay-immigration.ca",
      addressee: "representative",
      representativeName: "Me Sophie Tremblay",
      representativeValidFrom: "2026-01-01",
    },
  );
  assert.match(preview.letter.text, /^File number: /);
  assert.deepEqual(await counts(), before);
});

test("a representative without an email gets the paper letter, care of, at the representative's address", async () => {
  const application = await newApplication({
    familyName: "Okafor",
    postalAddress: "3 Rue du Port\nLévis QC",
  });
  await addRepresentative(database.db, seed.ottawa, application.fileNumber, {
    name: "Ngozi Adeyemi",
    postalAddress: "500 Bay Street, Suite 12\nToronto ON  M5G 1Y8",
    validFrom: "2026-01-01",
  });
  const queued = await queueLetter(database.db, seed.ottawa, application.fileNumber, {
    templateId: "free-text",
    values: { subject: "Your application", body: "Send us your passport." },
  });
  assert.equal(queued.correspondence.channel, "paper");
  assert.equal(queued.correspondence.address, "500 Bay Street, Suite 12\nToronto ON  M5G 1Y8");
  assert.equal(
    queued.letter.heading.clientAddress,
    "c/o Ngozi Adeyemi\n500 Bay Street, Suite 12\nToronto ON  M5G 1Y8",
  );
  assert.equal(queued.letter.heading.clientName, "Karim Okafor");
});

test("with no address on file, the officer is told what to record and nothing is written", async () => {
  const application = await newApplication({ familyName: "Sans-Adresse" });
  const before = await counts();
  await assert.rejects(
    queueLetter(database.db, seed.ottawa, application.fileNumber, {
      templateId: "free-text",
      values: { subject: "Your application", body: "Send us your passport." },
    }),
    refusal("invalid_state", /no address to write to/),
  );
  assert.deepEqual(await counts(), before);
});

test("an officer of another office cannot write on the file", async () => {
  await assert.rejects(
    queueLetter(database.db, seed.london, seed.application.fileNumber, {
      templateId: "free-text",
      values: { subject: "x", body: "x" },
    }),
    refusal("not_found", /no application/),
  );
});

test("header injection through the subject or the office's name stays inside one header line on the wire", async () => {
  const application = await newApplication({
    familyName: "Injection",
    email: "k.injection@example.com",
    language: "en",
  });
  // Line and paragraph separators and NEL pass a one-line check on control characters; the letter
  // turns them into spaces.
  const queued = await queueLetter(database.db, seed.ottawa, application.fileNumber, {
    templateId: "free-text",
    values: {
      subject: "Your file\u2028Bcc: attacker@example.com\u0085X-Injected: yes",
      body: "Hello,\r\nBcc: attacker@example.com\r\n\r\nThis line is text.",
    },
  });
  assert.equal(
    queued.correspondence.subject,
    `Your file Bcc: attacker@example.com X-Injected: yes – File ${application.fileNumber}`,
  );
  // An office name cannot hold a line break through the forms; written straight into the table, it
  // must still not become a header.
  await database.db.execute(
    sql`update offices set name_en = ${"OTT office\r\nBcc: attacker@example.com"} where code = 'OTT'`,
  );
  const transport = createTransport({
    host: "127.0.0.1",
    port: catcher.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await database.db
      .update(correspondence)
      .set({ status: "cancelled" })
      .where(
        and(eq(correspondence.status, "generate"), sql`${correspondence.id} <> ${queued.correspondence.id}`),
      );
    const result = await dispatchOnce(database.db, transport, { batchSize: 10 });
    assert.equal(result.sent, 1);
  } finally {
    transport.close();
    await database.db.execute(sql`update offices set name_en = 'OTT office' where code = 'OTT'`);
  }
  const [caught] = await database.db
    .select({ envelopeTo: caughtMail.envelopeTo, content: blobs.content })
    .from(caughtMail)
    .innerJoin(blobs, eq(blobs.sha256, caughtMail.sha256))
    .where(eq(caughtMail.subject, queued.correspondence.subject));
  assert.deepEqual(caught?.envelopeTo, ["k.injection@example.com"], "only the address on file received it");
  const raw = Buffer.from(caught!.content).toString("utf8");
  const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
  const fields = head.replace(/\r\n[ \t]+/g, " ").split("\r\n");
  const names = fields.map((f) => f.slice(0, f.indexOf(":")).toLowerCase());
  assert.equal(names.filter((n) => n === "subject").length, 1, "one Subject field");
  assert.ok(!names.includes("bcc"), "no Bcc field");
  assert.ok(!names.includes("x-injected"), "no injected field");
  const subject = fields.find((f) => /^subject:/i.test(f))!;
  assert.ok(!/[\r\n]/.test(subject));
});
