import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addressStatement,
  evidenceStatements,
  formatInstant,
  formatSize,
  mailboxStatements,
} from "../../src/evidence/evidence-wording.ts";
import { sampleFacts as facts } from "./sample-facts.ts";

test("instants are shown in the office's zone, named, in each language, summer time included", () => {
  assert.equal(formatInstant("2026-03-02T15:04:05Z", "America/Toronto", "en"), "2026-03-02 10:04:05 EST");
  assert.equal(formatInstant("2026-03-02T15:04:05Z", "America/Toronto", "fr"), "2026-03-02 10:04:05 HNE");
  assert.equal(formatInstant("2026-07-02T15:04:05Z", "America/Toronto", "en"), "2026-07-02 11:04:05 EDT");
  assert.equal(formatInstant("2026-07-02T15:04:05Z", "America/Vancouver", "fr"), "2026-07-02 08:04:05 HAP");
});

test("sizes read as people say them, with the exact byte count", () => {
  assert.equal(formatSize(516, "en"), "516 bytes");
  assert.equal(formatSize(5451, "fr"), "5,3 Ko, 5451 octets");
  assert.equal(formatSize(4_404_019, "en"), "4.20 MB, 4404019 bytes");
});

test("the sentence on the address says it was the most recent one, when it was", () => {
  assert.equal(
    addressStatement(facts(), "en"),
    "At the time of sending (2026-03-02 10:04:05 EST), the most recent email address on file for the client was marguerite.okafor@example.org, recorded on 2026-02-20 11:30:00 EST (the client wrote to the office first); the message was sent to marguerite.okafor@example.org.",
  );
  assert.equal(
    addressStatement(facts(), "fr"),
    "Au moment de l'envoi (2026-03-02 10:04:05 HNE), l'adresse courriel la plus récente au dossier du client était marguerite.okafor@example.org, enregistrée le 2026-02-20 11:30:00 HNE (le client a écrit au bureau en premier); le message a été envoyé à marguerite.okafor@example.org.",
  );
});

test("and says plainly when it was not", () => {
  const f = facts({
    correspondence: { ...facts().correspondence, address: "m.okafor@example.com" },
    recipient: { ...facts().recipient, addressUsed: "m.okafor@example.com", verdict: "different" },
  });
  f.emailHistory[0]!.usedForThisMessage = true;
  f.emailHistory[1]!.usedForThisMessage = false;
  assert.equal(
    addressStatement(f, "en"),
    "At the time of sending (2026-03-02 10:04:05 EST), the most recent email address on file for the client was marguerite.okafor@example.org, recorded on 2026-02-20 11:30:00 EST; the message was sent to m.okafor@example.com, which is NOT that address: it is an earlier address, superseded on 2026-02-20 11:30:00 EST.",
  );
  const stranger = facts({
    recipient: { ...facts().recipient, addressUsed: "someone@else.example", verdict: "different" },
  });
  stranger.emailHistory[1]!.usedForThisMessage = false;
  assert.match(addressStatement(stranger, "en"), /an address that was never on file for the client\.$/);
});

test("a representative's address is explained by the IMM 5476 in force", () => {
  const f = facts({
    recipient: { ...facts().recipient, addressee: "representative", addressUsed: "s.gagnon@cabinet.example" },
    representative: {
      name: "Maître Sophie Gagnon",
      email: "s.gagnon@cabinet.example",
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
      recordedAt: "2026-01-02T14:00:00.000Z",
    },
  });
  assert.equal(
    addressStatement(f, "fr"),
    "Au moment de l'envoi (2026-03-02 10:04:05 HNE), un formulaire « Recours aux services d'un représentant » (IMM 5476) en vigueur depuis le 2026-01-01 jusqu'au 2026-12-31 désignait Maître Sophie Gagnon, adresse courriel s.gagnon@cabinet.example; toute la correspondance est alors envoyée au représentant. Le message a été envoyé à s.gagnon@cabinet.example.",
  );
});

test("the mailbox search names the period searched, and each notice found", () => {
  assert.deepEqual(mailboxStatements(facts(), "en"), [
    "No undelivered notice for this message was received in the office mailbox (ott@dossier.test) between 2026-03-02 10:04:05 EST and 2026-04-20 09:00:00 EDT.",
  ]);
  const notice = {
    inboundMessageId: "0b1c",
    receivedAt: "2026-03-02T15:04:09.000Z",
    mailbox: "ott@dossier.test",
    from: null,
    subject: "Undelivered Mail Returned to Sender",
    kind: "bounce",
    classifiedNow: false,
    foundBy: ["record-link" as const],
    recipients: [{ address: "marguerite.okafor@example.org", status: "5.1.1", permanent: true }],
    reason: null,
  };
  const reply = {
    ...notice,
    kind: "other",
    subject: "Re: Request for additional documents",
    from: "marguerite.okafor@example.org",
    recipients: [],
  };
  const f = facts({
    undeliveredSearch: { ...facts().undeliveredSearch, notices: [notice], otherMessages: [reply] },
  });
  assert.deepEqual(mailboxStatements(f, "en"), [
    '1 undelivered notice was received for this message in the office mailbox (ott@dossier.test) between 2026-03-02 10:04:05 EST and 2026-04-20 09:00:00 EDT: undelivered notice "Undelivered Mail Returned to Sender", received 2026-03-02 10:04:09 EST (marguerite.okafor@example.org 5.1.1).',
    'Other messages received that refer to this message (not undelivered notices): message from marguerite.okafor@example.org "Re: Request for additional documents", received 2026-03-02 10:04:09 EST.',
  ]);
});

test("the findings open with the server's acceptance, and say when the record holds nothing of the message", () => {
  const [sending, message] = evidenceStatements(
    facts({
      smtp: { ...facts().smtp, resentCount: 1 },
      correspondence: { ...facts().correspondence, attempts: 2 },
    }),
    "en",
  );
  assert.equal(
    sending,
    'The office\'s mail server accepted the message for marguerite.okafor@example.org on 2026-03-02 10:04:05 EST, replying "250 2.0.0 Ok: queued as 4F2A1", on attempt 2. It was re-sent 1 time with the same Message-ID after an interrupted send; the recipient may hold more than one copy.',
  );
  assert.match(message ?? "", /this package cannot show what was sent\.$/);
});
