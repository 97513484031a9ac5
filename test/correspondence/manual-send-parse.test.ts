import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { parseSavedMessage } from "../../src/mail/parse-saved-message.ts";
import { AppError } from "../../src/shared/errors.ts";
import { buildOutlookMsg } from "../fixtures/saved-messages/outlook-msg.ts";

const fixture = (name: string) => readFile(new URL(`../fixtures/saved-messages/${name}`, import.meta.url));

test("an Outlook .msg saved from the Sent folder gives its recipients, time, subject, Message-ID, text and attachments", async () => {
  const message = await parseSavedMessage("request.msg", await fixture("request-for-documents.msg"));
  assert.deepEqual(
    {
      format: message.format,
      from: message.from,
      fromText: message.fromText,
      to: message.to,
      toText: message.toText,
      date: message.date?.toISOString(),
      subject: message.subject,
      messageId: message.messageId,
      attachments: message.attachments,
    },
    {
      format: "msg",
      from: "ott@dossier.test",
      fromText: "Bureau OTT <ott@dossier.test>",
      to: ["anh.nguyen@example.com"],
      toText: "Thị Ánh Nguyễn <anh.nguyen@example.com>",
      date: "2026-03-02T15:04:05.000Z",
      subject: "Demande de documents – dossier V000000001",
      messageId: "<DM6PR11MB4691C3A1F2B34E5A9D1E0B7A8C2F9@DM6PR11MB4691.namprd11.prod.outlook.com>",
      attachments: [{ fileName: "liste-des-documents.pdf", mediaType: "application/pdf", size: 125 }],
    },
  );
  assert.equal(
    message.text.split("\n")[0],
    "Madame Nguyễn,",
    "Outlook's CRLF line ends become plain line ends",
  );
});

test("the same email saved as .eml reads the same, with its Date header as written", async () => {
  const msg = await parseSavedMessage("request.msg", await fixture("request-for-documents.msg"));
  const eml = await parseSavedMessage("request.eml", await fixture("request-for-documents.eml"));
  assert.deepEqual(
    [eml.to, eml.date, eml.subject, eml.messageId],
    [msg.to, msg.date, msg.subject, msg.messageId],
  );
  assert.equal(eml.dateHeader, "Mon, 2 Mar 2026 10:04:05 -0500");
  assert.equal(eml.text.trim(), msg.text.trim());
  assert.deepEqual(eml.attachments, msg.attachments);
});

test("an Exchange recipient is read by its SMTP address, not its X.500 name; Cc is kept apart", async () => {
  const bytes = buildOutlookMsg({
    subject: "File transfer",
    body: "Your file was transferred to the Montréal office.",
    senderName: "Bureau OTT",
    senderEmail: "ott@dossier.test",
    recipients: [
      {
        name: "Léa Martin",
        email: "lea.martin@example.com",
        exchangeDn: "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=lmartin",
      },
      { name: "Counsel", email: "counsel@example.org", kind: "cc" },
      { name: "Archive", email: "archive@dossier.test", kind: "bcc" },
    ],
    submitTime: new Date("2026-04-01T12:00:00Z"),
  });
  const message = await parseSavedMessage("transfer.MSG", bytes);
  assert.deepEqual(message.to, ["lea.martin@example.com"]);
  assert.deepEqual(message.cc, ["counsel@example.org"]);
  assert.equal(message.ccText, "Counsel <counsel@example.org>");
  assert.equal(message.messageId, null, "Outlook keeps no Internet Message-ID for some sends");
});

test("an HTML-only .eml gives its words as text; the markup is never kept", async () => {
  const raw = [
    "From: ott@dossier.test",
    "To: client@example.com",
    "Subject: HTML only",
    "Date: Tue, 3 Mar 2026 09:00:00 -0500",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<html><head><style>p{color:red}</style></head><body><p>Bonjour,</p><script>alert(1)</script><p>Veuillez&nbsp;r&eacute;pondre &amp; signer d&#8217;ici le 2&#xA0;avril.</p></body></html>",
    "",
  ].join("\r\n");
  const message = await parseSavedMessage("html.eml", new TextEncoder().encode(raw));
  assert.equal(message.textFromHtml, true);
  assert.equal(message.text, "Bonjour,\nVeuillez répondre & signer d’ici le 2\u00a0avril.");
});

test("a file that is neither .msg nor .eml is refused by name", async () => {
  await assert.rejects(parseSavedMessage("letter.pdf", new Uint8Array([1])), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.message, "file: letter.pdf must be a saved email message (.msg or .eml)");
    return true;
  });
});
