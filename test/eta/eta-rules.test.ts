import assert from "node:assert/strict";
import { test } from "node:test";
import { addYears, etaStateOn, etasEndedByNewIssue, etaValidity } from "../../src/eta/eta-validity.ts";
import {
  expansionNationalities,
  type ScreeningFacts,
  type ScreeningInput,
  screenEtaApplication,
} from "../../src/eta/screen-eta-application.ts";
import { parseEtaApplication } from "../../src/eta/submit-eta-applications.ts";

const clean: ScreeningFacts = {
  statusInCanada: "foreign-national",
  adverseInformation: [],
  temporaryResidentVisas: [],
  usVisaCheck: null,
};
const base: ScreeningInput = {
  identity: "match",
  citizenship: "MEX",
  passportCountry: "MEX",
  submittedOn: "2026-11-20",
  facts: clean,
  expansionNationalities: new Set(["BRA", "BGR", "ROU"]),
};
const screen = (change: Partial<ScreeningInput>, facts: Partial<ScreeningFacts> = {}) =>
  screenEtaApplication({ ...base, ...change, facts: { ...clean, ...facts } });

test("a clean case from a country outside the expansion is approved at once", () => {
  assert.deepEqual(screen({}), { status: "approved", reasons: [] });
  assert.deepEqual(screen({ identity: "new" }), { status: "approved", reasons: [] });
});

test("a naturalized citizen on file is referred to Derogatory information / Client Derogatory Information", () => {
  const outcome = screen({}, { statusInCanada: "citizen-by-naturalization" });
  assert.equal(outcome.status, "referred");
  assert.deepEqual(
    outcome.reasons.map((r) => [r.code, r.activity, r.subActivity]),
    [["naturalized-citizen", "Derogatory information", "Client Derogatory Information"]],
  );
});

