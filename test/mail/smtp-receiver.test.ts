import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import type { Database } from "../../src/db/database.ts";
import { blobs, inboundMessages, offices } from "../../src/db/schema.ts";
import {
  MAX_MESSAGE_BYTES,
  onInboundStored,
  readHeaderFields,
  type SmtpListener,
  type StoredInboundMessage,
  startSmtpReceiver,
} from "../../src/mail/smtp-receiver.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { RawSmtp } from "./raw-smtp.ts";

let database: Database;
let receiver: SmtpListener;
let ottawaId: string;

before(async () => {
  database = await openTestDatabase();
  await seedTwoOffices(database.db);
  const [ottawa] = await database.db.select().from(offices).where(eq(offices.code, "OTT"));
  ottawaId = ottawa!.id;
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
});
after(async () => {
  await receiver.close();
  await database.close();
});

function message(messageId: string, subject: string, body = "Bonjour,\r\nVoici mon passeport.\r\n"): Buffer {
  return Buffer.from(
    [
      "From: Thi Anh Nguyen <anh.nguyen@example.com>",
      "To: OTT office <ott@dossier.test>",
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      "Date: Mon, 02 Mar 2026 10:15:00 -0500",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
    ].join("\r\n"),
  );
}

async function deliver(raw: Buffer, to: string[], from = "anh.nguyen@example.com") {
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    return await client.sendMail({ envelope: { from, to }, raw });
  } finally {
    client.close();
  }
}

async function rowsWithMessageId(messageId: string) {
  return database.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId));
}

test("a message to an office mailbox is stored byte for byte before the 250", async () => {
  const raw = message("<c8a1f0e2.20260302@example.com>", "=?utf-8?q?Demande_de_r=C3=A9examen?= V000012345");
  const info = await deliver(raw, ["OTT@Dossier.Test"]);
  assert.match(info.response, /^250 /);

  const [row] = await rowsWithMessageId("<c8a1f0e2.20260302@example.com>");
  assert.ok(row, "the row exists as soon as the sender has its 250");
  assert.equal(row.officeId, ottawaId);
  assert.equal(row.mailbox, "ott@dossier.test");
  assert.equal(row.envelopeFrom, "anh.nguyen@example.com");
  // Senders lower-case the domain (RFC 5321 §2.4: domains are case-insensitive).
  assert.deepEqual(row.envelopeTo, ["OTT@dossier.test"]);
  assert.equal(row.subject, "Demande de réexamen V000012345");
  assert.equal(row.size, raw.byteLength);
  assert.equal(row.processedAt, null);
  const expected = createHash("sha256").update(raw).digest("hex");
  assert.equal(row.sha256, expected);
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, row.sha256));
  assert.equal(createHash("sha256").update(blob!.content).digest("hex"), expected);
  assert.ok(Buffer.from(blob!.content).equals(raw));
});

test("one delivery to the generic and the manager mailbox makes one row per mailbox, one blob", async () => {
  const raw = message("<two-boxes.4471@example.com>", "Plainte");
  await deliver(raw, ["ott@dossier.test", "ott-manager@dossier.test"]);
  const rows = await rowsWithMessageId("<two-boxes.4471@example.com>");
  assert.deepEqual(rows.map((r) => r.mailbox).sort(), ["ott-manager@dossier.test", "ott@dossier.test"]);
  assert.equal(new Set(rows.map((r) => r.sha256)).size, 1);
});

test("an address that is no office mailbox is refused with 550 5.1.1", async () => {
  await assert.rejects(
    deliver(message("<nobody.1@example.com>", "Hello"), ["nobody@dossier.test"]),
    (error: unknown) => {
      const e = error as { responseCode?: number; response?: string };
      assert.equal(e.responseCode, 550);
      assert.match(e.response ?? "", /^550 5\.1\.1 /);
      return true;
    },
  );
  assert.equal((await rowsWithMessageId("<nobody.1@example.com>")).length, 0);
});

test("the same Message-ID delivered twice to a mailbox is stored once and answered 250 both times", async () => {
  const raw = message("<retry.9f3c@example.com>", "Second try");
  const first = await deliver(raw, ["ott@dossier.test"]);
  const second = await deliver(raw, ["ott@dossier.test"]);
  assert.match(first.response, /^250 /);
  assert.match(second.response, /^250 /);
  assert.equal((await rowsWithMessageId("<retry.9f3c@example.com>")).length, 1);
});

