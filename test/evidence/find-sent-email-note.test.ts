import assert from "node:assert/strict";
import { test } from "node:test";
import { findSentEmailNote, type NoteFact } from "../../src/evidence/find-sent-email-note.ts";

const note = (
  id: string,
  body: string,
  createdAt: string,
  correctsNoteId: string | null = null,
): NoteFact => ({
  id,
  body,
  createdAt: new Date(createdAt),
  authorLabel: "ana <ana@dossier.test>",
  correctsNoteId,
});
const record = {
  address: "p.silva@example.com",
  subject: "Request for additional documents",
  sentAt: new Date("2026-03-02T15:04:00Z"),
};

test("the note that names the address the email went to stands in for the eDoc", () => {
  const notes = [
    note("a", "Client called about processing times.", "2026-03-02T15:30:00Z"),
    note(
      "b",
      "Sent 2026-03-02 10:04 to P.Silva@example.com: please send your bank statements.",
      "2026-03-02T15:10:00Z",
    ),
  ];
  assert.equal(findSentEmailNote(notes, record)?.id, "b");
});

test("among several, the one holding the subject wins, then the one written closest to the send", () => {
  const notes = [
    note("far", "Email to p.silva@example.com, Request for additional documents.", "2026-03-09T15:00:00Z"),
    note("near", "Email to p.silva@example.com about the interview.", "2026-03-02T15:05:00Z"),
    note(
      "near-subject",
      "Email to p.silva@example.com — Request for additional documents",
      "2026-03-02T15:20:00Z",
    ),
  ];
  assert.equal(findSentEmailNote(notes, record)?.id, "near-subject");
  assert.equal(findSentEmailNote(notes.slice(0, 2), { ...record, subject: "" })?.id, "near");
});

test("a corrected note is read as its latest correction", () => {
  const notes = [
    note("first", "Sent to p.silva@example.com on 2026-03-01.", "2026-03-02T15:10:00Z"),
    note(
      "fix",
      "Correction: sent to p.silva@example.com on 2026-03-02 at 10:04.",
      "2026-03-03T09:00:00Z",
      "first",
    ),
  ];
  assert.equal(findSentEmailNote(notes, record)?.id, "fix");
});

test("no note names the address: there is nothing to stand in", () => {
  assert.equal(
    findSentEmailNote([note("x", "Sent the letter by post.", "2026-03-02T15:10:00Z")], record),
    null,
  );
});
