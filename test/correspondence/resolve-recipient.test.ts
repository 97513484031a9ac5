import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ContactFact,
  type RepresentativeFact,
  representativeInForce,
  resolveRecipient,
} from "../../src/correspondence/resolve-recipient.ts";
import { AppError } from "../../src/shared/errors.ts";

const ON = "2026-03-02";

const clientEmail: ContactFact = {
  kind: "email",
  value: "anh.nguyen@example.com",
  consentSource: "application-form",
  recordedAt: new Date("2026-01-15T14:00:00Z"),
  supersededAt: null,
};
const clientPostal: ContactFact = {
  kind: "postal",
  value: "Apt 4, 212 Rideau Street\nOttawa ON K1N 5Y1",
  consentSource: null,
  recordedAt: new Date("2026-01-15T14:00:00Z"),
  supersededAt: null,
};
const lawyer: RepresentativeFact = {
  name: "Me Sophie Tremblay, avocate",
  email: "s.tremblay@tremblay-immigration.ca",
  postalAddress: "1200 boul. René-Lévesque O., bureau 300\nMontréal QC H3B 4W8",
  validFrom: "2026-02-01",
  validTo: null,
  recordedAt: new Date("2026-02-01T15:30:00Z"),
};

test("a representative's email on an IMM 5476 in force wins over the client's own email", () => {
  const recipient = resolveRecipient({
    onDate: ON,
    representatives: [lawyer],
    contacts: [clientEmail, clientPostal],
  });
  assert.deepEqual(recipient, {
    channel: "email",
    address: "s.tremblay@tremblay-immigration.ca",
    addressee: "representative",
    representativeName: "Me Sophie Tremblay, avocate",
  });
});

test("the representative's email wins even when the client never consented to email", () => {
  const noConsent = { ...clientEmail, consentSource: null };
  const recipient = resolveRecipient({ onDate: ON, representatives: [lawyer], contacts: [noConsent] });
  assert.equal(recipient.address, "s.tremblay@tremblay-immigration.ca");
});

test("the client's current email is used when there is no representative and consent was given", () => {
  for (const consentSource of ["application-form", "imm5476", "client-wrote-first"]) {
    const recipient = resolveRecipient({
      onDate: ON,
      representatives: [],
      contacts: [{ ...clientEmail, consentSource }, clientPostal],
    });
    assert.deepEqual(recipient, {
      channel: "email",
      address: "anh.nguyen@example.com",
      addressee: "client",
      consentSource,
    });
  }
});

test("a superseded email is never used: the latest address is the one that counts", () => {
  const old = {
    ...clientEmail,
    value: "anh.n@oldmail.example",
    supersededAt: new Date("2026-02-20T09:00:00Z"),
  };
  const current = {
    ...clientEmail,
    value: "thi.anh.nguyen@example.org",
    consentSource: "client-wrote-first",
    recordedAt: new Date("2026-02-20T09:00:00Z"),
  };
  const recipient = resolveRecipient({ onDate: ON, representatives: [], contacts: [old, current] });
  assert.equal(recipient.address, "thi.anh.nguyen@example.org");
});

test("when only a superseded email had consent, the client gets paper mail", () => {
  const old = { ...clientEmail, supersededAt: new Date("2026-02-20T09:00:00Z") };
  const current = {
    ...clientEmail,
    value: "new@example.org",
    consentSource: null,
    recordedAt: old.supersededAt,
  };
  const recipient = resolveRecipient({
    onDate: ON,
    representatives: [],
    contacts: [old, current, clientPostal],
  });
  assert.deepEqual(recipient, { channel: "paper", address: clientPostal.value, addressee: "client" });
});

test("an email without consent means paper mail to the client's current postal address", () => {
  const recipient = resolveRecipient({
    onDate: ON,
    representatives: [],
    contacts: [{ ...clientEmail, consentSource: null }, clientPostal],
  });
  assert.equal(recipient.channel, "paper");
  assert.equal(recipient.address, "Apt 4, 212 Rideau Street\nOttawa ON K1N 5Y1");
});

