import assert from "node:assert/strict";
import { test } from "node:test";
import { decideSendRetry } from "../../src/correspondence/decide-send-retry.ts";

const policy = { giveUpAfterMs: 72 * 3_600_000, retryBaseMs: 60_000, retryMaxMs: 3_600_000 };

test("a temporary failure is tried again after a wait that doubles with each attempt", () => {
  assert.deepEqual(
    decideSendRetry(
      { status: "sending", ageMs: 600_000, attempts: 3, reason: "451 4.7.1 greylisted" },
      policy,
    ),
    { kind: "retry", waitMs: 240_000, reason: "Attempt 3 failed, will retry: 451 4.7.1 greylisted" },
  );
});

test("after the policy's 72 hours the message is given up with the last answer kept", () => {
  assert.deepEqual(
    decideSendRetry({ status: "sending", ageMs: 72 * 3_600_000, attempts: 9, reason: "421 busy" }, policy),
    { kind: "give-up", reason: "Not delivered within 72 h after 9 attempts; last answer: 421 busy" },
  );
});

test("a row another dispatcher already recorded is left as it is", () => {
  assert.deepEqual(decideSendRetry({ status: "sent", ageMs: 0, attempts: 1, reason: "421" }, policy), {
    kind: "already-recorded",
  });
});
