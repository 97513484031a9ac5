import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRecourseInput, ZRecourseInput } from "../../src/recourse/recourse.schema.ts";
import { AppError } from "../../src/shared/errors.ts";

const valid = {
  decision: "refusal",
  line: "family-sponsorship",
  notified: "2026-11-02",
  arising: "outside",
  today: "2026-12-01",
};

function refusal(raw: object): AppError {
  try {
    parseRecourseInput(raw);
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === "invalid_input");
    return error;
  }
  assert.fail("the input was accepted");
}

test("a valid input passes, trimmed dates and all", () => {
  assert.deepEqual(parseRecourseInput({ ...valid, notified: " 2026-11-02 " }), valid);
});

test("a notification date in the future is an error on notified", () => {
  const error = refusal({ ...valid, notified: "2026-12-02" });
  assert.equal(error.field, "notified");
  assert.equal(
    error.message,
    "notified: must not be in the future (today is 2026-12-01): time runs only from a notification already received",
  );
  // The zod schema alone refuses it too, on the same field.
  const result = ZRecourseInput.safeParse({ ...valid, notified: "2026-12-02" });
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues[0]?.path, ["notified"]);
});

test("an unknown line of business is an error on line listing the allowed values, in English and French", () => {
  const error = refusal({ ...valid, line: "student-visa" });
  assert.equal(error.field, "line");
  assert.equal(
    error.message,
    "line: must be one of temporary-residence, eta, permanent-residence, family-sponsorship, citizenship",
  );
  assert.equal(
    error.messageFr,
    "line : doit être l'une des valeurs suivantes : temporary-residence, eta, permanent-residence, family-sponsorship, citizenship",
  );
});

test("an impossible date such as 2026-02-30 is an error naming the field", () => {
  const error = refusal({ ...valid, notified: "2026-02-30" });
  assert.equal(error.message, "notified: must be a real date written YYYY-MM-DD");
  assert.equal(error.messageFr, "notified : doit être une date réelle écrite AAAA-MM-JJ");
  assert.equal(refusal({ ...valid, today: "1 Dec 2026" }).field, "today");
});

test("a missing field is required; a bad ground or decision lists what is allowed", () => {
  const { arising: _arising, ...withoutArising } = valid;
  assert.equal(refusal(withoutArising).message, "arising: is required");
  assert.match(
    refusal({ ...valid, inadmissibility: "fraud" }).message,
    /^inadmissibility: must be one of serious-criminality, /,
  );
  assert.match(
    refusal({ ...valid, decision: "withdrawal" }).message,
    /^decision: must be one of refusal, removal-order, residency-obligation$/,
  );
});

test("a decision that does not fit the line is an error on decision, with its French wording", () => {
  const error = refusal({ ...valid, decision: "residency-obligation", line: "citizenship" });
  assert.equal(error.field, "decision");
  assert.match(error.message, /concerns a permanent resident \(IRPA s\. 28\)/);
  assert.match(
    error.messageFr ?? "",
    /^decision : une décision sur l'obligation de résidence vise un résident permanent/,
  );
});
