import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import { contactDetails, correspondence, edocs } from "../../src/db/schema.ts";
import { EMAIL_MESSAGE_LIMIT } from "../../src/edocs/check-edoc-upload.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import {
  deliverToOffice,
  dispatch,
  newFile,
  postfixBounce,
  sendThroughDispatcher,
} from "../evidence/evidence-fixtures.ts";
import { buildOutlookMsg } from "../fixtures/saved-messages/outlook-msg.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let receiver: SmtpListener;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let ana: Agent;
let liam: Agent;

before(async () => {
  fixture = await openWebFixture();
  receiver = await startSmtpReceiver({ db: fixture.database.db, host: "127.0.0.1", port: 0 });
  sink = await startSmtpSink();
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
  liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
});
after(async () => {
  await sink.close();
  await receiver.close();
  await fixture.database.close();
});

const tabOf = (fileNumber: string) => `/applications/${fileNumber}?tab=correspondence`;

/**
 * A file whose email "Request for documents" went through the dispatcher and came back undelivered
 * (a Postfix 5.1.1 notice to the office mailbox); `newAddress`, when given, is the email the client
 * gave after the send.
 */
async function fileWithBouncedEmail(address: string, newAddress?: string) {
  const { client, application } = await newFile(fixture.database.db, fixture.seed.ottawa, { email: address });
  const { queued } = await sendThroughDispatcher(
    fixture.database.db,
    fixture.seed.ottawa,
    sink,
    application.fileNumber,
    "Request for documents",
  );
  if (newAddress) {
    await addContactDetail(fixture.database.db, fixture.seed.ottawa, client.uci, {
      kind: "email",
      value: newAddress,
      consentSource: "client-wrote-first",
    });
  }
  const [sent] = await fixture.database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.id, queued.id));
  await deliverToOffice(receiver.port, await postfixBounce(sent!.messageId!, address));
  assert.equal((await processInboundMail(fixture.database.db)).undelivered, 1);
  return { fileNumber: application.fileNumber, applicationId: application.id, emailId: queued.id };
}

async function rowsOf(applicationId: string) {
  return fixture.database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.applicationId, applicationId))
    .orderBy(correspondence.createdAt);
}

function savedEmail(name: string, bytes: Uint8Array | string, type = "application/octet-stream") {
  return new File([bytes], name, { type });
}

const fixtureBytes = async (name: string) =>
  new Uint8Array(await readFile(new URL(`../fixtures/saved-messages/${name}`, import.meta.url)));

test("an undelivered email offers a resend to the address the file now holds; the page's resend queues it there", async () => {
  const file = await fileWithBouncedEmail("k.osei@example.net", "kwame.osei@example.org");

  const en = await ana.page(`${tabOf(file.fileNumber)}&lang=en`);
  assert.equal(en.status, 200);
  const text = shownText(en.html);
  assert.ok(text.includes("Resend to the updated address"), text);
  assert.ok(text.includes("The file now holds kwame.osei@example.org."), text);
  assert.ok(
    en.html.includes(
      'aria-label="Resend to the updated address, kwame.osei@example.org: “Request for documents”"',
    ),
  );
  const form = /<form method="post" action="\/correspondence\/([^/]+)\/resend">([\s\S]*?)<\/form>/.exec(
    en.html,
  );
  assert.equal(form?.[1], file.emailId, "the button is on the undelivered email");
  assert.match(form![2]!, /name="_csrf" value="[^"]+"/);
  assert.doesNotMatch(form![2]!, /name="(to|address|email)"/, "the recipient is never typed");

  const fr = await ana.page(`${tabOf(file.fileNumber)}&lang=fr`);
  assert.ok(shownText(fr.html).includes("Renvoyer à la nouvelle adresse"));
  assert.ok(shownText(fr.html).includes("Le dossier contient maintenant kwame.osei@example.org."));
  await ana.page(`${tabOf(file.fileNumber)}&lang=en`);

  const response = await ana.post(`/correspondence/${file.emailId}/resend`, {});
  assert.equal(response.status, 303);
  const rows = await rowsOf(file.applicationId);
  const resent = rows.find((r) => r.id !== file.emailId && r.channel === "email");
  assert.ok(resent, "a new email is queued");
  assert.equal(resent.status, "generate");
  assert.equal(resent.address, "kwame.osei@example.org");
  assert.equal(resent.subject, "Request for documents");
  assert.equal(resent.createdBy, fixture.seed.ottawa.userId, "sent by the officer who pressed the button");
  const location = response.headers.get("location") ?? "";
  assert.equal(
    location,
    `/applications/${file.fileNumber}?tab=correspondence&done=email-resent&record=${resent.id}`,
  );

  const after = await ana.page(location);
  const shown = shownText(after.html);
  assert.ok(
    shown.includes(
      "“Request for documents” is queued again, to kwame.osei@example.org. It leaves within minutes.",
    ),
    shown,
  );
  assert.match(shown, /Sent again on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ to kwame\.osei@example\.org\./);
  assert.ok(!after.html.includes(`/correspondence/${file.emailId}/resend`), "no second resend offered");

  const delivered = await dispatch(fixture.database.db, sink);
  assert.deepEqual(
    delivered.map((m) => m.to),
    [["kwame.osei@example.org"]],
  );

  // A second press (a page left open) is refused with the operation's reason, and writes nothing.
  const again = await ana.post(`/correspondence/${file.emailId}/resend`, {});
  assert.equal(again.status, 409);
  const refused = shownText(await again.text());
  assert.ok(refused.includes("The email was not resent"), refused);
  assert.ok(refused.includes(`already sent again (correspondence ${resent.id}, to kwame.osei@example.org)`));
  assert.equal((await rowsOf(file.applicationId)).length, rows.length);
});

