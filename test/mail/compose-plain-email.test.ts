import assert from "node:assert/strict";
import { test } from "node:test";
import { simpleParser } from "mailparser";
import { composePlainEmail, type PlainEmail } from "../../src/mail/compose-plain-email.ts";
import { composeWithMailComposer } from "../../src/mail/compose-with-mail-composer.ts";

const base: PlainEmail = {
  fromName: "Bureau d'Ottawa",
  fromAddress: "ottawa@dossier.example",
  to: "anh.nguyen@example.com",
  subject: "Demande de documents supplémentaires — dossier V000012345",
  text: "Madame Nguyễn,\n\nVeuillez nous faire parvenir vos relevés.\n",
  messageId: "<3f2b9c1e-7d1a-4c55-9a8e-0c3f6d1b2a90@dossier.example>",
  date: new Date("2026-03-02T15:04:05Z"),
  contentLanguage: "fr-CA",
};

// Each case changes one thing a letter can hold: names that need quoting or encoding, header
// injection attempts, long and short lines, 7-bit and 8-bit text, a lone dot, trailing spaces.
const cases: [string, Partial<PlainEmail>][] = [
  ["a French letter", {}],
  ["an English office name of plain words", { fromName: "Ottawa office", contentLanguage: "en-CA" }],
  ["a name with a comma and quotes", { fromName: 'Office "OTT", Ottawa' }],
  ["a name with a backslash", { fromName: "Bureau \\ OTT" }],
  ["a name carrying a header injection", { fromName: "Bureau\r\nBcc: victim@example.com" }],
  [
    "a subject carrying a header injection",
    { subject: "Approval\r\nBcc: victim@example.com\nX-Injected: yes" },
  ],
  ["a subject with a control character", { subject: "Approval\u0007 of your file" }],
  ["an empty subject", { subject: "" }],
  ["a very long subject", { subject: `Approval of your application ${"and more words ".repeat(20)}` }],
  [
    "a long French subject",
    { subject: `Décision concernant votre demande ${"de résidence permanente ".repeat(8)}` },
  ],
  ["short ASCII lines (7bit)", { text: "Dear applicant,\n\nPlease send your passport.\n\nOttawa office" }],
  [
    "an ASCII line over 76 characters",
    { text: `Dear applicant,\n${"Please keep this letter. ".repeat(8)}\n` },
  ],
  ["a line holding only a dot", { text: "Bonjour,\n.\nFin\n" }],
  ["trailing spaces and tabs", { text: "Ligne avec espace \nTab\t\nFin" }],
  ["a body of accents only on long lines", { text: `${"Référence à été reçue ".repeat(30)}\n` }],
  ["a name in Vietnamese", { fromName: "Văn phòng Ottawa" }],
  [
    "a long letter of many paragraphs, past the encoder's chunk size",
    {
      text: `${"Nous avons bien reçu votre demande; veuillez trouver ci-dessous les pièces à fournir.\n\n".repeat(400)}Fin`,
    },
  ],
  [
    "a long ASCII letter",
    { text: `${"We received your application and need the documents below.\n".repeat(500)}End` },
  ],
  ["an equals sign and soft-break look-alikes", { text: "Montant = 100 $\n=\n=20\nfin=" }],
];

for (const [name, change] of cases) {
  test(`composes byte for byte as MailComposer: ${name}`, async () => {
    const email = { ...base, ...change };
    const fast = composePlainEmail(email);
    assert.ok(fast, "the common case is composed without MailComposer");
    const reference = await composeWithMailComposer(email);
    assert.equal(fast.toString("latin1"), reference.toString("latin1"));
  });
}

const enquirerId = "<CAF=x9k2mQ+3b@mail.gmail.example>";
// An answer to an enquiry: threaded on the enquirer's message, and marked automatic when no person wrote it.
const threadCases: [string, Partial<PlainEmail>][] = [
  [
    "an automatic reply in a thread",
    { inReplyTo: enquirerId, references: [enquirerId], autoSubmitted: "auto-replied" },
  ],
  ["a reply written by a person (no Auto-Submitted)", { inReplyTo: enquirerId, references: [enquirerId] }],
  ["an In-Reply-To without References", { inReplyTo: enquirerId }],
  ["an empty References list", { inReplyTo: enquirerId, references: [] }],
  ["no thread at all, automatic", { inReplyTo: null, autoSubmitted: "auto-replied" }],
  [
    "a long thread whose References folds over several lines",
    {
      inReplyTo: enquirerId,
      references: Array.from({ length: 12 }, (_, i) => `<message.${i}.7d1a4c559a8e@mail.example.org>`),
      autoSubmitted: "auto-replied",
    },
  ],
];

for (const [name, change] of threadCases) {
  test(`composes byte for byte as MailComposer with the same headers: ${name}`, async () => {
    const email = { ...base, ...change };
    const fast = composePlainEmail(email);
    assert.ok(fast, "the common case is composed without MailComposer");
    const reference = await composeWithMailComposer(email);
    assert.equal(fast.toString("latin1"), reference.toString("latin1"));
  });
}

test("the thread and Auto-Submitted headers read back as written", async () => {
  const parsed = await simpleParser(
    composePlainEmail({
      ...base,
      inReplyTo: enquirerId,
      references: ["<first@mail.example>", enquirerId],
      autoSubmitted: "auto-replied",
    })!,
  );
  assert.equal(parsed.inReplyTo, enquirerId);
  assert.deepEqual(parsed.references, ["<first@mail.example>", enquirerId]);
  assert.equal(parsed.headers.get("auto-submitted"), "auto-replied");
});

test("an answered Message-ID that is not plain ASCII is left to MailComposer, which writes it", async () => {
  const email = { ...base, inReplyTo: "<ré@exämple.com>", references: ["<ré@exämple.com>"] };
  assert.equal(composePlainEmail(email), null);
  const parsed = await simpleParser(await composeWithMailComposer(email));
  assert.equal(parsed.inReplyTo, "<ré@exämple.com>");
});

test("an injected Bcc stays inside the Subject and the From name: one header of each, no Bcc", async () => {
  const raw = composePlainEmail({
    ...base,
    fromName: "Bureau\r\nBcc: victim@example.com",
    subject: "Approval\r\nBcc: victim@example.com",
  });
  assert.ok(raw);
  const parsed = await simpleParser(raw);
  assert.equal(parsed.headers.get("bcc"), undefined);
  assert.equal(parsed.subject, "Approval Bcc: victim@example.com");
  // The name keeps its words inside one encoded word of the From header.
  assert.equal(parsed.from?.value.length, 1);
  assert.equal(parsed.from?.value[0]?.address, "ottawa@dossier.example");
  assert.match(parsed.from?.value[0]?.name ?? "", /^Bureau\s+Bcc: victim@example\.com$/);
});

test("what the fast path does not handle is left to MailComposer", () => {
  assert.equal(composePlainEmail({ ...base, to: "anh@exämple.com" }), null, "an address that is not ASCII");
  assert.equal(
    composePlainEmail({ ...base, text: "您好，請提供護照副本。".repeat(3) }),
    null,
    "a text MailComposer sends in base64",
  );
  assert.equal(
    composePlainEmail({ ...base, messageId: "not-an-id" }),
    null,
    "a Message-ID without its angle brackets",
  );
});
