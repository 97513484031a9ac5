import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { eq, like, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import type { Database, Db } from "../../src/db/database.ts";
import { enquiries, enquiryMessages, inboundMessages } from "../../src/db/schema.ts";
import { pollImapMailbox, STORED_KEYWORD } from "../../src/mail/imap-poller.ts";
import { configFromEnv, type ImapMailboxSettings, imapSettings } from "../../src/server/config.ts";
import { startServer } from "../../src/server/start-server.ts";
import { AppError } from "../../src/shared/errors.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { type Dovecot, dovecotMissing, startDovecot } from "./dovecot.ts";

const missing = dovecotMissing();
const skip = missing ?? false;
if (missing) console.log(`# IMAP poller tests skipped: ${missing}`);

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let dovecot: Dovecot;

before(async () => {
  if (skip) return;
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  dovecot = await startDovecot("ott@dossier.test", "imap-secret");
});
after(async () => {
  await dovecot?.stop();
  await database?.close();
});

/** Settings as `IMAP_URL_OTT` would give them, reading `folder`. */
function settings(folder: string, afterStore = "flag"): ImapMailboxSettings {
  const { mailboxes } = imapSettings({
    imap: {
      IMAP_URL_OTT: `imap://ott%40dossier.test:imap-secret@127.0.0.1:${dovecot.port}/${encodeURIComponent(folder)}`,
      IMAP_AFTER_STORE: afterStore,
    },
  });
  return mailboxes[0]!;
}

/** A session of the test's own on the server, as a person's mail program would have. */
async function withImap<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: "127.0.0.1",
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

async function appendTo(folder: string, messages: Buffer[]): Promise<void> {
  await withImap(async (client) => {
    if (folder !== "INBOX") await client.mailboxCreate(folder);
    for (const message of messages) await client.append(folder, message);
  });
}

async function flagsIn(folder: string): Promise<string[][]> {
  return withImap(async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      const messages = await client.fetchAll("1:*", { uid: true, flags: true });
      return messages.map((m) => [...(m.flags ?? [])].filter((f) => f !== "\\Recent").sort());
    } finally {
      lock.release();
    }
  });
}

function message(options: {
  subject: string;
  body: string;
  messageId?: string | null;
  from?: string;
}): Buffer {
  const messageId = options.messageId === undefined ? `<${randomUUID()}@mail.example>` : options.messageId;
  return Buffer.from(
    [
      `From: ${options.from ?? "Sophie Tremblay <s.tremblay@avocats.example>"}`,
      "To: ott@dossier.test",
      `Subject: ${options.subject}`,
      ...(messageId ? [`Message-ID: ${messageId}`] : []),
      "Date: Tue, 03 Mar 2026 09:00:00 -0500",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      options.body.replace(/\n/g, "\r\n"),
      "",
    ].join("\r\n"),
  );
}

async function storedIn(folderTag: string) {
  return database.db
    .select()
    .from(inboundMessages)
    .where(like(inboundMessages.subject, `%${folderTag}%`));
}

