import assert from "node:assert/strict";
import { test } from "node:test";
import { categoriseEnquiry, DEFAULT_CATEGORY_RULES } from "../../src/enquiries/categorise-enquiry.ts";
import { AppError } from "../../src/shared/errors.ts";

test("a question about one's own file is case-specific and stays with the office's enquiries queue", () => {
  const result = categoriseEnquiry({
    subject: "Study permit V000012345",
    text: "I applied in March and I am still waiting for a decision on my application.",
  });
  assert.equal(result.category, "case-specific");
  assert.equal(result.queue, "office-enquiries");
  assert.deepEqual(
    result.matched.map((m) => m.phrase),
    ["my application", "decision", "still waiting"],
  );
  assert.equal(
    result.reason.en,
    'Case-specific enquiry: the enquiry says "my application", "decision", "still waiting".',
  );
});

test("a complaint about an officer's conduct goes to the program manager, in French too", () => {
  const en = categoriseEnquiry({
    subject: "Complaint",
    text: "The officer at my interview was rude and unprofessional about my application.",
  });
  assert.equal(en.category, "service-complaint");
  assert.equal(en.queue, "program-manager");
  const fr = categoriseEnquiry({
    subject: "Plainte",
    text: "L'agent au comptoir a été irrespectueux. Je dépose une plainte pour manque de professionnalisme.",
  });
  assert.equal(fr.category, "service-complaint");
  assert.deepEqual(fr.matched, [
    { phrase: "plainte", language: "fr" },
    { phrase: "irrespectueux", language: "fr" },
    { phrase: "manque de professionnalisme", language: "fr" },
  ]);
  assert.match(
    fr.reason.fr,
    /^Plainte sur la qualité du service ou inconduite possible : la demande contient « plainte »/,
  );
});

test("fingerprints matched to someone else is a biometrics complaint, even worded as a complaint", () => {
  const result = categoriseEnquiry({
    subject: "Complaint about biometrics",
    text: "My fingerprints were matched to another person in the RCMP record. This is a case of mistaken identity.",
  });
  assert.equal(result.category, "biometrics-complaint");
  assert.equal(result.queue, "program-manager");
  const fr = categoriseEnquiry({
    subject: "Biométrie",
    text: "Il s'agit d'une erreur d’identité : on m'a confondu avec une autre personne.",
  });
  assert.equal(fr.category, "biometrics-complaint");
});

test("a complaint about the biometric requirement itself is general procedures, as seed 001's note says", () => {
  const result = categoriseEnquiry({
    subject: "",
    text: "I want to complain about the biometric requirement for visitors.",
  });
  assert.equal(result.category, "general-policy");
  assert.equal(result.queue, "policy-directorate");
});

test("local office procedures: appointments and picking up a passport", () => {
  const result = categoriseEnquiry({
    subject: "Rendez-vous",
    text: "Comment prendre rendez-vous pour récupérer mon passeport en personne ?",
  });
  assert.equal(result.category, "local-procedures");
  assert.equal(result.queue, "office-enquiries");
});

test("words are matched whole, without regard to accents or case", () => {
  assert.equal(categoriseEnquiry({ subject: "", text: "ETAT DE MA DEMANDE?" }).category, "case-specific");
  // "crude" contains "rude" but is not the word.
  const crude = categoriseEnquiry({ subject: "", text: "A crude estimate of global processing times" });
  assert.equal(crude.category, "general-policy");
});

test("with no word of any rule, the enquiry stays with the office to be read and corrected", () => {
  const result = categoriseEnquiry({ subject: "Hello", text: "Can someone call me?" });
  assert.equal(result.category, "case-specific");
  assert.equal(result.queue, "office-enquiries");
  assert.deepEqual(result.matched, []);
});

test("administrators' rules replace the defaults, and bad rules are refused with the reason", () => {
  const rules = [...DEFAULT_CATEGORY_RULES].map((rule) =>
    rule.category === "local-procedures" ? { ...rule, en: [...rule.en, "visa application centre"] } : rule,
  );
  const result = categoriseEnquiry({ subject: "", text: "Where is the visa application centre?", rules });
  assert.equal(result.category, "local-procedures");
  assert.throws(
    () =>
      categoriseEnquiry({
        subject: "",
        text: "",
        rules: [
          { category: "case-specific", queue: "office-enquiries", en: ["file"] },
          { category: "case-specific", queue: "program-manager", en: ["dossier"] },
        ],
      }),
    (error: unknown) => error instanceof AppError && /at most one rule/.test(error.message),
  );
});
