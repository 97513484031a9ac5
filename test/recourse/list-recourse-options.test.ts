import assert from "node:assert/strict";
import { test } from "node:test";
import {
  listRecourseOptions,
  type RecourseInput,
  type RecourseKind,
  type RecourseOption,
} from "../../src/recourse/list-recourse-options.ts";
import { AppError } from "../../src/shared/errors.ts";
import { federal } from "./recourse-fixtures.ts";

function options(input: Partial<RecourseInput>): Record<RecourseKind, RecourseOption> {
  const list = listRecourseOptions(
    {
      decision: "refusal",
      line: "temporary-residence",
      notified: "2026-11-02",
      arising: "canada",
      today: "2026-11-03",
      ...input,
    },
    federal,
  );
  return Object.fromEntries(list.map((option) => [option.kind, option])) as Record<
    RecourseKind,
    RecourseOption
  >;
}

function refused(input: Partial<RecourseInput>): AppError {
  try {
    options(input);
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === "invalid_input");
    return error;
  }
  assert.fail("the input was accepted");
}

test("every decision lists the five options, in order, each citing its legal basis in both languages", () => {
  const list = listRecourseOptions(
    { decision: "refusal", line: "eta", notified: "2026-11-02", arising: "outside", today: "2026-11-03" },
    federal,
  );
  assert.deepEqual(
    list.map((o) => o.kind),
    ["iad-appeal", "judicial-review-leave", "reconsideration", "atip-notes", "reapply"],
  );
  for (const option of list) {
    assert.ok(option.basis.length > 0 && option.basisFr.length > 0, option.kind);
    assert.ok(option.reason.length > 0 && option.reasonFr.length > 0, option.kind);
  }
});