test("a resend refused because the file holds only the bounced address says why, in French for a French session", async () => {
  const file = await fileWithBouncedEmail("same.address@example.com");
  const tab = await ana.page(`${tabOf(file.fileNumber)}&lang=fr`);
  assert.ok(!tab.html.includes(`/correspondence/${file.emailId}/resend`), "no resend offered: nothing newer");

  const before = {
    rows: (await rowsOf(file.applicationId)).length,
    tables: await tableCounts(fixture.database.db),
  };
  const response = await ana.post(`/correspondence/${file.emailId}/resend`, {});
  assert.equal(response.status, 409);
  const html = await response.text();
  assert.match(html, /<html lang="fr"/);
  const text = shownText(html);
  assert.ok(text.includes("Le courriel n'a pas été renvoyé"), text);
  assert.ok(
    text.includes(
      "Le dossier ne contient aucune adresse courriel plus récente que same.address@example.com ; envoyez plutôt cette correspondance par la poste.",
    ),
    text,
  );
  assert.deepEqual(
    { rows: (await rowsOf(file.applicationId)).length, tables: await tableCounts(fixture.database.db) },
    before,
  );
  await ana.get("/?lang=en");
});

test("the Correspondence tab has a form to record an email sent outside Dossier, with the 4 MB rule", async () => {
  const file = fixture.seed.application.fileNumber;
  const en = await ana.page(`${tabOf(file)}&lang=en`);
  const form = /<form[^>]*id="record-manual-send"[^>]*>([\s\S]*?)<\/form>/.exec(en.html);
  assert.ok(form, "the form is on the tab");
  assert.match(form[0], /action="\/applications\/[^/]+\/correspondence\/manual"/);
  assert.match(form[0], /enctype="multipart\/form-data"/);
  assert.match(form[1]!, /name="_csrf" value="[^"]+"/);
  assert.match(form[1]!, /<gcds-file-uploader[^>]*name="file"[^>]*accept=".msg,.eml"/);
  const text = shownText(en.html);
  assert.ok(text.includes("Record an email sent outside Dossier"));
  assert.ok(text.includes("Saved email (.msg or .eml)"));
  assert.ok(text.includes("At most 4 MB. A larger email cannot be stored as an eDoc"));

  const fr = shownText((await ana.page(`${tabOf(file)}&lang=fr`)).html);
  assert.ok(fr.includes("Consigner un courriel envoyé hors de Dossier"));
  assert.ok(fr.includes("4 Mo au plus."));
  await ana.get("/?lang=en");
});

