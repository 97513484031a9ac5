import assert from "node:assert/strict";
import { test } from "node:test";
import { extractEnquiryFields, splitFullName } from "../../src/enquiries/extract-enquiry-fields.ts";
import { AppError } from "../../src/shared/errors.ts";
import { uciFromNumber } from "../../src/shared/identifiers.ts";

const UCI = uciFromNumber(112233445); // a UCI with a valid check digit
const UCI_SHOWN = `${UCI.slice(0, 2)}-${UCI.slice(2, 6)}-${UCI.slice(6)}`;

test("an applicant's complete email gives every field seed 001 asks for, each with where it was read", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: '"Anh Nguyen" <anh.nguyen@example.com>',
    subject: "Study permit application V000012345",
    text: [
      "Hello,",
      "",
      "I am the applicant. I applied for a study permit on 3 February and have had no news.",
      "",
      "Given name: Thi Anh",
      "Family name: Nguyen",
      "Date of birth: 12 April 1987",
      "",
      "Best regards,",
      "Thi Anh Nguyen",
    ].join("\n"),
  });
  assert.deepEqual(result.missing, []);
  assert.equal(result.language, "en");
  const { fields } = result;
  assert.deepEqual(fields.enquirerEmail, {
    value: "anh.nguyen@example.com",
    source: "from-header",
    evidence: '"Anh Nguyen" <anh.nguyen@example.com>',
  });
  assert.equal(fields.enquirerName?.value, "Thi Anh Nguyen");
  assert.equal(fields.enquirerName?.source, "signature");
  assert.equal(fields.enquirerRole?.value, "applicant");
  assert.equal(fields.enquirerRole?.evidence, "I am the applicant");
  assert.equal(fields.applicantGivenName?.value, "Thi Anh");
  assert.equal(fields.applicantFamilyName?.value, "Nguyen");
  assert.equal(fields.applicantDateOfBirth?.value, "1987-04-12");
  assert.equal(fields.applicantDateOfBirth?.evidence, "Date of birth: 12 April 1987");
  assert.deepEqual(fields.fileNumber, { value: "V000012345", source: "subject", evidence: "V000012345" });
});

test("a French representative's email is read in French, with the UCI standing in for the file number", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "Me Sophie Tremblay <s.tremblay@tremblay-immigration.ca>",
    subject: "Demande de renseignements",
    text: [
      "Bonjour,",
      "",
      "Je suis la représentante autorisée de M. Karim BENALI, né le 3 mars 1990.",
      `Son IUC : ${UCI_SHOWN}`,
      "Nous n'avons reçu aucune nouvelle depuis le dépôt de la demande.",
      "",
      "Cordialement,",
      "Sophie Tremblay",
      "Avocate en immigration",
    ].join("\n"),
  });
  assert.equal(result.language, "fr");
  assert.deepEqual(result.missing, [
    { field: "applicantGivenName", problem: "absent" },
    { field: "applicantFamilyName", problem: "absent" },
  ]);
  assert.equal(result.fields.enquirerRole?.value, "representative");
  assert.equal(result.fields.enquirerName?.value, "Sophie Tremblay");
  assert.equal(result.fields.applicantDateOfBirth?.value, "1990-03-03");
  assert.equal(result.fields.uci?.value, UCI);
  assert.equal(result.fields.fileNumber, undefined);
});

test("an MP's office is recognised by its signature line", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "Office of Jane Smith <jane.smith.c1@parl.gc.ca>",
    subject: "Constituent enquiry — F000204518",
    text: [
      "Good afternoon,",
      "A constituent has asked our office for an update on the sponsorship of her husband.",
      "Applicant's name: Rahul SHARMA",
      "DOB: 1985-11-30",
      "",
      "Sincerely,",
      "Jane Smith",
      "Member of Parliament for Ottawa Centre",
    ].join("\n"),
  });
  assert.deepEqual(result.missing, []);
  assert.equal(result.fields.enquirerRole?.value, "member-of-parliament");
  assert.equal(result.fields.enquirerRole?.source, "signature");
  assert.equal(result.fields.enquirerName?.value, "Jane Smith");
  assert.equal(result.fields.applicantGivenName?.value, "Rahul");
  assert.equal(result.fields.applicantFamilyName?.value, "SHARMA");
  assert.equal(result.fields.fileNumber?.value, "F000204518");
});

