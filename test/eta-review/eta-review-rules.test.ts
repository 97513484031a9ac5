import assert from "node:assert/strict";
import { test } from "node:test";
import { etaNoticeLetter } from "../../src/eta/eta-notice-letter.ts";
import { parseEtaReviewDecision } from "../../src/eta/eta-review.schema.ts";
import { checkReviewDecision, etaReviewNote, type ReviewFacts } from "../../src/eta/eta-review-rules.ts";
import { revalidationReportCsv } from "../../src/eta/list-eta-revalidation-report.ts";
import { AppError } from "../../src/shared/errors.ts";

const STEPS = {
  requirements: "Foreign national, valid passport, not inadmissible.",
  facts: "Identity and status in Canada.",
  evidence: [
    {
      description: "Passport bio page.",
      credibility: "credible",
      credibilityReasons: "No sign of alteration.",
      probativeValue: "strong",
      probativeReasons: "Issued by the national authority.",
    },
  ],
  sufficiency: "sufficient",
  sufficiencyReasons: "Consistent with the record.",
  outcome: "approve",
  reasons: "All elements are met.",
};

const FACTS: ReviewFacts = {
  status: "referred",
  referralCodes: ["adverse-information"],
  candidateUcis: [],
  relinquishment: null,
  today: "2026-12-01",
};

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error;
  }
  assert.fail("was not refused");
}

test("each empty step is refused with its field and its step, in both languages", () => {
  const reasons = refusal(() => parseEtaReviewDecision({ ...STEPS, reasons: "" }));
  assert.equal(reasons.field, "reasons");
  assert.equal(
    reasons.message,
    "reasons: is required (step 9 of a fair decision: the reasons for the decision)",
  );
  assert.equal(
    reasons.messageFr,
    "reasons : est obligatoire (étape 9 d'une décision équitable : les motifs de la décision)",
  );
  const credibility = refusal(() =>
    parseEtaReviewDecision({ ...STEPS, evidence: [{ ...STEPS.evidence[0], credibilityReasons: " " }] }),
  );
  assert.equal(credibility.field, "evidence.0.credibilityReasons");
  assert.match(credibility.message, /step 5 of a fair decision/);
  const none = refusal(() => parseEtaReviewDecision({ ...STEPS, evidence: [] }));
  assert.equal(
    none.message,
    "evidence: must list at least one piece of evidence (step 4 of a fair decision: the relevant evidence)",
  );
  const standard = refusal(() =>
    parseEtaReviewDecision({ ...STEPS, standardOfProof: "beyond-reasonable-doubt" }),
  );
  assert.equal(standard.field, "standardOfProof");
});

test("the outcome is checked against the referral", () => {
  const data = (change: Record<string, unknown>) => parseEtaReviewDecision({ ...STEPS, ...change });
  assert.equal(checkReviewDecision(data({}), FACTS), null);
  assert.equal(checkReviewDecision(data({ outcome: "refuse" }), FACTS), "refused");
  assert.match(
    refusal(() => checkReviewDecision(data({ outcome: "withdraw" }), FACTS)).message,
    /withdraw is only for an applicant referred as a Canadian citizen or permanent resident/,
  );
  assert.equal(
    checkReviewDecision(data({ outcome: "withdraw" }), { ...FACTS, referralCodes: ["naturalized-citizen"] }),
    "withdrawn-citizen",
  );
  assert.match(
    refusal(() => checkReviewDecision(data({ sufficiency: "insufficient" }), FACTS)).message,
    /must be sufficient to approve/,
  );
  const resident = { ...FACTS, referralCodes: ["permanent-resident" as const] };
  assert.equal(refusal(() => checkReviewDecision(data({}), resident)).code, "invalid_state");
  assert.equal(checkReviewDecision(data({}), { ...resident, relinquishment: "relinquished" }), null);
  const request = data({
    outcome: "request-information",
    informationRequested: "Your answer.",
    responseDate: "2026-12-31",
  });
  assert.equal(checkReviewDecision(request, resident), "request-relinquishment");
  assert.equal(checkReviewDecision(request, FACTS), "request-information");
  assert.equal(
    refusal(() => checkReviewDecision({ ...request, responseDate: "2026-12-01" }, FACTS)).field,
    "responseDate",
  );
  const identity = { ...FACTS, referralCodes: ["identity-review" as const], candidateUcis: ["1000000034"] };
  assert.equal(refusal(() => checkReviewDecision(data({}), identity)).field, "identity");
  assert.match(
    refusal(() => checkReviewDecision(data({ identity: "1000000042" }), identity)).message,
    /must be new-client or the UCI of a candidate \(1000000034\)/,
  );
  assert.equal(checkReviewDecision(data({ identity: "new-client" }), identity), null);
  assert.equal(
    refusal(() => checkReviewDecision(data({}), { ...FACTS, status: "approved" })).code,
    "invalid_state",
  );
});

test("the note reads as one record from step 1 to step 9", () => {
  const note = etaReviewNote("en", parseEtaReviewDecision(STEPS), {
    referrals: ["Adverse information is on file."],
    identity: null,
  });
  assert.equal(
    note,
    [
      "eTA application review — decision: approved, eTA issued.",
      "Referred because: Adverse information is on file.",
      "",
      "1. Requirements and their elements: Foreign national, valid passport, not inadmissible.",
      "2. Facts to be proven: Identity and status in Canada.",
      "3. Standard of proof: balance of probabilities (more likely than not)",
      "4–6. Evidence, credibility and probative value:",
      "   1) Passport bio page.",
      "      Credibility: credible — No sign of alteration.",
      "      Probative value: strong — Issued by the national authority.",
      "7. Sufficiency: sufficient — Consistent with the record.",
      "8. Decision: approved, eTA issued",
      "9. Reasons: All elements are met.",
    ].join("\n"),
  );
});

test("the withdrawal letters say what each person must travel with", () => {
  assert.match(
    etaNoticeLetter({ kind: "withdrawn-citizen", language: "en" }).body,
    /use your Canadian passport/,
  );
  assert.match(
    etaNoticeLetter({ kind: "withdrawn-permanent-resident", language: "fr" }).body,
    /titre de voyage qui atteste votre statut de résident permanent/,
  );
  assert.match(
    etaNoticeLetter({ kind: "request-relinquishment", language: "en", dueDate: "2027-01-15" }).body,
    /no later than 15 January 2027/,
  );
});

test("the CSV quotes what needs quoting and defuses formulas", () => {
  const csv = revalidationReportCsv([
    {
      fileNumber: "E000000042",
      uci: "1000000034",
      familyName: "D'Arcy",
      givenNames: "Anne, Marie",
      passportNumber: "X1",
      passportCountry: "FRA",
      validUntil: "2031-01-01",
      officeCode: "OTT",
      openedOn: "2026-12-01",
      adverseSource: "intelligence",
      adverseRecordedOn: "2026-11-30",
      adverseDetails: '@SUM(A1) "quoted"\nsecond line',
    },
  ]);
  assert.equal(
    csv.split("\r\n")[1],
    `E000000042,1000000034,D'Arcy,"Anne, Marie",X1,FRA,2031-01-01,OTT,2026-12-01,intelligence,2026-11-30,"'@SUM(A1) ""quoted""\nsecond line"`,
  );
});