test("leave at the Federal Court: 15 days for a matter arising in Canada, 60 days outside (IRPA s. 72(2)(b))", () => {
  const inCanada = options({ arising: "canada" })["judicial-review-leave"];
  assert.equal(inCanada.available, true);
  assert.equal(inCanada.deadline, "2026-11-17");
  assert.match(inCanada.reason, /within 15 days after notification, because the matter arose in Canada/);
  assert.match(inCanada.basis, /IRPA s\. 72\(1\) and s\. 72\(2\)\(b\)/);
  const outside = options({ arising: "outside" })["judicial-review-leave"];
  // Day 60 is New Year's Day 2027, a Friday: the deadline is the Monday.
  assert.equal(outside.deadline, "2027-01-04");
  assert.match(outside.reason, /within 60 days .* arose outside Canada/);
  assert.match(outside.reason, /2027-01-01 \(New Year's Day\)/);
  assert.match(outside.reasonFr, /2027-01-01 \(Jour de l'An\)/);
});

test("a temporary residence refusal has no appeal to the Immigration Appeal Division", () => {
  const appeal = options({})["iad-appeal"];
  assert.equal(appeal.available, false);
  assert.equal(appeal.deadline, null);
  assert.match(appeal.reason, /IRPA s\. 63 gives no appeal/);
});

test("a family sponsorship refused abroad: appeal within 30 days, and the Federal Court only after the appeal", () => {
  const result = options({ line: "family-sponsorship", arising: "outside" });
  assert.equal(result["iad-appeal"].available, true);
  assert.equal(result["iad-appeal"].deadline, "2026-12-02");
  assert.match(result["iad-appeal"].basis, /IRPA s\. 63\(1\)/);
  const leave = result["judicial-review-leave"];
  assert.equal(leave.available, false);
  assert.equal(leave.deadline, null);
  assert.match(leave.reason, /^Appeal first/);
  assert.match(leave.basis, /IRPA s\. 72\(2\)\(a\)/);
  assert.match(leave.reasonFr, /^Interjetez d'abord appel/);
});

test("a sponsorship refused in Canada (in-Canada class) has no appeal: leave within 15 days", () => {
  const result = options({ line: "family-sponsorship", arising: "canada" });
  assert.equal(result["iad-appeal"].available, false);
  assert.match(result["iad-appeal"].reason, /not the refusal of a permanent resident visa/);
  assert.equal(result["judicial-review-leave"].deadline, "2026-11-17");
});

test("a removal order: a permanent resident appeals within 30 days; a temporary resident goes to the Court within 15", () => {
  const pr = options({ decision: "removal-order", line: "permanent-residence" });
  assert.equal(pr["iad-appeal"].deadline, "2026-12-02");
  assert.match(pr["iad-appeal"].basis, /IRPA s\. 63\(2\)–\(3\)/);
  assert.equal(pr["judicial-review-leave"].available, false);
  const tr = options({ decision: "removal-order", line: "temporary-residence" });
  assert.equal(tr["iad-appeal"].available, false);
  assert.equal(tr["judicial-review-leave"].deadline, "2026-11-17");
  assert.match(tr.reapply.reason, /IRPA s\. 52\(1\)/);
});

test("a residency-obligation decision made abroad is appealed within 60 days", () => {
  const result = options({
    decision: "residency-obligation",
    line: "permanent-residence",
    arising: "outside",
    notified: "2026-10-01",
  });
  assert.equal(result["iad-appeal"].deadline, "2026-11-30");
  assert.match(result["iad-appeal"].basis, /IRPA s\. 63\(4\)/);
  assert.equal(result["judicial-review-leave"].available, false);
});

for (const ground of ["serious-criminality", "organized-criminality", "security", "human-rights"] as const) {
  test(`IRPA s. 64(1): no appeal after a finding of ${ground}; leave is open at once`, () => {
    const sponsorship = options({ line: "family-sponsorship", arising: "outside", inadmissibility: ground });
    assert.equal(sponsorship["iad-appeal"].available, false);
    assert.equal(sponsorship["iad-appeal"].deadline, null);
    assert.match(sponsorship["iad-appeal"].basis, /IRPA s\. 64\(1\)/);
    assert.equal(sponsorship["judicial-review-leave"].available, true);
    assert.equal(sponsorship["judicial-review-leave"].deadline, "2027-01-04");
    const removal = options({
      decision: "removal-order",
      line: "permanent-residence",
      inadmissibility: ground,
    });
    assert.equal(removal["iad-appeal"].available, false);
    assert.equal(removal["judicial-review-leave"].deadline, "2026-11-17");
    assert.equal(removal.reapply.available, true);
  });
}

test("misrepresentation keeps the sponsorship appeal for a spouse (s. 64(3)) but not for a parent", () => {
  const spouse = options({
    line: "family-sponsorship",
    arising: "outside",
    inadmissibility: "misrepresentation",
    relationship: "spouse",
  });
  assert.equal(spouse["iad-appeal"].available, true);
  assert.equal(spouse["iad-appeal"].deadline, "2026-12-02");
  assert.equal(spouse["judicial-review-leave"].available, false);
  assert.equal(spouse["judicial-review-leave"].deadlineIfNoAppeal, undefined);
  const parent = options({
    line: "family-sponsorship",
    arising: "outside",
    inadmissibility: "misrepresentation",
    relationship: "other",
  });
  assert.equal(parent["iad-appeal"].available, false);
  assert.match(parent["iad-appeal"].basis, /IRPA s\. 64\(3\)/);
  assert.equal(parent["judicial-review-leave"].available, true);
  assert.equal(parent["judicial-review-leave"].deadline, "2027-01-04");
});

test("misrepresentation without the relationship: the appeal is listed with its condition and leave's fallback date", () => {
  const result = options({
    line: "family-sponsorship",
    arising: "outside",
    inadmissibility: "misrepresentation",
  });
  assert.equal(result["iad-appeal"].available, true);
  assert.match(
    result["iad-appeal"].reason,
    /only if the sponsored person is the sponsor's spouse, common-law partner or child/,
  );
  assert.equal(result["judicial-review-leave"].available, false);
  assert.equal(result["judicial-review-leave"].deadlineIfNoAppeal, "2027-01-04");
  assert.match(result["judicial-review-leave"].reason, /leave must be sought by 2027-01-04/);
});

test("misrepresentation bars a new application for five years (IRPA s. 40(2)(a)), with the date the bar ends", () => {
  const result = options({
    line: "permanent-residence",
    arising: "outside",
    inadmissibility: "misrepresentation",
  });
  assert.equal(result.reapply.available, false);
  assert.equal(result.reapply.deadline, null);
  assert.equal(result.reapply.reapplyFrom, "2031-11-03");
  assert.match(result.reapply.basis, /IRPA s\. 40\(2\)\(a\)/);
  assert.match(result.reapply.reason, /from 2031-11-03/);
  const leapDay = options({
    line: "eta",
    arising: "outside",
    inadmissibility: "misrepresentation",
    notified: "2028-02-29",
    today: "2028-03-01",
  });
  assert.equal(leapDay.reapply.reapplyFrom, "2033-03-01");
  assert.equal(options({}).reapply.available, true);
});

test("citizenship: leave within 30 days under Citizenship Act s. 22.1, wherever the matter arose", () => {
  for (const arising of ["canada", "outside"] as const) {
    const result = options({ line: "citizenship", arising });
    assert.equal(result["iad-appeal"].available, false);
    assert.equal(result["judicial-review-leave"].available, true);
    assert.equal(result["judicial-review-leave"].deadline, "2026-12-02");
    assert.match(result["judicial-review-leave"].basis, /^Citizenship Act s\. 22\.1/);
  }
  const misrepresented = options({ line: "citizenship", inadmissibility: "misrepresentation" });
  assert.equal(misrepresented.reapply.available, false);
  assert.match(misrepresented.reapply.basis, /Citizenship Act s\. 22\(1\)\(e\.1\)/);
});

test("reconsideration and the file request have no deadline; the suggested and answer dates are given", () => {
  const result = options({ notified: "2026-11-25", today: "2026-11-25" });
  assert.equal(result.reconsideration.available, true);
  assert.equal(result.reconsideration.deadline, null);
  // 30 days after 25 November is Christmas Day, a Friday: suggested for Monday 28 December.
  assert.equal(result.reconsideration.suggestedBy, "2026-12-28");
  assert.match(
    result.reconsideration.reason,
    /No deadline is set by law.*2026-12-28.*does not stop or extend the time/,
  );
  assert.equal(result["atip-notes"].deadline, null);
  assert.equal(result["atip-notes"].answerDue, "2026-12-28");
  assert.match(result["atip-notes"].reason, /^There is no deadline to ask/);
  assert.match(
    result["atip-notes"].basis,
    /Access to Information Act ss\. 4, 7 and 9; Privacy Act ss\. 12, 14 and 15/,
  );
});

test("a deadline already passed is marked, and the reason says a judge may extend it", () => {
  const leave = options({ today: "2026-12-01" })["judicial-review-leave"];
  assert.equal(leave.deadline, "2026-11-17");
  assert.equal(leave.deadlinePassed, true);
  assert.match(
    leave.reason,
    /passed on 2026-11-17; a judge may allow more time for special reasons \(IRPA s\. 72\(2\)\(c\)\)/,
  );
  assert.equal(options({ today: "2026-11-17" })["judicial-review-leave"].deadlinePassed, false);
});

test("decisions that fit no line, and facts that cannot go together, are refused naming the field", () => {
  assert.equal(
    refused({ decision: "residency-obligation", line: "citizenship", arising: "outside" }).field,
    "decision",
  );
  assert.equal(refused({ decision: "removal-order", line: "citizenship" }).field, "decision");
  assert.equal(
    refused({ decision: "removal-order", line: "permanent-residence", arising: "outside" }).field,
    "arising",
  );
  const inCanada = refused({
    decision: "residency-obligation",
    line: "permanent-residence",
    arising: "canada",
  });
  assert.equal(inCanada.field, "arising");
  assert.match(inCanada.message, /give the decision removal-order/);
  assert.equal(refused({ line: "citizenship", inadmissibility: "security" }).field, "inadmissibility");
  assert.equal(refused({ relationship: "spouse" }).field, "relationship");
  const future = refused({ notified: "2026-11-04", today: "2026-11-03" });
  assert.equal(future.field, "notified");
  assert.match(future.messageFr ?? "", /^notified : ne doit pas être dans le futur/);
});

test("a date the department would answer by beyond the calendar is an error on today", () => {
  const error = refused({ notified: "2035-12-01", today: "2035-12-20" });
  assert.equal(error.field, "today");
  assert.match(error.message, /^today: the date 2036-01-19 falls outside the holiday calendar/);
});