test("a poll stores each new message, opens its enquiry, and only then marks it on the server", {
  skip,
}, async () => {
  const tag = `poll-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, [
    message({
      subject: `Demande ${seed.application.fileNumber} ${tag}`,
      body: [
        "Bonjour,",
        "",
        "Je suis la représentante autorisée de la demandeuse; le dossier est toujours en attente.",
        "Prénom : Thị Ánh",
        "Nom de famille : Nguyễn",
        "Date de naissance : 12 avril 1990",
        `Numéro de dossier : ${seed.application.fileNumber}`,
        "",
        "Cordialement,",
        "Sophie Tremblay",
      ].join("\n"),
    }),
    message({
      subject: `Question ${tag}`,
      from: "john.doe@example.org",
      body: "Hello, what is the status of my application? Thanks",
    }),
    message({ subject: `No Message-ID ${tag}`, messageId: null, body: "Hello, I am still waiting." }),
  ]);

  const result = await pollImapMailbox(database.db, settings(tag));
  assert.deepEqual(result, { found: 3, stored: 3, marked: 3, tooLarge: 0 });
  const stored = await storedIn(tag);
  assert.equal(stored.length, 3);
  for (const row of stored) {
    assert.equal(row.mailbox, "ott@dossier.test");
    assert.equal(row.officeId, seed.application.officeId);
    assert.match(row.imapUid ?? "", /^\d+:\d+$/);
    assert.equal(row.envelopeFrom, null);
  }
  assert.deepEqual(await flagsIn(tag), [
    [STORED_KEYWORD, "\\Seen"],
    [STORED_KEYWORD, "\\Seen"],
    [STORED_KEYWORD, "\\Seen"],
  ]);

  await processInboundMail(database.db);
  const opened = await database.db
    .select({ enquiry: enquiries })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(like(enquiryMessages.subject, `%${tag}%`));
  assert.equal(opened.length, 3, "each message opened an enquiry");
  const french = opened.find((o) => o.enquiry.subject.startsWith("Demande"))!.enquiry;
  assert.equal(french.language, "fr");
  assert.equal(french.state, "open");
  assert.equal(french.applicationId, seed.application.id);
  const english = opened.find((o) => o.enquiry.subject.startsWith("Question"))!.enquiry;
  assert.equal(english.state, "awaiting-information");

  // Nothing new: the next poll finds nothing.
  assert.deepEqual(await pollImapMailbox(database.db, settings(tag)), {
    found: 0,
    stored: 0,
    marked: 0,
    tooLarge: 0,
  });
});

test("a poll interrupted before the commit leaves the message unmarked, and the next poll takes it", {
  skip,
}, async () => {
  const tag = `crash-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, [message({ subject: `Ma demande ${tag}`, body: "Bonjour, où en est ma demande?" })]);
  // The database goes away between fetching and storing.
  const failing = new Proxy(database.db, {
    get(target, property, receiver) {
      if (property === "transaction")
        return () => Promise.reject(new Error("connection to the database lost"));
      return Reflect.get(target, property, receiver);
    },
  }) as Db;
  await assert.rejects(pollImapMailbox(failing, settings(tag)), /connection to the database lost/);
  assert.deepEqual(await flagsIn(tag), [[]], "neither \\Seen nor the keyword: the server still offers it");
  assert.equal((await storedIn(tag)).length, 0);

  const retried = await pollImapMailbox(database.db, settings(tag));
  assert.deepEqual(retried, { found: 1, stored: 1, marked: 1, tooLarge: 0 });
  assert.deepEqual(await flagsIn(tag), [[STORED_KEYWORD, "\\Seen"]]);
});

test("a message fetched twice (stored, then the mark lost) is stored once, with or without a Message-ID", {
  skip,
}, async () => {
  const tag = `twice-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, [
    message({ subject: `Premier ${tag}`, body: "Bonjour, ma demande est toujours en attente." }),
    message({ subject: `Sans identifiant ${tag}`, messageId: null, body: "Bonjour." }),
  ]);
  assert.equal((await pollImapMailbox(database.db, settings(tag))).stored, 2);
  // As if the process died after the commit and before the mark reached the server.
  await withImap(async (client) => {
    const lock = await client.getMailboxLock(tag);
    try {
      await client.messageFlagsRemove("1:*", ["\\Seen", STORED_KEYWORD]);
    } finally {
      lock.release();
    }
  });
  const again = await pollImapMailbox(database.db, settings(tag));
  assert.deepEqual(again, { found: 2, stored: 0, marked: 2, tooLarge: 0 });
  assert.equal((await storedIn(tag)).length, 2);
  assert.deepEqual(await flagsIn(tag), [
    [STORED_KEYWORD, "\\Seen"],
    [STORED_KEYWORD, "\\Seen"],
  ]);
});

test("IMAP_AFTER_STORE=move:<folder> moves stored messages out of the folder read", { skip }, async () => {
  const tag = `move-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, [message({ subject: `Déplacé ${tag}`, body: "Bonjour." })]);
  const result = await pollImapMailbox(database.db, settings(tag, `move:${tag}-stored`));
  assert.deepEqual(result, { found: 1, stored: 1, marked: 1, tooLarge: 0 });
  assert.deepEqual(await flagsIn(tag), []);
  assert.equal((await flagsIn(`${tag}-stored`)).length, 1);
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboundMessages)
    .where(like(inboundMessages.subject, `%${tag}%`));
  assert.equal(row!.n, 1);
});