test("« député » in a French signature is an MP too", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "bureau.circonscription@parl.gc.ca",
    subject: "Dossier E000567890",
    text: "Bonjour,\nPouvez-vous nous donner des nouvelles de ce dossier ?\n\nMerci,\nLouise Gagnon\nDéputée de Gatineau",
  });
  assert.equal(result.fields.enquirerRole?.value, "member-of-parliament");
  assert.equal(result.fields.enquirerName?.value, "Louise Gagnon");
});

test("a short email says exactly what is missing", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "<jdoe1987@example.com>",
    subject: "status?",
    text: "Any news on my visa? Thanks",
  });
  assert.deepEqual(
    result.missing.map((m) => `${m.field}:${m.problem}`),
    [
      "enquirerName:absent",
      "enquirerRole:absent",
      "applicantGivenName:absent",
      "applicantFamilyName:absent",
      "applicantDateOfBirth:absent",
      "fileNumber:absent",
    ],
  );
  assert.equal(result.fields.enquirerEmail?.value, "jdoe1987@example.com");
});

test("a date that reads two ways and a name that splits two ways are reported as ambiguous, not guessed", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "Maria Santos <maria.santos@example.com>",
    subject: "My application V000031337",
    text: "I am the applicant.\nMy name is Maria Santos, date of birth 04/05/1992.",
  });
  assert.deepEqual(result.missing, [
    { field: "applicantGivenName", problem: "ambiguous" },
    { field: "applicantFamilyName", problem: "ambiguous" },
    { field: "applicantDateOfBirth", problem: "ambiguous" },
  ]);
  assert.equal(result.fields.enquirerName?.value, "Maria Santos");
  assert.equal(result.fields.enquirerName?.source, "body");
});

test("a mistyped UCI under its label is invalid; an unlabelled ten-digit telephone number is ignored", () => {
  const wrongDigit = `${UCI.slice(0, 9)}${(Number(UCI[9]) + 1) % 10}`;
  const typo = extractEnquiryFields({
    channel: "email",
    from: "a@example.com",
    subject: "",
    text: `UCI: ${wrongDigit}`,
  });
  assert.deepEqual(
    typo.missing.find((m) => m.field === "fileNumber"),
    { field: "fileNumber", problem: "invalid" },
  );
  const phone = extractEnquiryFields({
    channel: "email",
    from: "a@example.com",
    subject: "",
    text: "Call me at 6135550199",
  });
  assert.deepEqual(
    phone.missing.find((m) => m.field === "fileNumber"),
    { field: "fileNumber", problem: "absent" },
  );
});

test("what the office wrote below a reply is not read as the enquirer's words", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "Anh NGUYEN <anh.nguyen@example.com>",
    subject: "Re: Information needed",
    text: [
      "My file is V000012345.",
      "",
      "On 2 March 2026, Ottawa Migration Office <enquiries@ottawa.example> wrote:",
      "> Please tell us the applicant's date of birth, e.g. 1987-04-12.",
    ].join("\n"),
  });
  assert.equal(result.fields.applicantDateOfBirth, undefined);
  assert.equal(result.fields.fileNumber?.value, "V000012345");
  assert.equal(result.fields.enquirerName?.source, "from-header");
});

