import assert from "node:assert/strict";
import { test } from "node:test";
import type { RepresentativeFact } from "../../src/correspondence/resolve-recipient.ts";
import { type ReleaseCheckInput, releaseCheck } from "../../src/enquiries/release-check.ts";

const lawyer: RepresentativeFact = {
  name: "Me Sophie Tremblay",
  email: "s.tremblay@tremblay-immigration.ca",
  postalAddress: null,
  validFrom: "2026-02-01",
  validTo: null,
  recordedAt: new Date("2026-02-01T15:30:00Z"),
};
const formerConsultant: RepresentativeFact = {
  name: "Paul Okafor, RCIC",
  email: "paul@okafor-immigration.ca",
  postalAddress: null,
  validFrom: "2025-06-01",
  validTo: "2026-01-31",
  recordedAt: new Date("2025-06-01T12:00:00Z"),
};

function check(email: string, roleClaimed: ReleaseCheckInput["enquirer"]["roleClaimed"]) {
  return releaseCheck({
    enquirer: { email, roleClaimed },
    file: {
      applicantEmails: ["Karim.Benali@example.com"],
      representatives: [formerConsultant, lawyer],
      designatedIndividuals: [
        { name: "Nadia Benali", email: "nadia.benali@example.com", writtenConsent: true },
        { name: "Youssef Benali", email: "youssef.b@example.com", writtenConsent: false },
      ],
    },
    onDate: "2026-03-02",
  });
}

test("the applicant writing from the email on file may be told about the file", () => {
  const decision = check(" karim.benali@EXAMPLE.com ", "applicant");
  assert.deepEqual(decision, {
    mayRelease: true,
    as: "applicant",
    reason: {
      en: "The enquirer wrote from the applicant's email on file.",
      fr: "La personne a écrit depuis le courriel du demandeur inscrit au dossier.",
    },
  });
});

test("the representative on the IMM 5476 in force may be told, and says which form", () => {
  const decision = check("s.tremblay@tremblay-immigration.ca", "representative");
  assert.equal(decision.mayRelease && decision.as, "representative");
  assert.equal(
    decision.reason.en,
    "The enquirer wrote from the email of Me Sophie Tremblay, representative on the IMM 5476 in force on 2026-03-02.",
  );
});

test("a representative whose IMM 5476 has ended gets general information only", () => {
  const decision = check("paul@okafor-immigration.ca", "representative");
  assert.equal(decision.mayRelease, false);
  assert.equal(
    decision.reason.en,
    "The IMM 5476 naming Paul Okafor, RCIC is not the one in force on 2026-03-02: general information only.",
  );
});

test("a designated individual needs written consent on file", () => {
  const consented = check("nadia.benali@example.com", "designated-individual");
  assert.equal(consented.mayRelease && consented.as, "designated-individual");
  const noConsent = check("youssef.b@example.com", "designated-individual");
  assert.equal(noConsent.mayRelease, false);
  assert.match(noConsent.reason.en, /no written consent is on file/);
  assert.match(noConsent.reason.fr, /aucun consentement écrit/);
});

test("a Member of Parliament without consent on file gets general information only", () => {
  const decision = check("jane.smith.c1@parl.gc.ca", "member-of-parliament");
  assert.deepEqual(decision, {
    mayRelease: false,
    generalInformationOnly: true,
    reason: {
      en: "A Member of Parliament receives personal information only with the applicant's written consent on file: general information only.",
      fr: "Un député ne reçoit de renseignements personnels qu'avec le consentement écrit du demandeur au dossier : renseignements généraux seulement.",
    },
  });
});

test("claiming to be the applicant from another address is not enough", () => {
  const decision = check("karim.benali.1990@othermail.example", "applicant");
  assert.equal(decision.mayRelease, false);
  assert.match(decision.reason.en, /not the applicant's email on file/);
  const unknown = check("someone@example.org", null);
  assert.match(unknown.reason.en, /matches no one entitled/);
});

test("the address decides, not the role claimed: the lawyer who ticks 'applicant' is still the representative", () => {
  const decision = check("s.tremblay@tremblay-immigration.ca", "applicant");
  assert.equal(decision.mayRelease && decision.as, "representative");
});
