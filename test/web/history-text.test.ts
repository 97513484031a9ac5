import assert from "node:assert/strict";
import { test } from "node:test";
import { describeAuditEvent } from "../../src/web/pages/history-text.ts";

test("decisions, reconsiderations and exports read as sentences in the History tab, in both languages", () => {
  const refusal = {
    action: "decision.recorded",
    before: null,
    after: { outcome: "refused", legalBasis: "IRPR s. 10" },
  };
  assert.equal(describeAuditEvent("en", refusal), "Recorded the decision: refused (IRPR s. 10)");
  assert.equal(describeAuditEvent("fr", refusal), "A inscrit la décision : refusée (IRPR s. 10)");
  assert.equal(
    describeAuditEvent("en", { action: "reconsideration.reopened", before: null, after: {} }),
    "Reopened the file on reconsideration",
  );
  assert.equal(
    describeAuditEvent("fr", {
      action: "application.litigation-evidence-exported",
      before: null,
      after: { letters: 3 },
    }),
    "A rassemblé la preuve pour un litige (3 lettre(s) envoyée(s))",
  );
  assert.equal(
    describeAuditEvent("en", {
      action: "eta.issued",
      before: null,
      after: { validity: { validUntil: "2031-12-01" } },
    }),
    "Issued the eTA, valid until 2031-12-01",
  );
  assert.equal(
    describeAuditEvent("en", { action: "something.new", before: null, after: null }),
    "Recorded event: something.new",
    "an action the page does not know yet is shown by its code",
  );
});
