import assert from "node:assert/strict";
import { test } from "node:test";
import { decideEscalation, type EscalationInput } from "../../src/enquiries/decide-escalation.ts";

const received = new Date("2026-01-05T15:00:00Z");
const day = (n: number) => new Date(received.getTime() + n * 24 * 60 * 60 * 1000);

function enquiry(overrides: Partial<EscalationInput>): EscalationInput {
  return {
    category: "case-specific",
    receivedAt: received,
    lastReplyAt: null,
    enquirerDisagrees: false,
    now: day(31),
    ...overrides,
  };
}

test("a case-specific enquiry unanswered after 30 days goes to the Case Management Branch", () => {
  const decision = decideEscalation(enquiry({ now: day(30) }));
  assert.deepEqual(decision, {
    escalate: true,
    to: "case-management-branch",
    trigger: "no-reply-30-days",
    reason: {
      en: "No reply after 30 days: it goes to the Case Management Branch.",
      fr: "Aucune réponse après 30 jours : la demande est transmise à la Direction générale du règlement des cas.",
    },
  });
});

test("before 30 days nothing moves, and the decision says when it will", () => {
  const decision = decideEscalation(enquiry({ now: day(29) }));
  assert.equal(decision.escalate, false);
  assert.equal(!decision.escalate && decision.escalatesAt?.toISOString(), "2026-02-04T15:00:00.000Z");
});

test("a case-specific enquirer who disagrees with the reply goes to the Case Management Branch at once", () => {
  const decision = decideEscalation(enquiry({ lastReplyAt: day(3), enquirerDisagrees: true, now: day(4) }));
  assert.equal(decision.escalate && decision.trigger, "disagreement");
  assert.equal(decision.escalate && decision.to, "case-management-branch");
});

test("a local-procedure enquiry unanswered after 30 days goes to the office's program manager", () => {
  const decision = decideEscalation(enquiry({ category: "local-procedures" }));
  assert.equal(decision.escalate && decision.to, "program-manager");
  assert.match(decision.reason.en, /migration program manager/);
});

test("seed 001 gives local procedures no route on disagreement; the office answers it", () => {
  const decision = decideEscalation(
    enquiry({ category: "local-procedures", lastReplyAt: day(2), enquirerDisagrees: true }),
  );
  assert.equal(decision.escalate, false);
  assert.match(decision.reason.en, /only when there is no reply/);
});

test("an answered enquiry, or one waiting for the enquirer's details, does not escalate", () => {
  assert.equal(decideEscalation(enquiry({ lastReplyAt: day(12), now: day(60) })).escalate, false);
  const waiting = decideEscalation(enquiry({ waitingForEnquirer: true, now: day(60) }));
  assert.equal(waiting.escalate, false);
  assert.equal(waiting.reason.en, "The office is waiting for information from the enquirer.");
});

test("complaints and policy questions have no further step: the decision says none", () => {
  for (const category of ["service-complaint", "biometrics-complaint", "general-policy"] as const) {
    const decision = decideEscalation(enquiry({ category, now: day(90), enquirerDisagrees: true }));
    assert.deepEqual(decision.escalate, false, category);
    assert.equal(!decision.escalate && decision.escalatesAt, null);
  }
});