test("an uploaded .eml becomes an outgoing record with its recipient, date and subject, and the file as its eDoc", async () => {
  const { client, application } = await newFile(fixture.database.db, fixture.seed.ottawa, {
    email: "anh.nguyen@example.com",
    language: "fr",
  });
  // The address was on file before the message's date (2 March 2026), as it was when the officer sent it.
  await fixture.database.db
    .update(contactDetails)
    .set({ recordedAt: new Date("2026-01-15T14:00:00Z") })
    .where(eq(contactDetails.clientId, client.id));
  const bytes = await fixtureBytes("request-for-documents.eml");
  await ana.page(tabOf(application.fileNumber));
  const response = await ana.post(`/applications/${application.fileNumber}/correspondence/manual`, {
    file: savedEmail("request.eml", bytes, "message/rfc822"),
  });
  assert.equal(response.status, 303);

  const [record] = await fixture.database.db
    .select()
    .from(correspondence)
    .where(and(eq(correspondence.applicationId, application.id), eq(correspondence.templateId, "manual")));
  assert.ok(record);
  assert.equal(record.direction, "out");
  assert.equal(record.status, "sent");
  assert.equal(record.address, "anh.nguyen@example.com");
  assert.equal(record.sentAt?.toISOString(), "2026-03-02T15:04:05.000Z");
  assert.equal(record.subject, "Demande de documents – dossier V000000001");
  assert.equal(record.createdBy, fixture.seed.ottawa.userId);
  const [edoc] = await fixture.database.db.select().from(edocs).where(eq(edocs.correspondenceId, record.id));
  assert.equal(edoc?.fileName, "request.eml");
  assert.equal(edoc?.mediaType, "message/rfc822");
  assert.equal(edoc?.size, bytes.byteLength);

  const location = response.headers.get("location") ?? "";
  assert.equal(
    location,
    `/applications/${application.fileNumber}?tab=correspondence&done=manual-send-recorded&record=${record.id}`,
  );
  const page = shownText((await ana.page(location)).html);
  assert.ok(
    page.includes(
      "Recorded: “Demande de documents – dossier V000000001”, sent 2026-03-02 10:04 EST to anh.nguyen@example.com.",
    ),
    page,
  );
  assert.ok(page.includes("Sent, via email, to anh.nguyen@example.com"));
  assert.ok(!page.includes("Check this email"), "no warning: the address was the one on file");
});

test("what the recorded email fell short of is shown in the page's language, on the notice and on the record", async () => {
  const { client, application } = await newFile(fixture.database.db, fixture.seed.ottawa, {
    email: "w.zhang@example.com",
  });
  await addContactDetail(fixture.database.db, fixture.seed.ottawa, client.uci, {
    kind: "email",
    value: "wei.zhang@example.net",
    consentSource: "client-wrote-first",
  });
  const msg = buildOutlookMsg({
    subject: "Convocation à une entrevue",
    body: "Veuillez vous présenter au bureau le 14 avril 2026 à 10 h.",
    senderName: "Ana Officer",
    senderEmail: "ana.officer@dossier.test",
    recipients: [{ name: "Wei Zhang", email: "w.zhang@example.com" }],
    submitTime: new Date(Date.now() + 2_000),
    messageId: `<${crypto.randomUUID()}@ott.dossier.test>`,
  });
  await ana.page(`${tabOf(application.fileNumber)}&lang=fr`);
  const response = await ana.post(`/applications/${application.fileNumber}/correspondence/manual`, {
    file: savedEmail("Entrevue.msg", msg),
  });
  assert.equal(response.status, 303);
  const fr = shownText((await ana.page(response.headers.get("location")!)).html);
  assert.ok(fr.includes("Vérifiez ce courriel"), fr);
  assert.match(
    fr,
    /Il a été envoyé à w\.zhang@example\.com, mais le \d{4}-\d{2}-\d{2} \d{2} h \d{2} \S+ l'adresse au dossier était wei\.zhang@example\.net\. L'adresse doit être identique à celle qui a été donnée\./,
  );
  assert.ok(
    fr.includes(
      "Il a été envoyé de ana.officer@dossier.test et non de la boîte générique du bureau, ott@dossier.test.",
    ),
  );
  // The record keeps saying it, after the notice is gone.
  const en = shownText((await ana.page(`${tabOf(application.fileNumber)}&lang=en`)).html);
  assert.ok(
    en.includes(
      "Warning: It was sent from ana.officer@dossier.test, not from the office's generic mailbox, ott@dossier.test.",
    ),
    en,
  );
  assert.match(
    en,
    /Warning: It went to w\.zhang@example\.com, but on .+ the address on file was wei\.zhang@example\.net\./,
  );
});