test("the 30 MB limit is announced, refused when declared, and enforced on DATA", async () => {
  const { client } = await RawSmtp.open(receiver.port);
  const ehlo = await client.command("EHLO sender.example.com");
  assert.match(ehlo, new RegExp(`250[- ]SIZE ${MAX_MESSAGE_BYTES}`));
  assert.doesNotMatch(ehlo, /AUTH|STARTTLS/);
  const declared = await client.command(`MAIL FROM:<big@example.com> SIZE=${MAX_MESSAGE_BYTES + 1}`);
  assert.match(declared, /^552 /);

  // A sender that declares nothing is stopped at the end of DATA, and nothing is stored.
  assert.match(await client.command("MAIL FROM:<big@example.com>"), /^250 /);
  assert.match(await client.command("RCPT TO:<ott@dossier.test>"), /^250 /);
  const padding = Buffer.alloc(MAX_MESSAGE_BYTES + 1024, "A");
  for (let i = 76; i < padding.length; i += 78) padding.write("\r\n", i);
  const reply = await client.data(Buffer.concat([message("<too-big.1@example.com>", "Scans", ""), padding]));
  assert.match(reply, /^552 5\.3\.4 /);
  assert.equal((await rowsWithMessageId("<too-big.1@example.com>")).length, 0);

  // The session goes on after a refusal.
  assert.match(await client.command("RSET"), /^250 /);
  await client.quit();
});

test("8-bit headers, broken MIME and NUL bytes are stored as bytes; the null sender of a bounce is kept", async () => {
  const raw = Buffer.concat([
    Buffer.from("From: =?bogus?Q?x?= <\u0000weird@example.com>\r\nSubject: R"),
    Buffer.from([0xe9, 0x73, 0x75, 0x6d, 0xe9, 0x00]),
    Buffer.from(
      '\r\nMessage-ID: <8bit.77@example.com>\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain\r\n\r\nno end\r\n',
    ),
  ]);
  const { client } = await RawSmtp.open(receiver.port);
  await client.command("EHLO mailer-daemon.example.net");
  assert.match(await client.command("MAIL FROM:<>"), /^250 /);
  assert.match(await client.command("RCPT TO:<ott@dossier.test>"), /^250 /);
  assert.match(await client.data(raw), /^250 /);
  await client.quit();

  const [row] = await rowsWithMessageId("<8bit.77@example.com>");
  assert.ok(row);
  assert.equal(row.envelopeFrom, "");
  assert.ok(row.subject?.startsWith("R"));
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, row.sha256));
  assert.ok(Buffer.from(blob!.content).equals(raw));
});

test("header fields are read without ever throwing", async () => {
  assert.deepEqual(await readHeaderFields(Buffer.from("")), { messageId: null, subject: null });
  assert.deepEqual(await readHeaderFields(Buffer.from("no headers at all, just text")), {
    messageId: null,
    subject: null,
  });
  const folded = Buffer.from(
    "Subject: Demande\r\n  de visa\r\nMessage-ID:\r\n <folded.1@example.com>\r\n\r\nbody",
  );
  assert.deepEqual(await readHeaderFields(folded), {
    messageId: "<folded.1@example.com>",
    subject: "Demande de visa",
  });
});

test("listeners hear about new rows after the commit, not about duplicates", async () => {
  const heard: StoredInboundMessage[][] = [];
  const stop = onInboundStored(({ messages }) => {
    heard.push(messages);
  });
  try {
    const raw = message("<hook.5512@example.com>", "Change of address");
    await deliver(raw, ["ott@dossier.test"]);
    await deliver(raw, ["ott@dossier.test"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(heard.length, 1);
    assert.equal(heard[0]?.[0]?.messageId, "<hook.5512@example.com>");
    assert.equal(heard[0]?.[0]?.officeId, ottawaId);
  } finally {
    stop();
  }
});

test("a database failure while storing answers 451 4.3.0, so the sender keeps the message and retries", async () => {
  await database.db.execute(
    sql.raw(`create function refuse_test_insert() returns trigger as $$
      begin
        if new.subject = 'Disk full please' then raise exception 'simulated storage failure'; end if;
        return new;
      end $$ language plpgsql`),
  );
  await database.db.execute(
    sql.raw(`create trigger refuse_test_insert before insert on inbound_messages
      for each row execute function refuse_test_insert()`),
  );
  await assert.rejects(
    deliver(message("<fail.1@example.com>", "Disk full please"), ["ott@dossier.test"]),
    (error: unknown) => {
      const e = error as { responseCode?: number; response?: string };
      assert.equal(e.responseCode, 451);
      assert.match(e.response ?? "", /^451 4\.3\.0 /);
      return true;
    },
  );
  assert.equal((await rowsWithMessageId("<fail.1@example.com>")).length, 0);
  // The failed transaction left nothing behind, not even the bytes.
  const raw = message("<fail.1@example.com>", "Disk full please");
  const sha = createHash("sha256").update(raw).digest("hex");
  assert.equal((await database.db.select().from(blobs).where(eq(blobs.sha256, sha))).length, 0);
  // And the receiver goes on receiving.
  const ok = await deliver(message("<after-fail.1@example.com>", "Fine now"), ["ott@dossier.test"]);
  assert.match(ok.response, /^250 /);
});
