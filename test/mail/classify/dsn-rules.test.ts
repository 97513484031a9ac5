import assert from "node:assert/strict";
import { test } from "node:test";
import { angleParagraphs, cleanAddress, indentedEntries } from "../../../src/mail/dsn/bounce-text.ts";
import {
  decodeCharset,
  decodeEncodedWords,
  decodeQuotedPrintable,
  htmlToText,
} from "../../../src/mail/dsn/decode-mime-text.ts";
import { detectAutoReply } from "../../../src/mail/dsn/detect-auto-reply.ts";
import { parseStatusField, statusFromWording, statusInText } from "../../../src/mail/dsn/enhanced-status.ts";
import {
  correspondenceIdFromMessageId,
  correspondenceIdFromVerp,
} from "../../../src/mail/dsn/find-correspondence-id.ts";
import { type HeaderField, parseMime } from "../../../src/mail/dsn/parse-mime.ts";
import { fieldAddress, parseDeliveryStatus } from "../../../src/mail/dsn/parse-rfc3464.ts";
import { messageIdOf } from "../../../src/mail/dsn/read-report-parts.ts";

const UUID = "3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42";

test("RFC 3463 codes are found in free text, and addresses or versions are not taken for them", () => {
  assert.equal(statusInText("host mx said: 550 5.1.1 <a@example.com>: User unknown"), "5.1.1");
  assert.equal(statusInText("Sorry, no mailbox here by that name. (#5.1.1)"), "5.1.1");
  assert.equal(statusInText("550 5.1.10 RESOLVER.ADR.RecipientNotFound"), "5.1.10");
  assert.equal(statusInText("host mx.example.net [192.0.2.1]: 550 User unknown"), "5.0.0");
  assert.equal(statusInText("Exim 4.96.1 could not connect to 203.0.113.4"), null);
  assert.equal(statusInText("421 Service not available, closing channel"), "4.0.0");
  assert.equal(statusInText("nothing to see"), null);
  assert.equal(statusInText(null), null);
});

test("a Status field is validated and normalised", () => {
  assert.equal(parseStatusField("5.1.1"), "5.1.1");
  assert.equal(parseStatusField(" 4.4.7 (delivery time expired)"), "4.4.7");
  assert.equal(parseStatusField("5.01.001"), "5.1.1");
  assert.equal(parseStatusField("5.1"), null);
  assert.equal(parseStatusField("failed"), null);
  assert.equal(parseStatusField(null), null);
});

test("a status is guessed from wording only for what an office acts on, in the class the notice implies", () => {
  assert.equal(statusFromWording("Mailbox full, try later", false), "4.2.2");
  assert.equal(statusFromWording("La boîte aux lettres est pleine", true), "5.2.2");
  assert.equal(statusFromWording("Utilisateur inconnu", true), "5.1.1");
  assert.equal(statusFromWording("The email account that you tried to reach does not exist", true), "5.1.1");
  assert.equal(statusFromWording("Domain not found", true), "5.1.2");
  assert.equal(statusFromWording("Please call us", true), null);
});

test("DSN recipient groups are split right even without blank lines, in either field order", () => {
  const status = parseDeliveryStatus(
    [
      "Reporting-MTA: dns; mx.example.org",
      "X-Postfix-Sender: rfc822; ottawa@dossier.test",
      "Final-Recipient: rfc822; first@example.com",
      "Original-Recipient: rfc822;first@example.com",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 <first@example.com>:",
      "    Recipient address rejected",
      "Original-Recipient: rfc822;second@example.com",
      "Final-Recipient: rfc822; forwarded@example.net",
      "Action: delayed",
      "Status: 4.4.1",
    ].join("\r\n"),
  );
  assert.deepEqual(
    status.perMessage.map((f) => f.name),
    ["reporting-mta", "x-postfix-sender"],
  );
  assert.deepEqual(
    status.recipients.map((r) => [r.address, r.action, r.status, r.diagnostic]),
    [
      ["first@example.com", "failed", "5.1.1", "550 5.1.1 <first@example.com>: Recipient address rejected"],
      // The address the office sent to, not where a forward led.
      ["second@example.com", "delayed", "4.4.1", null],
    ],
  );
  assert.equal(status.recipients[1]?.finalRecipient, "forwarded@example.net");
});

