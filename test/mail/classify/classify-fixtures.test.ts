import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Classification, classifyMessage } from "../../../src/mail/classify-message.ts";

// Each fixture is a message written for these tests in the shape the named mail server produces;
// the expectations are what an officer relies on: was it delivered, to whom not, and which
// correspondence it was.
const FIXTURES = fileURLToPath(new URL("../../fixtures/bounces/", import.meta.url));

type Expected = Omit<Classification, "reason" | "recipients"> & {
  recipients: { address: string; status: string | null; permanent: boolean; diagnostic?: string | null }[];
  reason: RegExp;
};

const id = (uuid: string) => ({ originalMessageId: `<${uuid}@dossier.test>`, correspondenceId: uuid });

const EXPECTED: Record<string, Expected> = {
  "postfix-user-unknown.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "m.okafor@example.com",
        status: "5.1.1",
        permanent: true,
        diagnostic:
          "550 5.1.1 <m.okafor@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
      },
    ],
    ...id("3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42"),
    reason: /^RFC 3464 delivery status notification from Postfix: 1 failed$/,
  },
  "postfix-delayed.eml": {
    kind: "delay",
    recipients: [
      {
        address: "p.singh@example.net",
        status: "4.2.2",
        permanent: false,
        diagnostic: "452 4.2.2 <p.singh@example.net>: mailbox over quota, try again later",
      },
    ],
    ...id("9b1e4d27-2c3a-4f8e-b6d1-0a7c5e3f2d18"),
    reason: /from Postfix: 1 delayed$/,
  },
  "sendmail-dsn-mixed-recipients.eml": {
    kind: "bounce",
    recipients: [
      { address: "l.tremblay@example.org", status: "5.1.1", permanent: true },
      { address: "avocat@cabinet.example", status: "4.4.1", permanent: false },
      { address: "r.nguyen@example.com", status: "2.0.0", permanent: false, diagnostic: null },
    ],
    ...id("c4a7e2b9-5d1f-4e6a-8c3b-1f9d0e7a6b25"),
    reason: /from Sendmail: 1 failed, 1 delayed, 1 delivered or relayed$/,
  },
  "sendmail-legacy-text.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "j.moreau@example.com",
        status: "5.0.0",
        permanent: true,
        diagnostic: "550 <j.moreau@example.com>... User unknown",
      },
    ],
    // Sent from an officer's desk client, not by the dispatcher: not a correspondence id.
    originalMessageId: "<200404021912.i32JC5a01233@desk7.dossier.test>",
    correspondenceId: null,
    reason: /^bounce in Sendmail's wording/,
  },
  "exim-text-permanent.eml": {
    kind: "bounce",
    recipients: [{ address: "a.haddad@example.org", status: "5.1.1", permanent: true }],
    ...id("5a2f9c1d-3e7b-4d8a-a6f2-8c0b1e9d4a73"),
    reason: /^bounce in Exim's wording: 1 recipient/,
  },
  "exim-delay-warning.eml": {
    kind: "delay",
    recipients: [{ address: "k.osei@example.net", status: "4.4.3", permanent: false }],
    // Exim's warning returns nothing of the message: only VERP could name the correspondence.
    originalMessageId: null,
    correspondenceId: null,
    reason: /^delay warning in Exim's wording/,
  },
  "exim-dsn-two-failures.eml": {
    kind: "bounce",
    recipients: [
      // Exim writes "Status: 5.0.0"; the remote server's precise code is taken from Diagnostic-Code.
      { address: "f.benali@example.com", status: "5.1.1", permanent: true },
      {
        address: "c.dubois@example.org",
        status: "5.2.2",
        permanent: true,
        diagnostic: "552 5.2.2 Mailbox full: c.dubois@example.org has exceeded the storage limit",
      },
    ],
    ...id("e2b6f1a9-4c8d-4e3f-b7a5-9d2c6e1f8a36"),
    reason: /from Exim: 2 failed$/,
  },
  "qmail-failure-notice.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "t.ivanova@example.net",
        status: "5.1.1",
        permanent: true,
        diagnostic: "Sorry, no mailbox here by that name. (#5.1.1)",
      },
    ],
    ...id("8c3e5a7f-1b9d-4c2e-9f6a-2e4d8b0c7a19"),
    reason: /^bounce in qmail's wording/,
  },
  "yahoo-failure-notice.eml": {
    kind: "bounce",
    recipients: [{ address: "g.fernandes@yahoo.example", status: "5.1.1", permanent: true }],
    ...id("5d7f9b1c-3e5a-4f7b-a9d1-1b3d5f7b9e46"),
    reason: /^bounce in Yahoo's wording/,
  },
  "exchange-2010-text-only.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "h.schultz@corp.example.org",
        status: "5.1.1",
        permanent: true,
        diagnostic: "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
      },
    ],
    ...id("2d9f7b4c-6e1a-4b8d-a3c5-7f0e2d9b1c58"),
    reason: /^bounce in Microsoft Exchange's wording/,
  },
  "office365-recipient-not-found.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "l.ahmed@clinic.example.com",
        status: "5.1.10",
        permanent: true,
        diagnostic:
          "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient l.ahmed@clinic.example.com not found by SMTP address lookup",
      },
    ],
    ...id("b7a1c3e5-9f2d-4a6b-8e4c-0d6f1a3b5c92"),
    reason: /from Microsoft Exchange: 1 failed$/,
  },
  "exchange-fr-non-remis.eml": {
    kind: "bounce",
    recipients: [{ address: "s.gagnon@ville.example", status: "5.1.1", permanent: true }],
    ...id("46e8a2c0-3d5f-4b7a-9c1e-6a8b2d4f0e13"),
    reason: /from Microsoft Exchange: 1 failed$/,
  },
  "office365-fr-text-only.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "marc.roy@etude.example",
        status: "5.1.10",
        permanent: true,
        diagnostic:
          "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient marc.roy@etude.example not found by SMTP address lookup",
      },
    ],
    ...id("b2d4f6a8-0c2e-4a4c-8e6a-0c2e4a6c8e13"),
    reason: /^bounce in Microsoft Exchange's wording/,
  },
  "fr-isp-echec-remise.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "nadia.lefebvre@courriel.example",
        // No code in the notice: "Boîte aux lettres pleine" after the server gave up.
        status: "5.2.2",
        permanent: true,
        diagnostic: "Boîte aux lettres pleine : le destinataire a dépassé son espace de stockage.",
      },
    ],
    ...id("d3f5b7a9-1c3e-4d5f-a7b9-2c4e6f8a0b31"),
    reason: /^bounce recognised by its subject, sender or wording/,
  },
  "gmail-address-not-found.eml": {
    kind: "bounce",
    recipients: [{ address: "d.kowalski@example.org", status: "5.1.1", permanent: true }],
    ...id("a9c1e3f5-7b9d-4f1a-b3c5-8e0a2c4e6d77"),
    reason: /from Gmail: 1 failed$/,
  },
  "gmail-text-only-remote-server.eml": {
    kind: "bounce",
    recipients: [{ address: "r.castillo@example.com", status: "5.7.1", permanent: true }],
    // No copy of the message: Gmail's References header names it.
    ...id("6f8a0c2e-4b6d-4e8f-9a1c-3e5a7c9e1b04"),
    reason: /^bounce in Gmail's wording/,
  },
  "gmail-legacy-failed-permanently.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "e.rossi@example.net",
        status: "5.2.1",
        permanent: true,
        diagnostic: "550 5.2.1 <e.rossi@example.net>... Mailbox disabled for this recipient",
      },
    ],
    ...id("7e9b2d4f-6a8c-4e0b-9d2f-4b6d8f0a2c35"),
    reason: /^bounce in Gmail's wording/,
  },
  "gmail-delay.eml": {
    kind: "delay",
    recipients: [{ address: "w.zhang@example.com", status: "4.2.2", permanent: false }],
    ...id("1b3d5f7a-9c1e-4a3b-8d5f-6a8c0e2a4c95"),
    reason: /from Gmail: 1 delayed$/,
  },
  "ses-dsn.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "b.mensah@example.net",
        status: "5.1.1",
        permanent: true,
        diagnostic: "550 5.1.1 user unknown",
      },
    ],
    ...id("f0a2c4e6-8b0d-4c2e-a4f6-9b1d3f5a7c28"),
    reason: /from Amazon SES: 1 failed$/,
  },
  "ses-sns-bounce-json.eml": {
    kind: "bounce",
    recipients: [{ address: "y.tanaka@example.com", status: "5.1.1", permanent: true }],
    ...id("3c5e7a9b-1d3f-4e5a-b7c9-0a2c4e6a8b51"),
    reason: /^Amazon SES Permanent\/General notification$/,
  },
  "ses-sns-complaint-json.eml": {
    kind: "complaint",
    recipients: [{ address: "o.petrenko@example.org", status: null, permanent: false, diagnostic: "abuse" }],
    ...id("8e0a2c4d-6f8b-4d0e-9b2d-4f6a8c0e2d63"),
    reason: /^Amazon SES Complaint\/abuse notification$/,
  },
  "global-dsn-utf8-address.eml": {
    kind: "bounce",
    recipients: [{ address: "jérôme.côté@exemple-courriel.example", status: "5.1.1", permanent: true }],
    ...id("0a2c4e6f-8b0d-4e2f-b4a6-5c7e9a1c3f82"),
    reason: /^RFC 6533 global delivery status notification from Postfix: 1 failed$/,
  },
  "arf-complaint.eml": {
    kind: "complaint",
    recipients: [
      { address: "v.kaur@example.net", status: null, permanent: false, diagnostic: "Feedback-Type: abuse" },
    ],
    ...id("7b9d1f3a-5c7e-4a9b-8f1d-2e4a6c8e0a57"),
    reason: /^RFC 5965 feedback report \(Feedback-Type: abuse\)$/,
  },
  "auto-reply-out-of-office-en.eml": {
    kind: "auto-reply",
    recipients: [],
    ...id("4e6a8c0b-2d4f-4b6c-9e0a-7c9e1a3c5b39"),
    reason: /Auto-Submitted: auto-generated \(RFC 3834\)/,
  },
  "auto-reply-fr-absence.eml": {
    kind: "auto-reply",
    recipients: [],
    ...id("9f1b3d5e-7a9c-4d1e-a3b5-3d5f7b9d1f64"),
    reason: /subject "Réponse automatique : Absence du bureau"/,
  },
  "auto-reply-autoresponder-headers.eml": {
    kind: "auto-reply",
    recipients: [],
    ...id("2a4c6e8a-0b2d-4e4a-8c6e-8a0c2e4a6b17"),
    reason: /x-autorespond header/,
  },
  "mdn-read-receipt.eml": {
    kind: "auto-reply",
    recipients: [],
    ...id("0c2e4a6b-8d0f-4c2a-a6b8-1e3a5c7e9b84"),
    reason: /^read receipt \(RFC 8098.*not evidence that the email was received$/,
  },
  "human-reply.eml": {
    kind: "other",
    recipients: [],
    // A person's reply still says which correspondence it answers.
    ...id("6c8e0a2b-4d6f-4a8b-b0d2-4f6b8d0f2a75"),
    reason: /^no sign of an automatic message$/,
  },
  "human-reply-quoting-bounce.eml": {
    kind: "other",
    recipients: [],
    originalMessageId: null,
    correspondenceId: null,
    reason: /^no sign of an automatic message$/,
  },
  "success-dsn-delivered.eml": {
    kind: "other",
    recipients: [{ address: "g.papadopoulos@example.com", status: "2.0.0", permanent: false }],
    ...id("9d1f3b5a-7c9e-4b1d-83f5-2a4c6e8a0d16"),
    reason: /1 delivered or relayed \(a success notice\)$/,
  },
  "verp-bounce-without-original.eml": {
    kind: "bounce",
    recipients: [{ address: "u.bello@example.com", status: "5.1.1", permanent: true }],
    originalMessageId: null,
    correspondenceId: "3e5a7c9d-1f3b-4d5e-87a9-9c1e3a5c7f20",
    reason: /from Postfix: 1 failed$/,
  },
  "truncated-postfix-report.eml": {
    kind: "bounce",
    recipients: [{ address: "i.mendes@example.net", status: "5.1.1", permanent: true }],
    ...id("8a0c2e4f-6b8d-4f0a-92c4-5e7a9c1e3b06"),
    reason: /1 failed; the message is truncated or malformed/,
  },
  "truncated-inside-status.eml": {
    kind: "bounce",
    // The status part stops at "Status: 5.0"; the readable part supplies the code and the
    // recipient the status part lost.
    recipients: [
      { address: "f.benali@example.com", status: "5.1.1", permanent: true },
      { address: "c.dubois@example.org", status: "5.2.2", permanent: true },
    ],
    ...id("5f7a9c1e-3b5d-4f7a-8c1e-3b5d7f9a1c52"),
    reason: /from Exim: 2 failed; the message is truncated or malformed/,
  },
  "malformed-no-blank-line.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "q.nakamura@example.com",
        status: null,
        permanent: true,
        diagnostic: "retry timeout exceeded",
      },
    ],
    ...id("1f3b5d7f-9a1c-4e3b-a5d7-f9b1d3f5a7c9"),
    reason: /^bounce in Exim's wording/,
  },
  "eight-bit-headers-unknown-charset.eml": {
    kind: "bounce",
    recipients: [
      {
        address: "h.lambert@example.org",
        status: "5.1.1",
        permanent: true,
        diagnostic: 'unknown user: "h.lambert"',
      },
    ],
    ...id("e5a7c9e1-3b5d-4f7a-b9c1-6d8f0b2d4e48"),
    reason: /from Postfix: 1 failed$/,
  },
  "binary-garbage.bin": {
    kind: "other",
    recipients: [],
    originalMessageId: null,
    correspondenceId: null,
    reason: /^no header fields: not an RFC 5322 message$/,
  },
};

