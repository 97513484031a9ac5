/**
 * A client merged into another (eTA identity review, migration 0018) keeps its UCI as a way to the
 * survivor: an enquiry quoting the old UCI, by email or by the web form, is about the survivor.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createClient } from "../../src/clients/create-client.ts";
import type { Database } from "../../src/db/database.ts";
import { clients, enquiries } from "../../src/db/schema.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { deliver, email, enquiryByMessageId, newMessageId } from "./escalation-support.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let receiver: SmtpListener;
let oldUci: string;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
  // The client an eTA intake created for the same person, since merged into the one on file.
  const provisional = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: "Nguyen",
    givenNames: "Thi Anh",
    dateOfBirth: "1990-04-12",
    sex: "F",
    countryOfBirth: "VNM",
    citizenships: ["VNM"],
  });
  oldUci = provisional.uci;
  await database.db
    .update(clients)
    .set({ mergedIntoClientId: seed.client.id, mergedAt: sql`now()` })
    .where(eq(clients.id, provisional.id));
});
after(async () => {
  await receiver.close();
  await database.close();
});

test("an email quoting a merged client's UCI is put on the client it was merged into", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Thi Anh Nguyen <anh.nguyen@example.com>",
      to: "ott@dossier.test",
      subject: "My application",
      messageId,
      body: [
        "Hello,",
        "",
        "I am the applicant. Where is my application?",
        "Given name: Thi Anh",
        "Family name: Nguyen",
        "Date of birth: 1990-04-12",
        `UCI: ${oldUci}`,
        "",
        "Thi Anh Nguyen",
      ].join("\n"),
    }),
    "ott@dossier.test",
  );
  const enquiry = await enquiryByMessageId(database.db, messageId);
  assert.equal(enquiry.clientId, seed.client.id);
});

test("the web form with a merged client's UCI opens the enquiry on the client it was merged into", async () => {
  const submitted = await submitEnquiryForm(
    database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Thi Anh Nguyen",
      enquirerRole: "applicant",
      enquirerEmail: "anh.nguyen@example.com",
      applicantGivenName: "Thi Anh",
      applicantFamilyName: "Nguyen",
      applicantDateOfBirth: "1990-04-12",
      uci: oldUci,
      language: "en",
      message: "Has my passport copy been received?",
    },
    { clientAddress: "198.51.100.23" },
  );
  const [enquiry] = await database.db
    .select()
    .from(enquiries)
    .where(eq(enquiries.reference, submitted.reference));
  assert.equal(enquiry?.clientId, seed.client.id);
});