test("a DSN recipient without Action or Status takes them from the Diagnostic-Code", () => {
  const [r] = parseDeliveryStatus(
    "Final-Recipient: rfc822; a@example.com\nDiagnostic-Code: smtp; 552 5.2.2 full\n",
  ).recipients;
  assert.deepEqual([r?.action, r?.status], ["failed", "5.2.2"]);
});

test("DSN addresses: utf-8 escapes decoded (RFC 6533), rfc822 addresses kept as written", () => {
  assert.equal(fieldAddress("utf-8; j\\x{E9}r\\x{F4}me@exemple.example"), "jérôme@exemple.example");
  assert.equal(fieldAddress("rfc822;<a@example.com>"), "a@example.com");
  assert.equal(fieldAddress("a@example.com"), "a@example.com");
  assert.equal(fieldAddress(`rfc822; bounces+${UUID}@dossier.test`), `bounces+${UUID}@dossier.test`);
  assert.equal(fieldAddress("rfc822;"), null);
});

test("the correspondence id comes only from a well-formed <uuid@domain> Message-ID", () => {
  assert.equal(correspondenceIdFromMessageId(`<${UUID}@dossier.test>`), UUID);
  assert.equal(correspondenceIdFromMessageId(`<${UUID.toUpperCase()}@dossier.test>`), UUID);
  assert.equal(correspondenceIdFromMessageId(`<${UUID}.x@dossier.test>`), null);
  assert.equal(correspondenceIdFromMessageId("<3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f4@dossier.test>"), null);
  assert.equal(correspondenceIdFromMessageId("<3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1fzz@dossier.test>"), null);
  assert.equal(correspondenceIdFromMessageId(`${UUID}@dossier.test`), null);
  assert.equal(correspondenceIdFromMessageId(null), null);
});

test("the correspondence id comes from a VERP address in its plain or classic form", () => {
  assert.equal(correspondenceIdFromVerp(`bounces+${UUID}@dossier.test`), UUID);
  assert.equal(correspondenceIdFromVerp(`<bounces+${UUID}@dossier.test>`), UUID);
  assert.equal(correspondenceIdFromVerp(`rfc822; bounces+${UUID}@dossier.test`), UUID);
  assert.equal(correspondenceIdFromVerp(`bounces+${UUID}=client=example.com@dossier.test`), UUID);
  assert.equal(correspondenceIdFromVerp("bounces+not-a-uuid@dossier.test"), null);
  assert.equal(correspondenceIdFromVerp(`${UUID}@dossier.test`), null);
  assert.equal(correspondenceIdFromVerp("ottawa@dossier.test"), null);
});

test("a Message-ID written without angle brackets is normalised", () => {
  const headers: HeaderField[] = [{ name: "message-id", value: `${UUID}@dossier.test` }];
  assert.equal(messageIdOf(headers), `<${UUID}@dossier.test>`);
  assert.equal(messageIdOf([{ name: "message-id", value: "not an id" }]), null);
});

test("RFC 2047 words: a character split across words, underscores, unknown charsets", () => {
  // "é" is C3 A9 in UTF-8; some mailers split it across two encoded words.
  assert.equal(
    decodeEncodedWords("=?utf-8?Q?R=C3?= =?utf-8?Q?=A9ponse_automatique?="),
    "Réponse automatique",
  );
  assert.equal(decodeEncodedWords("=?iso-8859-1?Q?=C9chec?= de la remise"), "Échec de la remise");
  assert.equal(decodeEncodedWords("=?UTF-8?B?Tm9uIHJlbWlz?= : dossier"), "Non remis : dossier");
  assert.equal(decodeEncodedWords("=?x-unknown?Q?caf=C3=A9?="), "café");
  assert.equal(decodeEncodedWords("=?utf-8*fr?Q?d=C3=A9j=C3=A0?="), "déjà");
  assert.equal(decodeEncodedWords("plain = not ?= encoded"), "plain = not ?= encoded");
});