test("the web form gives every field, checked by the same schema", () => {
  const result = extractEnquiryFields({
    channel: "web-form",
    enquirerName: "Sophie Tremblay",
    enquirerRole: "representative",
    enquirerEmail: "s.tremblay@tremblay-immigration.ca",
    applicantGivenName: "Karim",
    applicantFamilyName: "Benali",
    applicantDateOfBirth: "1990-03-03",
    fileNumber: "v000098765",
    language: "fr",
    message: "Nous attendons une décision depuis six mois.",
  });
  assert.deepEqual(result.missing, []);
  assert.equal(result.language, "fr");
  assert.deepEqual(result.fields.fileNumber, { value: "V000098765", source: "form", evidence: "web form" });
  assert.throws(
    () =>
      extractEnquiryFields({
        channel: "web-form",
        enquirerName: "Sophie Tremblay",
        enquirerRole: "representative",
        enquirerEmail: "s.tremblay@tremblay-immigration.ca",
        applicantGivenName: "Karim",
        applicantFamilyName: "Benali",
        applicantDateOfBirth: "1990-03-03",
        language: "fr",
        message: "Bonjour",
      }),
    (error: unknown) => error instanceof AppError && /file number/.test(error.message),
  );
});

test("given and family names are told apart only where the writer did", () => {
  assert.deepEqual(splitFullName("NGUYEN, Thi Anh"), { family: "NGUYEN", given: "Thi Anh" });
  assert.deepEqual(splitFullName("Thi Anh NGUYEN"), { family: "NGUYEN", given: "Thi Anh" });
  assert.deepEqual(splitFullName("NGUYEN Thi Anh"), { family: "NGUYEN", given: "Thi Anh" });
  assert.deepEqual(splitFullName("María José GARCÍA LÓPEZ"), { family: "GARCÍA LÓPEZ", given: "María José" });
  assert.equal(splitFullName("Thi Anh Nguyen"), null);
  assert.equal(splitFullName("THI ANH NGUYEN"), null);
});

test("French labelled lines and « je suis le représentant » are read", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "Cabinet Roy <info@cabinet-roy.example>",
    subject: "Demande de renseignements",
    text: [
      "Bonjour,",
      "Je suis le représentant de la demanderesse.",
      "Prénom : Awa",
      "Nom de famille : Diop",
      "Date de naissance : 7 juillet 1995",
      "Numéro de dossier : E000445566",
      "",
      "Salutations distinguées,",
      "Marc-André Roy",
    ].join("\n"),
  });
  assert.deepEqual(result.missing, []);
  assert.equal(result.language, "fr");
  assert.equal(result.fields.enquirerRole?.value, "representative");
  assert.equal(result.fields.applicantGivenName?.value, "Awa");
  assert.equal(result.fields.applicantFamilyName?.value, "Diop");
  assert.equal(result.fields.applicantDateOfBirth?.value, "1995-07-07");
  assert.deepEqual(result.fields.fileNumber, {
    value: "E000445566",
    source: "body",
    evidence: "Numéro de dossier : E000445566",
  });
  assert.equal(result.fields.enquirerName?.value, "Marc-André Roy");
});

test("an MP signing « Name, MP » is recognised; an applicant who mentions their MP is not one", () => {
  const mp = extractEnquiryFields({
    channel: "email",
    from: "john.doe@parl.gc.ca",
    subject: "",
    text: "Please look into this file.\n\nRegards,\nJohn Doe, MP",
  });
  assert.equal(mp.fields.enquirerRole?.value, "member-of-parliament");
  const applicant = extractEnquiryFields({
    channel: "email",
    from: "a.kowalski@example.com",
    subject: "",
    text: "I am the applicant. I have also written to my Member of Parliament about the delay.",
  });
  assert.equal(applicant.fields.enquirerRole?.value, "applicant");
});

test("« je suis la demanderesse » is the applicant, and her name in capitals gives the family name", () => {
  const result = extractEnquiryFields({
    channel: "email",
    from: "awa.diop@example.com",
    subject: "",
    text: "Je suis la demanderesse.\nNom de la demanderesse : Awa DIOP",
  });
  assert.equal(result.fields.enquirerRole?.value, "applicant");
  assert.equal(result.fields.applicantGivenName?.value, "Awa");
  assert.equal(result.fields.applicantFamilyName?.value, "DIOP");
});
