import assert from "node:assert/strict";
import { test } from "node:test";
import { extractEnquiryFields } from "../../src/enquiries/extract-enquiry-fields.ts";
import { missingInformationReply } from "../../src/enquiries/missing-information-reply.ts";
import { AppError } from "../../src/shared/errors.ts";
import { ottawaOffice } from "./enquiry-fixtures.ts";

test("the English reply lists exactly the missing items and how to send them", () => {
  const reply = missingInformationReply({
    language: "en",
    reference: "ENQ-2026-000042",
    office: ottawaOffice,
    missing: [
      { field: "enquirerRole", problem: "absent" },
      { field: "applicantDateOfBirth", problem: "absent" },
      { field: "fileNumber", problem: "absent" },
    ],
  });
  assert.equal(reply.subject, "Your enquiry ENQ-2026-000042: information needed");
  const listed = reply.text.split("\n").filter((line) => line.startsWith("  - "));
  assert.deepEqual(listed, [
    "  - who you are: the applicant, the applicant's designated individual, the applicant's authorized representative, or a Canadian Member of Parliament",
    "  - the applicant's date of birth",
    "  - the visa office file number (one letter and nine digits, such as V000012345) or the applicant's unique client identifier (UCI)",
  ]);
  assert.match(reply.text, /reply to this email, keeping the reference ENQ-2026-000042 in the subject/);
  assert.doesNotMatch(reply.text, /^ {2}- (?:your full name|the applicant's family name)/m);
});

test("the reply carries the office's name and address, the security caution, and no person's name", () => {
  const reply = missingInformationReply({
    language: "en",
    reference: "ENQ-2026-000042",
    office: ottawaOffice,
    missing: [{ field: "enquirerName", problem: "absent" }],
  });
  assert.ok(
    reply.text.endsWith(
      "Ottawa Migration Office\n365 Laurier Avenue West\nOttawa ON K1A 1L1\nottawa-immigration@office.example\n",
    ),
  );
  assert.match(reply.text, /email is not a secure channel/);
  assert.match(reply.text, /by email only, and not also by fax or by mail/);
  assert.doesNotMatch(reply.text, /Officer|Agent|Manager|Signed/i);
});

test("the French reply is wholly in French, with the French office name", () => {
  const reply = missingInformationReply({
    language: "fr",
    reference: "ENQ-2026-000043",
    office: ottawaOffice,
    missing: [
      { field: "applicantGivenName", problem: "ambiguous" },
      { field: "applicantDateOfBirth", problem: "ambiguous" },
    ],
  });
  assert.equal(reply.subject, "Votre demande de renseignements ENQ-2026-000043 : renseignements manquants");
  assert.match(reply.text, /^Bonjour,/);
  assert.match(
    reply.text,
    /le ou les prénoms du demandeur \(nous n'avons pas pu distinguer les prénoms du nom de famille/,
  );
  assert.match(
    reply.text,
    /la date de naissance du demandeur \(la date indiquée peut se lire de deux façons; veuillez écrire le mois en lettres, par exemple 12 avril 1987\)/,
  );
  assert.match(reply.text, /le courriel n'est pas un moyen de communication sécurisé/);
  assert.match(reply.text, /Bureau des migrations d'Ottawa\n365 Laurier Avenue West/);
  assert.doesNotMatch(reply.text, /\b(?:the|your|please)\b/i);
});

test("what the enquirer wrote is never repeated back before they are identified", () => {
  const enquiry = extractEnquiryFields({
    channel: "email",
    from: "Maria Santos <maria.santos@example.com>",
    subject: "My application",
    text: "I am the applicant, Maria Santos, born 04/05/1992. UCI: 1122334450",
  });
  const reply = missingInformationReply({
    language: enquiry.language,
    reference: "ENQ-2026-000044",
    office: ottawaOffice,
    missing: enquiry.missing,
  });
  assert.match(reply.text, /the number you gave is not a valid file number or UCI; please check it/);
  for (const said of ["Maria", "Santos", "04/05/1992", "1122334450", "maria.santos"]) {
    assert.ok(!reply.text.includes(said), said);
  }
});

test("an enquiry with nothing missing gets no such reply", () => {
  assert.throws(
    () => missingInformationReply({ language: "en", reference: "ENQ-1", office: ottawaOffice, missing: [] }),
    (error: unknown) => error instanceof AppError && error.code === "invalid_state",
  );
});
