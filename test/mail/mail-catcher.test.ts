import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTransport } from "nodemailer";
import type { Database } from "../../src/db/database.ts";
import { listCaughtMail } from "../../src/mail/list-caught-mail.ts";
import { startMailCatcher } from "../../src/mail/mail-catcher.ts";
import { readCaughtMail } from "../../src/mail/read-caught-mail.ts";
import type { SmtpListener } from "../../src/mail/smtp-receiver.ts";
import { AppError } from "../../src/shared/errors.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let catcher: SmtpListener;

before(async () => {
  database = await openTestDatabase();
  catcher = await startMailCatcher({ db: database.db, host: "127.0.0.1", port: 0 });
});
after(async () => {
  await catcher.close();
  await database.close();
});

test("the catcher accepts mail for any address and shows it parsed, as text only", async () => {
  const client = createTransport({ host: "127.0.0.1", port: catcher.port, secure: false, ignoreTLS: true });
  try {
    await client.sendMail({
      from: { name: "Bureau OTT", address: "ott@dossier.test" },
      to: "s.tremblay@tremblay-immigration.ca",
      subject: "Demande de documents — V000012345",
      text: "Maître Tremblay,\n\nVeuillez fournir les relevés bancaires d'ici le 2 avril 2026.\n",
      html: "<p>Maître Tremblay,</p><script>alert(1)</script><p>Veuillez fournir les relevés bancaires.</p>",
      attachments: [
        {
          filename: "liste-de-controle.pdf",
          content: Buffer.from("%PDF-1.7 checklist"),
          contentType: "application/pdf",
        },
      ],
    });
    await client.sendMail({
      envelope: { from: "ott@dossier.test", to: ["someone@anywhere.example"] },
      raw: "Subject: Second\r\n\r\nplain\r\n",
    });
  } finally {
    client.close();
  }

  const latest = await listCaughtMail(database.db, SYSTEM_ACTOR, { limit: 10 });
  assert.equal(latest.length, 2);
  assert.equal(latest[0]?.subject, "Second");
  assert.deepEqual(latest[0]?.envelopeTo, ["someone@anywhere.example"]);
  const first = latest[1]!;
  assert.equal(first.subject, "Demande de documents — V000012345");
  assert.equal(first.envelopeFrom, "ott@dossier.test");
  assert.deepEqual(first.envelopeTo, ["s.tremblay@tremblay-immigration.ca"]);
  assert.ok(first.size > 0);
  assert.ok(first.receivedAt instanceof Date);

  const mail = await readCaughtMail(database.db, SYSTEM_ACTOR, first.id);
  assert.equal(mail.subject, "Demande de documents — V000012345");
  assert.equal(mail.from, '"Bureau OTT" <ott@dossier.test>');
  assert.equal(mail.to, "s.tremblay@tremblay-immigration.ca");
  assert.match(mail.text, /relevés bancaires d'ici le 2 avril 2026/);
  assert.doesNotMatch(mail.text, /<script>/);
  assert.ok(!("html" in mail));
  assert.deepEqual(mail.attachments, [
    { fileName: "liste-de-controle.pdf", contentType: "application/pdf", size: 18 },
  ]);
  assert.equal(mail.raw.byteLength, first.size);

  assert.equal((await listCaughtMail(database.db, SYSTEM_ACTOR, { limit: 1 })).length, 1);
});

test("reading a caught mail that does not exist says so", async () => {
  await assert.rejects(
    readCaughtMail(database.db, SYSTEM_ACTOR, "00000000-0000-4000-8000-000000000000"),
    (error: unknown) => error instanceof AppError && error.code === "not_found",
  );
  await assert.rejects(
    readCaughtMail(database.db, SYSTEM_ACTOR, "../etc/passwd"),
    (error: unknown) => error instanceof AppError && error.code === "invalid_input",
  );
});

test("an officer reads only the mail sent from the mailboxes of the offices they work in", async () => {
  const { ottawa, london } = await seedTwoOffices(database.db);
  const ottawaMail = await listCaughtMail(database.db, ottawa);
  assert.deepEqual(
    ottawaMail.map((m) => m.subject),
    ["Second", "Demande de documents — V000012345"],
  );
  assert.deepEqual(await listCaughtMail(database.db, london), []);
  await assert.rejects(
    readCaughtMail(database.db, london, ottawaMail[0]!.id),
    (error: unknown) => error instanceof AppError && error.code === "not_found",
  );
});