test("an unknown consent source is not consent", () => {
  const recipient = resolveRecipient({
    onDate: ON,
    representatives: [],
    contacts: [{ ...clientEmail, consentSource: "officer-guess" }, clientPostal],
  });
  assert.equal(recipient.channel, "paper");
});

test("a representative with a postal address only gets the paper mail when the client has no consented email", () => {
  const byPost = { ...lawyer, email: null };
  const recipient = resolveRecipient({ onDate: ON, representatives: [byPost], contacts: [clientPostal] });
  assert.deepEqual(recipient, {
    channel: "paper",
    address: "1200 boul. René-Lévesque O., bureau 300\nMontréal QC H3B 4W8",
    addressee: "representative",
    representativeName: "Me Sophie Tremblay, avocate",
  });
});

test("a representative with a postal address only does not take the client's consented email away", () => {
  const byPost = { ...lawyer, email: null };
  const recipient = resolveRecipient({
    onDate: ON,
    representatives: [byPost],
    contacts: [clientEmail, clientPostal],
  });
  assert.equal(recipient.channel, "email");
  assert.equal(recipient.address, "anh.nguyen@example.com");
});

test("a representative's form is in force on its first and last day, not before or after", () => {
  const bounded = { ...lawyer, validFrom: "2026-02-01", validTo: "2026-03-02" };
  const facts = { representatives: [bounded], contacts: [clientEmail] };
  assert.equal(resolveRecipient({ ...facts, onDate: "2026-02-01" }).addressee, "representative");
  assert.equal(resolveRecipient({ ...facts, onDate: "2026-03-02" }).addressee, "representative");
  assert.equal(resolveRecipient({ ...facts, onDate: "2026-01-31" }).addressee, "client");
  assert.equal(resolveRecipient({ ...facts, onDate: "2026-03-03" }).addressee, "client");
});

test("an expired representative's postal address is not used; the client's is", () => {
  const expired = { ...lawyer, email: null, validTo: "2026-02-28" };
  const recipient = resolveRecipient({ onDate: ON, representatives: [expired], contacts: [clientPostal] });
  assert.deepEqual(recipient, { channel: "paper", address: clientPostal.value, addressee: "client" });
});

test("of two forms in force, the one that took effect last wins", () => {
  const newer = {
    ...lawyer,
    name: "Daniel Okafor, RCIC",
    email: "daniel@okafor-rcic.ca",
    validFrom: "2026-02-25",
    recordedAt: new Date("2026-02-25T16:00:00Z"),
  };
  const recipient = resolveRecipient({ onDate: ON, representatives: [newer, lawyer], contacts: [] });
  assert.equal(recipient.address, "daniel@okafor-rcic.ca");
  assert.equal(representativeInForce([lawyer, newer], ON)?.name, "Daniel Okafor, RCIC");
});

test("of two forms taking effect the same day, the one recorded last wins", () => {
  const later = {
    ...lawyer,
    email: "bureau@tremblay-immigration.ca",
    recordedAt: new Date("2026-02-01T18:00:00Z"),
  };
  assert.equal(representativeInForce([later, lawyer], ON)?.email, "bureau@tremblay-immigration.ca");
});

test("blank addresses count as no address", () => {
  const blank = { ...lawyer, email: "  ", postalAddress: "" };
  const recipient = resolveRecipient({ onDate: ON, representatives: [blank], contacts: [clientPostal] });
  assert.deepEqual(recipient, { channel: "paper", address: clientPostal.value, addressee: "client" });
});

test("with no address at all, the officer is told to record one first", () => {
  assert.throws(
    () =>
      resolveRecipient({
        onDate: ON,
        representatives: [{ ...lawyer, validTo: "2026-02-10" }],
        contacts: [{ ...clientEmail, consentSource: null }],
      }),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === "invalid_state" &&
      /no address/i.test(error.message) &&
      /adresse/.test(error.messageFr ?? ""),
  );
});
