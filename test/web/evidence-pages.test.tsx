import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import { correspondence } from "../../src/db/schema.ts";
import type { EvidenceFacts } from "../../src/evidence/evidence.schema.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { deliverToOffice, newFile, pdfText, sendThroughDispatcher } from "../evidence/evidence-fixtures.ts";
import { Agent, shownText } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let receiver: SmtpListener;
let ana: Agent;
let liam: Agent;
let file: Awaited<ReturnType<typeof newFile>>;
let sentId: string;
let messageId: string;

before(async () => {
  fixture = await openWebFixture();
  receiver = await startSmtpReceiver({ db: fixture.database.db, host: "127.0.0.1", port: 0 });
  const sink = await startSmtpSink();
  try {
    file = await newFile(fixture.database.db, fixture.seed.ottawa, {
      email: "m.okafor@example.com",
      familyName: "Okafor",
    });
    sentId = (
      await sendThroughDispatcher(
        fixture.database.db,
        fixture.seed.ottawa,
        sink,
        file.application.fileNumber,
        "Request for documents",
      )
    ).queued.id;
  } finally {
    await sink.close();
  }
  const [row] = await fixture.database.db.select().from(correspondence).where(eq(correspondence.id, sentId));
  assert.equal(row?.status, "sent");
  messageId = row!.messageId!;
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
  liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
});
after(async () => {
  await receiver.close();
  await fixture.database.close();
});

const fileOf = () => `/applications/${file.application.fileNumber}?tab=correspondence`;

test("a sent email's record offers its evidence package, in English and in French", async () => {
  const en = await ana.page(`${fileOf()}&lang=en`);
  assert.equal(en.status, 200);
  assert.ok(en.html.includes(`href="/correspondence/${sentId}/evidence.pdf"`));
  assert.ok(en.html.includes(`href="/correspondence/${sentId}/evidence.json"`));
  assert.ok(shownText(en.html).includes("Evidence package (PDF)"));
  assert.ok(en.html.includes('aria-label="Evidence package (PDF) for “Request for documents”"'));

  const fr = await ana.page(`${fileOf()}&lang=fr`);
  assert.ok(shownText(fr.html).includes("Dossier de preuve (PDF)"));
  assert.ok(shownText(fr.html).includes("Faits de la preuve (JSON)"));
});

test("the officer downloads the PDF, which names the address the email was sent to", async () => {
  const response = await ana.get(`/correspondence/${sentId}/evidence.pdf`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/pdf");
  assert.equal(response.headers.get("content-disposition"), `attachment; filename="evidence-${sentId}.pdf"`);
  const pdf = new Uint8Array(await response.arrayBuffer());
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString("latin1"), "%PDF-");
  const text = await pdfText(pdf);
  if (text !== null) {
    assert.ok(text.includes("m.okafor@example.com"), "the PDF names the address");
    assert.ok(text.includes(messageId.replace(/^<|>$/g, "")), "the PDF names the Message-ID");
  }

  const json = await ana.get(`/correspondence/${sentId}/evidence.json`);
  assert.equal(json.status, 200);
  assert.equal(json.headers.get("content-type"), "application/json; charset=utf-8");
  const facts = (await json.json()) as EvidenceFacts;
  assert.equal(facts.correspondence.id, sentId);
  assert.equal(facts.message.source === "edoc" && facts.message.copy.hashMatches, true);
});

test("an officer of another office gets not found, and nothing of the email", async () => {
  for (const path of [`/correspondence/${sentId}/evidence.pdf`, `/correspondence/${sentId}/evidence.json`]) {
    const response = await liam.get(`${path}?lang=en`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    const text = shownText(await response.text());
    assert.ok(text.includes("no correspondence"), text);
    assert.ok(!text.includes("m.okafor@example.com"));
  }
});

test("the correspondence tab offers the whole file's evidence for litigation, and only to the file's office", async () => {
  const tab = await ana.page(`${fileOf()}&lang=en`);
  const href = `/applications/${file.application.fileNumber}/evidence.pdf`;
  assert.ok(tab.html.includes(`href="${href}"`));
  assert.ok(shownText(tab.html).includes("Evidence for litigation: every letter sent (PDF)"));
  const fr = await ana.page(`${fileOf()}&lang=fr`);
  assert.ok(shownText(fr.html).includes("Preuve pour un litige : toutes les lettres envoyées (PDF)"));
  await ana.page(`${fileOf()}&lang=en`);

  const response = await ana.get(href);
  assert.equal(response.status, 200);
  assert.equal(
    response.headers.get("content-disposition"),
    `attachment; filename="litigation-${file.application.fileNumber}.pdf"`,
  );
  const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
  if (text !== null) assert.ok(text.includes("Exhibit 1: m.okafor@example.com"), text.slice(0, 400));

  const foreign = await liam.get(href);
  assert.equal(foreign.status, 404);
  assert.ok(!shownText(await foreign.text()).includes("m.okafor@example.com"));
});

test("signed out, the evidence asks for sign-in", async () => {
  const response = await fixture.app.request(`/correspondence/${sentId}/evidence.pdf`);
  assert.equal(response.status, 303);
  assert.match(response.headers.get("location") ?? "", /^\/sign-in\?next=/);
});

test("a read receipt shows on the record as no proof of receipt, and the record stays sent", async () => {
  const template = await readFile(
    new URL("../fixtures/bounces/mdn-read-receipt.eml", import.meta.url),
    "latin1",
  );
  const receipt = template
    .replace("<0c2e4a6b-8d0f-4c2a-a6b8-1e3a5c7e9b84@dossier.test>", messageId)
    .replace("<mdn.20240419130355.7d1a@mail.example.net>", `<${randomUUID()}@mail.example.net>`)
    .replace(/\r?\n/g, "\r\n");
  await deliverToOffice(receiver.port, Buffer.from(receipt, "latin1"), "m.okafor@example.com");
  assert.equal((await processInboundMail(fixture.database.db)).processed, 1);

  const en = await ana.page(`${fileOf()}&lang=en`);
  assert.match(shownText(en.html), /Read receipt received \d{4}-\d{2}-\d{2} [^a-z]+: not proof of receipt\./);
  assert.ok(shownText(en.html).includes("Open the read receipt"));
  const fr = await ana.page(`${fileOf()}&lang=fr`);
  assert.match(shownText(fr.html), /Accusé de lecture reçu le \S+ .+? : il ne prouve pas la réception\./);

  const [row] = await fixture.database.db.select().from(correspondence).where(eq(correspondence.id, sentId));
  assert.equal(row?.status, "sent");
  // Still the evidence of a sent email: the receipt is listed among the other messages, not as a notice.
  const facts = (await (await ana.get(`/correspondence/${sentId}/evidence.json`)).json()) as EvidenceFacts;
  assert.equal(facts.undeliveredSearch.notices.length, 0);
  assert.deepEqual(
    facts.undeliveredSearch.otherMessages.map((m) => m.kind),
    ["auto-reply"],
  );
});
