import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContactFact, RepresentativeFact } from "../../src/correspondence/resolve-recipient.ts";
import { addressOnFileAt } from "../../src/evidence/address-on-file-at.ts";

const at = (iso: string) => new Date(iso);
const email = (
  value: string,
  recordedAt: string,
  supersededAt: string | null = null,
  consentSource: string | null = "application-form",
): ContactFact => ({
  kind: "email",
  value,
  consentSource,
  recordedAt: at(recordedAt),
  supersededAt: supersededAt ? at(supersededAt) : null,
});
const history = [
  email("m.okafor@example.com", "2026-01-15T14:00:00Z", "2026-02-20T16:30:00Z"),
  email("marguerite.okafor@example.org", "2026-02-20T16:30:00Z", null, "client-wrote-first"),
];
const base = { timeZone: "America/Toronto", contacts: history, representatives: [] as RepresentativeFact[] };

test("the address current at the moment of sending, and the one used, are identical", () => {
  const result = addressOnFileAt({
    ...base,
    at: at("2026-03-02T15:04:05Z"),
    addressUsed: "marguerite.okafor@example.org",
  });
  assert.equal(result.verdict, "identical");
  assert.equal(result.currentEmail, history[1]);
  assert.deepEqual(result.expected, {
    channel: "email",
    address: "marguerite.okafor@example.org",
    addressee: "client",
    consentSource: "client-wrote-first",
  });
  assert.deepEqual(result.usedEntries, [history[1]]);
});

test("an address superseded before the send is not the one on file", () => {
  const result = addressOnFileAt({
    ...base,
    at: at("2026-03-02T15:04:05Z"),
    addressUsed: "m.okafor@example.com",
  });
  assert.equal(result.verdict, "different");
  assert.equal(result.expected?.address, "marguerite.okafor@example.org");
  assert.deepEqual(result.usedEntries, [history[0]]);
  assert.equal(result.differsOnlyInCase, false);
});

test("a change recorded after the send does not count against it: the file is read as it stood then", () => {
  const result = addressOnFileAt({
    ...base,
    at: at("2026-02-20T16:29:59Z"),
    addressUsed: "m.okafor@example.com",
  });
  assert.equal(result.verdict, "identical");
  assert.equal(result.currentEmail, history[0], "superseded one second later, it was still current");
});

test("an address identical but for letter case is flagged as such, not as identical", () => {
  const result = addressOnFileAt({
    ...base,
    at: at("2026-03-02T15:04:05Z"),
    addressUsed: "Marguerite.Okafor@example.org",
  });
  assert.equal(result.verdict, "different");
  assert.equal(result.differsOnlyInCase, true);
});

test("a representative's IMM 5476 in force that day names the address, by the office's calendar day", () => {
  const representative: RepresentativeFact = {
    name: "Maître Sophie Gagnon",
    email: "s.gagnon@cabinet-gagnon.example",
    postalAddress: null,
    validFrom: "2026-03-02",
    validTo: null,
    recordedAt: at("2026-02-25T12:00:00Z"),
  };
  const withRep = { ...base, representatives: [representative] };
  // 10:04 in Ottawa on 2 March: the form is in force; the client's own address is not where it had to go.
  const during = addressOnFileAt({
    ...withRep,
    at: at("2026-03-02T15:04:05Z"),
    addressUsed: "marguerite.okafor@example.org",
  });
  assert.equal(during.verdict, "different");
  assert.equal(during.expected?.addressee, "representative");
  assert.equal(during.representative, representative);
  // 22:00 on 1 March in Ottawa is already 2 March in UTC; the form was not yet in force.
  const eve = addressOnFileAt({
    ...withRep,
    at: at("2026-03-02T03:00:00Z"),
    addressUsed: "marguerite.okafor@example.org",
  });
  assert.equal(eve.verdict, "identical");
  assert.equal(eve.representative, null);
  // A form recorded after the send did not bind it.
  const late = addressOnFileAt({
    ...base,
    representatives: [{ ...representative, validFrom: "2026-01-01", recordedAt: at("2026-03-05T12:00:00Z") }],
    at: at("2026-03-02T15:04:05Z"),
    addressUsed: "marguerite.okafor@example.org",
  });
  assert.equal(late.verdict, "identical");
});

test("without consent to email the file named no email address", () => {
  const result = addressOnFileAt({
    ...base,
    contacts: [email("p.silva@example.com", "2026-01-15T14:00:00Z", null, null)],
    at: at("2026-03-02T15:04:05Z"),
    addressUsed: "p.silva@example.com",
  });
  assert.equal(result.verdict, "no-email-on-file");
  assert.equal(result.expected, null);
});
