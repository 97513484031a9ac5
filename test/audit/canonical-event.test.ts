import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type AuditEventContent,
  canonicalEventJson,
  canonicalJson,
  GENESIS_HASH,
  hashAuditEvent,
  hashCanonicalEvent,
} from "../../src/audit/hash-audit-event.ts";

const events: AuditEventContent[] = [
  {
    seq: 1,
    at: new Date("2026-03-02T15:04:05.123Z"),
    actorId: null,
    actorLabel: "dispatcher",
    action: "correspondence.sent",
    entityType: "application",
    entityId: "8ea3045c-a607-420e-9495-c0f65e8aeffb",
    officeId: "168cc229-1b0e-46e3-84b2-86187234d9df",
    before: { status: "sending" },
    after: {
      status: "sent",
      envelope: { to: ["anh.nguyen@example.com"], from: "ott@dossier.test" },
      response: '250 2.0.0 OK "queued" as Q1\\n',
      size: 1277,
      attempt: 1,
      exceedsUploadLimit: false,
      note: "Référence V000012345 — reçu ✓",
    },
  },
  {
    seq: 1_234_567,
    at: new Date("2026-12-01T00:00:00.000Z"),
    actorId: "b055fabe-1537-47d8-b631-8e4466b5a286",
    actorLabel: "Ana Officer",
    action: "note.added",
    entityType: "client",
    entityId: "1234-5678",
    officeId: null,
    before: null,
    after: {
      text: "Line one\r\nLine two\t\u0000 end",
      tags: [],
      nested: [{ b: 2, a: [1, { z: null, y: true }] }],
    },
  },
];

test("the canonical text built from parts is the text hashAuditEvent hashes, so the chain verifies", () => {
  for (const event of events) {
    const { before, after, ...parts } = event;
    const fast = canonicalEventJson(parts, canonicalJson(before), canonicalJson(after));
    assert.equal(fast, canonicalJson({ ...event, at: event.at.toISOString() }));
    assert.equal(hashCanonicalEvent(GENESIS_HASH, fast), hashAuditEvent(GENESIS_HASH, event));
  }
});