test("the mail part polls each IMAP_URL_<CODE> mailbox on its own and opens the enquiries", {
  skip,
}, async () => {
  const tag = `serve-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, [
    message({ subject: `Rendez-vous ${tag}`, body: "Bonjour, comment prendre rendez-vous?" }),
  ]);
  const env = {
    SMTP_PORT: "0",
    IMAP_URL_OTT: `imap://ott%40dossier.test:imap-secret@127.0.0.1:${dovecot.port}/${tag}`,
    IMAP_POLL_MS: "1000",
  };
  await assert.rejects(
    startServer({
      database,
      config: configFromEnv({ ...env, IMAP_URL_XYZ: env.IMAP_URL_OTT }),
      parts: ["mail"],
    }),
    /^AppError: IMAP_URL_XYZ: no office has the code XYZ/,
  );
  const server = await startServer({ database, config: configFromEnv(env), parts: ["mail"] });
  try {
    assert.match(server.addresses.mail ?? "", /IMAP OTT \(127\.0\.0\.1\/serve-/);
    const deadline = Date.now() + 20_000;
    let opened: (typeof enquiries.$inferSelect)[] = [];
    while (Date.now() < deadline && opened.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      opened = await database.db
        .select()
        .from(enquiries)
        .where(like(enquiries.subject, `%${tag}%`));
    }
    assert.equal(opened.length, 1, "the enquiry was opened by the running mail part");
    assert.equal(opened[0]!.category, "local-procedures");
    assert.deepEqual(await flagsIn(tag), [[STORED_KEYWORD, "\\Seen"]]);
  } finally {
    await server.stop();
  }
});

test("IMAP settings that cannot be used are refused naming the variable", () => {
  const refused = (imap: Record<string, string>, pattern: RegExp) =>
    assert.throws(
      () => imapSettings({ imap }),
      (error: unknown) => error instanceof AppError && pattern.test(error.message),
    );
  refused({ IMAP_URL_OTT: "https://mail.example" }, /^IMAP_URL_OTT: must start with imap:\/\/ or imaps:\/\//);
  refused(
    { IMAP_URL_OTT: "imaps://mail.example/INBOX" },
    /^IMAP_URL_OTT: must give the user name and password/,
  );
  refused({ IMAP_URL_OTT: "not a url secret" }, /^IMAP_URL_OTT: must be a URL such as/);
  refused({ IMAP_AFTER_STORE: "delete" }, /^IMAP_AFTER_STORE: must be "flag" or "move:<folder>"/);
  refused({ IMAP_POLL_MS: "10" }, /^IMAP_POLL_MS: must be a whole number of milliseconds, 1000 or more/);
  refused({ IMAP_URL_ott: "imaps://a:b@mail.example" }, /^IMAP_URL_ott: not a Dossier setting/);
  refused({ IMAP_URL_OTT: "imaps://u:secret-word@mail.example/%%" }, /^IMAP_URL_OTT: has a % that does not/);
  refused({ IMAP_URL_OTT: "imaps://u:secret-word@mail.example/%%" }, /^(?!.*secret-word)/);
  const { mailboxes, pollMs } = imapSettings({
    imap: { IMAP_URL_OTT_2: "imaps://ottawa%40office.example:pw@mail.office.example", IMAP_POLL_MS: "30000" },
  });
  assert.equal(pollMs, 30000);
  assert.deepEqual(mailboxes[0], {
    officeCode: "OTT-2",
    variable: "IMAP_URL_OTT_2",
    address: "generic",
    host: "mail.office.example",
    port: 993,
    secure: true,
    user: "ottawa@office.example",
    password: "pw",
    folder: "INBOX",
    afterStore: { action: "flag" },
  });
});