test("every fixture has an expectation and every expectation a fixture", () => {
  assert.deepEqual(readdirSync(FIXTURES).sort(), Object.keys(EXPECTED).sort());
  assert.ok(Object.keys(EXPECTED).length >= 25);
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`${file} is ${expected.kind}`, async () => {
    const c = await classifyMessage(readFileSync(FIXTURES + file));
    assert.equal(c.kind, expected.kind, c.reason);
    assert.equal(c.recipients.length, expected.recipients.length, JSON.stringify(c.recipients));
    expected.recipients.forEach((want, i) => {
      const got = c.recipients[i]!;
      assert.equal(got.address, want.address);
      assert.equal(got.status, want.status, `status of ${want.address}`);
      assert.equal(got.permanent, want.permanent, `permanent for ${want.address}`);
      if (want.diagnostic !== undefined) assert.equal(got.diagnostic, want.diagnostic);
    });
    assert.equal(c.originalMessageId, expected.originalMessageId);
    assert.equal(c.correspondenceId, expected.correspondenceId);
    assert.match(c.reason, expected.reason);
  });
}

test("a bounce of an outgoing correspondence is a bounce even though it is also auto-generated", async () => {
  // RFC 3834 marks (Auto-Submitted: auto-replied) are on most DSNs; they must not make it an auto-reply.
  const raw = readFileSync(`${FIXTURES}postfix-user-unknown.eml`, "latin1");
  assert.match(raw, /^Auto-Submitted: auto-replied/m);
  assert.equal((await classifyMessage(Buffer.from(raw, "latin1"))).kind, "bounce");
});

test("the envelope recipient of a VERP return path names the correspondence when the message does not", async () => {
  const raw = readFileSync(`${FIXTURES}exim-delay-warning.eml`);
  const c = await classifyMessage(raw, {
    envelopeTo: ["bounces+71d4b8e3-9a6c-4f2d-8e1b-5c3a7f0d9e84@dossier.test"],
  });
  assert.equal(c.kind, "delay");
  assert.equal(c.correspondenceId, "71d4b8e3-9a6c-4f2d-8e1b-5c3a7f0d9e84");
});