test("bodies decode: quoted-printable soft breaks, charsets, unknown charsets", () => {
  assert.equal(decodeQuotedPrintable("recipien=\r\nt's =C3=A9 =ZZ").toString("utf8"), "recipient's é =ZZ");
  assert.equal(decodeCharset(Buffer.from([0x42, 0x6f, 0xee, 0x74, 0x65]), "iso-8859-1"), "Boîte");
  assert.equal(decodeCharset(Buffer.from("Boîte", "utf8"), "x-unknown-8bit"), "Boîte");
  assert.equal(decodeCharset(Buffer.from([0x42, 0x6f, 0xee, 0x74, 0x65]), "x-unknown-8bit"), "Boîte");
});

test("HTML notices become lines of text", () => {
  assert.equal(
    htmlToText(
      "<style>p{}</style><p>Your message to <b>a@example.com</b> couldn&#39;t be delivered.</p><br>Done&nbsp;",
    ),
    "Your message to a@example.com couldn't be delivered.\n\nDone ",
  );
});

test("automatic replies: RFC 3834 marks, common responder headers and subjects, and what is not one", () => {
  const h = (name: string, value: string): HeaderField[] => [{ name, value }];
  assert.match(
    detectAutoReply(h("auto-submitted", "auto-replied (vacation)"), "Re: x") ?? "",
    /auto-replied/,
  );
  assert.equal(detectAutoReply(h("auto-submitted", "no"), "Re: x"), null);
  assert.match(detectAutoReply(h("x-autoreply", "yes"), "x") ?? "", /x-autoreply/);
  assert.equal(detectAutoReply(h("x-autoreply", "no"), "x"), null);
  assert.match(detectAutoReply(h("precedence", "bulk"), "x") ?? "", /bulk/);
  assert.equal(detectAutoReply(h("precedence", "list"), "x"), null);
  assert.equal(detectAutoReply(h("x-auto-response-suppress", "All"), "RE: documents"), null);
  assert.ok(detectAutoReply([], "Out of Office: documents"));
  assert.ok(detectAutoReply([], "Absence du bureau"));
  assert.ok(detectAutoReply([], "Réponse automatique : documents"));
  assert.equal(detectAutoReply([], "Re: Out of office"), null);
});

test("the MIME walk keeps structure: nested parts, padded boundaries, digests, a missing end", () => {
  const root = parseMime(
    Buffer.from(
      [
        'Content-Type: multipart/mixed; boundary="outer"',
        "",
        "preamble",
        "--outer  ",
        "Content-Type: multipart/digest; boundary=inner",
        "",
        "--inner",
        "",
        "Message-ID: <one@example.com>",
        "",
        "first",
        "--inner--",
        "--outer",
        'Content-Type: text/plain; charset="utf-8"',
        "",
        "cut off here",
      ].join("\r\n"),
    ),
  );
  assert.equal(root.truncated, true);
  assert.deepEqual(
    root.children.map((c) => c.contentType),
    ["multipart/digest", "text/plain"],
  );
  const digested = root.children[0]?.children[0];
  assert.equal(digested?.contentType, "message/rfc822");
  assert.equal(digested?.message?.headers[0]?.value, "<one@example.com>");
});

test("notice text shapes: addresses alone on indented lines, and <address>: paragraphs", () => {
  assert.deepEqual(
    indentedEntries([
      "",
      "  a@example.com",
      "    550 5.1.1 unknown",
      "  b@example.org: 452 4.2.2 full",
      "Next",
    ]),
    [
      { address: "a@example.com", status: "5.1.1", diagnostic: "550 5.1.1 unknown" },
      { address: "b@example.org", status: "4.2.2", diagnostic: "452 4.2.2 full" },
    ],
  );
  assert.deepEqual(angleParagraphs("<a@example.com>: host mx said: 550 5.1.1\n    no such user\n\nafter"), [
    { address: "a@example.com", status: "5.1.1", diagnostic: "host mx said: 550 5.1.1 no such user" },
  ]);
  assert.equal(cleanAddress("<a@example.com>:"), "a@example.com");
  assert.equal(cleanAddress("'a@example.com'."), "a@example.com");
  assert.equal(cleanAddress("mx.example.com"), null);
});
