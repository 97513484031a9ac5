import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { addRepresentative } from "../../src/applications/add-representative.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, enquiries, enquiryMessages } from "../../src/db/schema.ts";
import { dispatchEnquiryMessagesOnce } from "../../src/enquiries/dispatch-enquiry-messages.ts";
import { enquirySla } from "../../src/enquiries/enquiry-sla.ts";
import { replyToEnquiry } from "../../src/enquiries/reply-to-enquiry.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { AppError } from "../../src/shared/errors.ts";
import type { Actor } from "../../src/users/actor.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let agent: Actor;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let submissions = 0;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  agent = seed.ottawa;
  sink = await startSmtpSink();
});
after(async () => {
  await sink.close();
  await database.close();
});

/** A French enquiry about the seeded OTT file, through the public web form, from `email`. */
async function frenchEnquiry(
  email: string,
  options: { fileNumber?: string; role?: "applicant" | "representative" } = {},
): Promise<string> {
  submissions += 1;
  const { reference } = await submitEnquiryForm(
    database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Thị Ánh Nguyễn",
      enquirerRole: options.role ?? "applicant",
      enquirerEmail: email,
      applicantGivenName: "Thị Ánh",
      applicantFamilyName: "Nguyễn",
      applicantDateOfBirth: "1990-04-12",
      fileNumber: options.fileNumber ?? seed.application.fileNumber,
      language: "fr",
      message: "Bonjour, où en est ma demande de résidence temporaire?",
    },
    { clientAddress: `198.51.100.${submissions}` },
  );
  return reference;
}

async function outgoing(reference: string) {
  return database.db
    .select({ message: enquiryMessages })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(and(eq(enquiries.reference, reference), eq(enquiryMessages.direction, "out")));
}

async function enquiryRow(reference: string) {
  const [row] = await database.db.select().from(enquiries).where(eq(enquiries.reference, reference));
  return row!;
}

test("the applicant writing from the email on file gets a case-specific reply in French, signed by the office, with the caution", async () => {
  const reference = await frenchEnquiry("Anh.Nguyen@example.com");
  const queued = await replyToEnquiry(database.db, agent, reference, {
    kind: "case-specific",
    text: "Bonjour,\n\nVotre demande est à l'étape de l'examen des documents.",
    containsPersonalInformation: true,
  });
  assert.equal(queued.release.mayRelease, true);
  const [row] = await outgoing(reference);
  const message = row!.message;
  assert.equal(message.kind, "case-specific");
  assert.equal(message.automatic, false);
  assert.equal(message.status, "generate");
  assert.equal(message.language, "fr");
  assert.deepEqual(message.toAddresses, ["anh.nguyen@example.com"]);
  assert.equal(message.fromText, "Bureau OTT <ott@dossier.test>");
  assert.equal(message.subject, `Réponse à votre demande de renseignements ${reference}`);
  assert.equal(
    message.bodyText,
    [
      "Bonjour,",
      "",
      "Votre demande est à l'étape de l'examen des documents.",
      "",
      "Mise en garde : le courriel n'est pas un moyen de communication sécurisé. Lorsque vous nous écrivez, n'envoyez pas de numéro de passeport, de copie de pièce d'identité ni de renseignements bancaires par courriel.",
      "",
      "Bureau OTT",
      "1 Main Street, OTT",
      "ott@dossier.test",
      "",
    ].join("\n"),
  );
  // The officer who wrote it (ana@dossier.test, shown as "ana") is named nowhere in the message.
  assert.ok(!/\bana\b/i.test(`${message.fromText}\n${message.bodyText}`), "the staff member is not named");
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "enquiry.reply-queued"), eq(auditEvents.entityId, message.enquiryId)));
  assert.ok(event, "the reply's audit event is written");
  assert.equal((event.after as { release: { identifiedAs: string } }).release.identifiedAs, "applicant");
});

test("a sender who is not on the file is refused a case-specific reply, in French, and nothing is written", async () => {
  const reference = await frenchEnquiry("quelquun@autre.example");
  const before = await enquiryRow(reference);
  await assert.rejects(
    replyToEnquiry(database.db, { ...agent, locale: "fr" }, reference, {
      kind: "case-specific",
      text: "Votre demande est à l'étape de l'examen des documents.",
      containsPersonalInformation: false,
    }),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, "forbidden");
      assert.match(error.message, /The sender quelquun@autre\.example is not the applicant/);
      assert.match(
        error.messageFr ?? "",
        /L'expéditeur quelquun@autre\.example n'est ni le demandeur.*Ce courriel n'est pas celui du demandeur inscrit au dossier/,
      );
      return true;
    },
  );
  assert.deepEqual(await outgoing(reference), []);
  assert.deepEqual(await enquiryRow(reference), before);
});