test("a permanent resident and adverse information are referred, each with its own reason", () => {
  const outcome = screen(
    {},
    {
      statusInCanada: "permanent-resident",
      adverseInformation: [
        { source: "port-of-entry", recordedOn: "2024-05-02" },
        { source: "intelligence", recordedOn: "2025-01-10" },
      ],
    },
  );
  assert.deepEqual(
    outcome.reasons.map((r) => r.code),
    ["permanent-resident", "adverse-information"],
  );
  assert.match(outcome.reasons[1]!.en, /port of entry examination, intelligence/);
  assert.match(outcome.reasons[1]!.fr, /point d'entrée/);
});

test("an identity in doubt is referred to Candidate ID Decision", () => {
  const outcome = screen({ identity: "review" });
  assert.equal(outcome.status, "referred");
  assert.equal(outcome.reasons[0]?.activity, "Candidate ID Decision");
});

test("expansion: a Canadian visa issued within the 10 years before the application makes a Brazilian eligible", () => {
  const brazilian = { citizenship: "BRA", passportCountry: "BRA" };
  assert.equal(
    screen(brazilian, { temporaryResidentVisas: [{ issuedOn: "2016-11-20", expiryDate: null }] }).status,
    "approved",
  );
  // Expired the day before the ten-year window opened: not held in it.
  const old = screen(brazilian, {
    temporaryResidentVisas: [{ issuedOn: "2014-01-01", expiryDate: "2016-11-19" }],
  });
  assert.deepEqual(
    old.reasons.map((r) => r.code),
    ["expansion-eligibility"],
  );
  // Issued earlier but still valid inside the window: held during the period (R7.01(a)).
  assert.equal(
    screen(brazilian, { temporaryResidentVisas: [{ issuedOn: "2015-06-01", expiryDate: "2017-06-01" }] })
      .status,
    "approved",
  );
});

test("expansion: the US visa check decides when there is no Canadian visa", () => {
  const romanian = { citizenship: "ROU", passportCountry: "ROU" };
  assert.equal(
    screen(romanian, { usVisaCheck: { result: "valid", checkedOn: "2026-11-20" } }).status,
    "approved",
  );
  for (const result of ["no-valid-document", "lost-stolen", "revoked", "not-reviewed"] as const) {
    const outcome = screen(romanian, { usVisaCheck: { result, checkedOn: "2026-11-20" } });
    assert.equal(outcome.status, "referred", result);
    assert.equal(outcome.reasons[0]?.activity, "eTA Expansion Eligibility");
  }
  const revoked = screen(romanian, { usVisaCheck: { result: "revoked", checkedOn: "2026-11-20" } });
  assert.match(revoked.reasons[0]!.en, /document revoked/);
  // A valid result from an earlier day is not a valid visa "on the day".
  const stale = screen(romanian, { usVisaCheck: { result: "valid", checkedOn: "2026-10-01" } });
  assert.match(stale.reasons[0]!.en, /not reviewed/);
  assert.match(screen(romanian).reasons[0]!.en, /no check result on file/);
});

test("expansion nationalities come from the environment when set", () => {
  assert.deepEqual([...expansionNationalities({})], ["BRA", "BGR", "ROU"]);
  assert.deepEqual(
    [...expansionNationalities({ DOSSIER_ETA_EXPANSION_NATIONALITIES: "mex, bra" })],
    ["MEX", "BRA"],
  );
});

test("an eTA is valid five years from issue, or until a passport expiring sooner expires", () => {
  assert.deepEqual(etaValidity("2026-12-01", "2035-01-01"), {
    validFrom: "2026-12-01",
    validUntil: "2031-12-01",
    limitedBy: "five-years",
  });
  assert.deepEqual(etaValidity("2026-12-01", "2028-12-01"), {
    validFrom: "2026-12-01",
    validUntil: "2028-12-01",
    limitedBy: "passport-expiry",
  });
  assert.equal(addYears("2028-02-29", 5), "2033-02-28");
});

test("a new eTA on the same passport type ends the earlier one that day; another type stays valid", () => {
  const regular = {
    validUntil: "2030-01-01",
    validityLimit: "five-years",
    endedOn: null,
    endReason: null,
    passportType: "regular",
  };
  const diplomatic = { ...regular, passportType: "diplomatic" };
  const expired = { ...regular, validUntil: "2026-01-01", validityLimit: "passport-expiry" };
  assert.deepEqual(etasEndedByNewIssue([regular, diplomatic, expired], "regular", "2026-12-01"), [regular]);
  assert.deepEqual(etasEndedByNewIssue([regular, diplomatic], "diplomatic", "2026-12-01"), [diplomatic]);
  assert.deepEqual(etaStateOn(expired, "2026-12-01"), { active: false, endReason: "passport-expired" });
  assert.deepEqual(etaStateOn({ ...regular, endedOn: "2026-12-01", endReason: "superseded" }, "2026-12-01"), {
    active: false,
    endReason: "superseded",
  });
  assert.deepEqual(etaStateOn(regular, "2026-12-01"), { active: true, endReason: null });
});

test("an application dated in the past is refused when its passport has expired since", () => {
  const form = {
    submittedOn: "2026-10-01",
    applicant: {
      familyName: "Moreau",
      givenNames: "Inès",
      dateOfBirth: "1991-07-07",
      sex: "F",
      countryOfBirth: "FRA",
      citizenship: "FRA",
    },
    passport: { number: "22FR81234", type: "regular", country: "FRA", expiryDate: "2026-11-15" },
    email: "ines.moreau@example.fr",
    address: { line1: "3 rue des Lilas", city: "Nantes", country: "FRA" },
    answers: {},
  };
  assert.equal(parseEtaApplication(form, "2026-11-01").submittedOn, "2026-10-01");
  assert.throws(() => parseEtaApplication(form, "2026-12-01"), {
    message: "passport.expiryDate: the passport has expired (2026-11-15); an eTA cannot be issued on it",
  });
});