test("a file that is not a saved email, or over 4 MB, is refused naming the field, and nothing is written", async () => {
  const file = fixture.seed.application.fileNumber;
  const path = `/applications/${file}/correspondence/manual`;
  await ana.page(`${tabOf(file)}&lang=en`);
  const before = await tableCounts(fixture.database.db);

  const pdfAsEml = await ana.post(path, { file: savedEmail("request.eml", "%PDF-1.7\n%âãÏÓ\n") });
  assert.equal(pdfAsEml.status, 415);
  const wrong = await pdfAsEml.text();
  assert.ok(
    shownText(wrong).includes("Saved email (.msg or .eml): the content of request.eml is not a .eml file"),
    shownText(wrong),
  );
  assert.match(
    wrong,
    /<gcds-file-uploader[^>]*name="file"[^>]*error-message="Saved email \(\.msg or \.eml\): the content/,
  );

  const pdf = await ana.post(path, { file: savedEmail("passport.pdf", "%PDF-1.7\n") });
  assert.equal(pdf.status, 415);
  assert.ok(
    shownText(await pdf.text()).includes(
      "Saved email (.msg or .eml): passport.pdf must be a saved email (.msg or .eml)",
    ),
  );

  const big = new Uint8Array(EMAIL_MESSAGE_LIMIT + 1).fill(0x61);
  big.set(new TextEncoder().encode("Subject: scans\r\n\r\n"));
  const tooLarge = await ana.post(path, { file: savedEmail("scans.eml", big) });
  assert.equal(tooLarge.status, 413);
  assert.ok(
    shownText(await tooLarge.text()).includes(
      "Saved email (.msg or .eml): email messages over 4 MB cannot be stored as eDocs",
    ),
  );

  await ana.page(`${tabOf(file)}&lang=fr`);
  const unreadable = await ana.post(path, {
    file: savedEmail("lettre.msg", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3])),
  });
  assert.equal(unreadable.status, 400);
  assert.ok(shownText(await unreadable.text()).includes("Courriel enregistré (.msg ou .eml) : lettre.msg"));
  await ana.get("/?lang=en");

  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("an officer of another office gets not found, and writes nothing", async () => {
  const file = await fileWithBouncedEmail("r.diallo@example.net", "rama.diallo@example.org");
  const before = {
    rows: (await rowsOf(file.applicationId)).length,
    tables: await tableCounts(fixture.database.db),
  };
  await liam.page("/?lang=en");

  const resend = await liam.post(`/correspondence/${file.emailId}/resend`, {});
  assert.equal(resend.status, 404);
  const resendText = shownText(await resend.text());
  assert.ok(resendText.includes("no such correspondence in your offices"), resendText);
  assert.ok(!resendText.includes("rama.diallo@example.org"));

  const manual = await liam.post(`/applications/${file.fileNumber}/correspondence/manual`, {
    file: savedEmail("request.eml", await fixtureBytes("request-for-documents.eml")),
  });
  assert.equal(manual.status, 404);
  assert.ok(shownText(await manual.text()).includes(`no application ${file.fileNumber} in your offices`));

  assert.deepEqual(
    { rows: (await rowsOf(file.applicationId)).length, tables: await tableCounts(fixture.database.db) },
    before,
  );
});

test("both forms need the session's CSRF token", async () => {
  const file = await fileWithBouncedEmail("t.mensah@example.net", "tomas.mensah@example.org");
  const before = (await rowsOf(file.applicationId)).length;
  const resend = await ana.post(`/correspondence/${file.emailId}/resend`, {}, { csrf: false });
  assert.equal(resend.status, 403);
  const manual = await ana.post(
    `/applications/${file.fileNumber}/correspondence/manual`,
    { file: savedEmail("request.eml", await fixtureBytes("request-for-documents.eml")) },
    { csrf: false },
  );
  assert.equal(manual.status, 403);
  assert.equal((await rowsOf(file.applicationId)).length, before);
});