test("a standard response may go to a sender who is not identified, in the enquiry's language", async () => {
  const reference = await frenchEnquiry("quelquun@autre.example");
  const queued = await replyToEnquiry(database.db, agent, reference, {
    kind: "standard",
    responseId: "processing-times",
  });
  assert.equal(queued.release.mayRelease, false);
  const [row] = await outgoing(reference);
  assert.equal(row?.message.kind, "standard");
  assert.match(row?.message.bodyText ?? "", /^Bonjour,\n\nLes délais de traitement varient/);
  assert.match(row?.message.bodyText ?? "", /le courriel n'est pas un moyen de communication sécurisé/);
  assert.equal((await enquiryRow(reference)).state, "answered");
});

test("another office's officer gets not found; a closed enquiry is not answered", async () => {
  const reference = await frenchEnquiry("anh.nguyen@example.com");
  await assert.rejects(
    replyToEnquiry(database.db, seed.london, reference, { kind: "standard", responseId: "acknowledgement" }),
    (error: unknown) => error instanceof AppError && error.code === "not_found",
  );
  await database.db.update(enquiries).set({ state: "closed" }).where(eq(enquiries.reference, reference));
  await assert.rejects(
    replyToEnquiry(database.db, agent, reference, { kind: "standard", responseId: "acknowledgement" }),
    (error: unknown) =>
      error instanceof AppError && error.code === "invalid_state" && /closed/.test(error.message),
  );
  assert.deepEqual(await outgoing(reference), []);
});

test("once the dispatcher has handed the reply to the server, the enquiry is answered within its standard", async () => {
  const reference = await frenchEnquiry("anh.nguyen@example.com");
  await replyToEnquiry(database.db, agent, reference, { kind: "standard", responseId: "acknowledgement" });
  assert.equal((await enquiryRow(reference)).firstResponseAt, null, "queued is not yet answered");
  const transport = createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
  try {
    await dispatchEnquiryMessagesOnce(database.db, transport, {});
  } finally {
    transport.close();
  }
  const [sent] = await outgoing(reference);
  assert.equal(sent?.message.status, "sent");
  const delivered = sink.received.find((m) => m.raw.toString("utf8").includes(sent!.message.messageId!));
  assert.ok(delivered, "the sink received the reply");
  assert.ok(!/Auto-Submitted/i.test(delivered.raw.toString("latin1")), "a person's reply is not automatic");
  const enquiry = await enquiryRow(reference);
  assert.ok(enquiry.firstResponseAt);
  assert.equal(enquirySla(enquiry, new Date()).state, "met");
});

test("the representative on the IMM 5476 in force is identified from the file; one whose form has ended, or a sender on no file, is not", async () => {
  await addRepresentative(database.db, seed.ottawa, seed.application.fileNumber, {
    name: "Former Counsel",
    email: "former@counsel.example",
    validFrom: "2025-01-01",
    validTo: "2025-12-31",
  });
  await addRepresentative(database.db, seed.ottawa, seed.application.fileNumber, {
    name: "Maître Tremblay",
    email: "tremblay@avocats.example",
    validFrom: "2026-01-01",
  });
  const represented = await frenchEnquiry("tremblay@avocats.example", { role: "representative" });
  const queued = await replyToEnquiry(database.db, agent, represented, {
    kind: "case-specific",
    text: "Maître, le dossier attend le certificat de police.",
    containsPersonalInformation: true,
  });
  assert.equal(queued.release.mayRelease && queued.release.as, "representative");

  const former = await frenchEnquiry("former@counsel.example", { role: "representative" });
  await assert.rejects(
    replyToEnquiry(database.db, agent, former, {
      kind: "case-specific",
      text: "Le dossier attend le certificat de police.",
      containsPersonalInformation: true,
    }),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === "forbidden" &&
      /The IMM 5476 naming Former Counsel is not the one in force/.test(error.message),
  );

  const noFile = await frenchEnquiry("anh.nguyen@example.com", { fileNumber: "V999999999" });
  await assert.rejects(
    replyToEnquiry(database.db, agent, noFile, {
      kind: "case-specific",
      text: "Le dossier attend le certificat de police.",
      containsPersonalInformation: true,
    }),
    (error: unknown) =>
      error instanceof AppError &&
      /matches no file of this office, so nobody is identified/.test(error.message),
  );
});

test("an enquiry waiting for missing information can be answered, and keeps waiting for it", async () => {
  const reference = await frenchEnquiry("anh.nguyen@example.com");
  await database.db
    .update(enquiries)
    .set({ state: "awaiting-information" })
    .where(eq(enquiries.reference, reference));
  await replyToEnquiry(database.db, agent, reference, { kind: "standard", responseId: "sending-documents" });
  assert.equal((await outgoing(reference)).length, 1);
  assert.equal((await enquiryRow(reference)).state, "awaiting-information");
});
