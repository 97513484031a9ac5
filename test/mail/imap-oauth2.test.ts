/**
 * An office mailbox read by OAuth 2.0, as Exchange Online requires: Dossier asks a token endpoint for
 * an access token (client credentials grant) and logs in to a real Dovecot with SASL XOAUTH2 or
 * OAUTHBEARER; Dovecot checks the token with the identity provider's introspection endpoint. The
 * identity provider is the outside world, so it is a small HTTP server of the test's own that speaks
 * the real protocol (RFC 6749 §4.4 for the token, RFC 7662 for introspection).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { and, eq, like } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import type { Database } from "../../src/db/database.ts";
import { enquiries, enquiryMessages, inboundMessages } from "../../src/db/schema.ts";
import { forgetImapAccessToken } from "../../src/mail/imap-access-token.ts";
import { pollImapMailbox } from "../../src/mail/imap-poller.ts";
import { type ImapMailboxSettings, imapSettings } from "../../src/server/config.ts";
import { AppError } from "../../src/shared/errors.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { type Dovecot, dovecotMissing, startDovecot } from "./dovecot.ts";

const missing = dovecotMissing();
const skip = missing ?? false;
if (missing) console.log(`# IMAP OAuth 2.0 tests skipped: ${missing}`);

const MAILBOX = "ott@dossier.test";
const CLIENT_ID = "dossier-ott";
const CLIENT_SECRET = "s3cret-of-the-app";

/** The identity provider: issues tokens to one client and says which are active. */
interface IdentityProvider {
  url: string;
  issued: string[];
  /** Tokens the IMAP server asked about, in order. */
  introspected: string[];
  revoked: Set<string>;
  close(): Promise<void>;
}

async function startIdentityProvider(): Promise<IdentityProvider> {
  const issued: string[] = [];
  const introspected: string[] = [];
  const revoked = new Set<string>();
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const form = new URLSearchParams(body);
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (request.method === "POST" && request.url === "/token") {
        if (form.get("grant_type") !== "client_credentials")
          return json(400, { error: "unsupported_grant_type" });
        if (form.get("client_id") !== CLIENT_ID || form.get("client_secret") !== CLIENT_SECRET) {
          return json(401, { error: "invalid_client", error_description: "The client secret is not valid." });
        }
        if (form.get("scope") !== "https://outlook.office365.com/.default") {
          return json(400, { error: "invalid_scope" });
        }
        const token = `tok-${randomUUID()}`;
        issued.push(token);
        return json(200, { token_type: "Bearer", expires_in: 3599, access_token: token });
      }
      if (request.method === "POST" && request.url === "/introspect") {
        const token = form.get("token") ?? "";
        introspected.push(token);
        const active = issued.includes(token) && !revoked.has(token);
        return json(200, active ? { active: true, username: MAILBOX } : { active: false });
      }
      json(404, { error: "not_found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    issued,
    introspected,
    revoked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let database: Database;
let provider: IdentityProvider;
let dovecot: Dovecot;

before(async () => {
  if (skip) return;
  database = await openTestDatabase();
  await seedTwoOffices(database.db);
  provider = await startIdentityProvider();
  dovecot = await startDovecot(MAILBOX, "imap-secret", {
    oauth2IntrospectionUrl: `${provider.url}/introspect`,
  });
});
after(async () => {
  await dovecot?.stop();
  await provider?.close();
  await database?.close();
});

/** Settings as the operator writes them: the URL without a password, and the application's client. */
function settings(folder: string, secret = CLIENT_SECRET): ImapMailboxSettings {
  const { mailboxes } = imapSettings({
    imap: {
      IMAP_URL_OTT: `imap://ott%40dossier.test@127.0.0.1:${dovecot.port}/${encodeURIComponent(folder)}`,
      IMAP_OAUTH_TOKEN_URL_OTT: `${provider.url}/token`,
      IMAP_OAUTH_CLIENT_ID_OTT: CLIENT_ID,
      IMAP_OAUTH_CLIENT_SECRET_OTT: secret,
    },
  });
  return mailboxes[0]!;
}

async function appendTo(folder: string, subject: string): Promise<void> {
  const client = new ImapFlow({
    host: "127.0.0.1",
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    await client.mailboxCreate(folder);
    await client.append(
      folder,
      Buffer.from(
        [
          "From: Ana Souza <ana.souza@example.org>",
          `To: ${MAILBOX}`,
          `Subject: ${subject}`,
          `Message-ID: <${randomUUID()}@example.org>`,
          "Date: Tue, 01 Dec 2026 09:00:00 -0500",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Hello, I am writing about my application.",
          "",
        ].join("\r\n"),
      ),
    );
  } finally {
    await client.logout();
  }
}

const storedWith = (tag: string) =>
  database.db
    .select()
    .from(inboundMessages)
    .where(like(inboundMessages.subject, `%${tag}%`));

test("a mailbox read with an access token: the token is asked for once, Dovecot accepts it, the mail is stored", {
  skip,
}, async () => {
  const tag = `oauth-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, `Status ${tag}`);
  const before = provider.issued.length;
  provider.introspected.length = 0;

  const first = await pollImapMailbox(database.db, settings(tag));
  assert.deepEqual(first, { found: 1, stored: 1, marked: 1, tooLarge: 0 });
  const [row] = await storedWith(tag);
  assert.equal(row?.mailbox, MAILBOX);

  await appendTo(`${tag}-2`, `Status ${tag}-2`);
  const second = await pollImapMailbox(database.db, settings(`${tag}-2`));
  assert.equal(second.stored, 1);
  assert.ok(provider.issued.length - before <= 1, "the second poll used the token it already had");
  assert.equal((await storedWith(tag)).length, 2);
  assert.ok(provider.introspected.length >= 2, "Dovecot checked the token at each login");
  assert.ok(provider.introspected.every((token) => provider.issued.includes(token)));
});

test("a token revoked before its end is refused by the server; the next poll asks for a new one", {
  skip,
}, async () => {
  const tag = `revoked-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, `Revoked ${tag}`);
  await pollImapMailbox(database.db, settings(`${tag}-none`)).catch(() => undefined);
  for (const token of provider.issued) provider.revoked.add(token);
  const issuedBefore = provider.issued.length;

  await assert.rejects(pollImapMailbox(database.db, settings(tag)));
  assert.equal((await storedWith(tag)).length, 0, "nothing stored without a session");

  const retried = await pollImapMailbox(database.db, settings(tag));
  assert.deepEqual(retried, { found: 1, stored: 1, marked: 1, tooLarge: 0 });
  assert.equal(provider.issued.length, issuedBefore + 1, "one new token");
});

test("a wrong client secret: the error names the settings and the endpoint's answer, never the secret", {
  skip,
}, async () => {
  const wrong = settings("INBOX", "not-the-secret");
  forgetImapAccessToken(wrong.oauth2!);
  await assert.rejects(pollImapMailbox(database.db, wrong), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.match(
      error.message,
      /^IMAP_OAUTH_\*_OTT: no access token from http:\/\/127\.0\.0\.1:\d+\/token: HTTP 401/,
    );
    assert.match(error.message, /invalid_client/);
    assert.doesNotMatch(error.message, /not-the-secret/);
    return true;
  });
});

test("OAuth settings are checked before any poll, each error naming its variable", () => {
  const base = { IMAP_URL_OTT: "imaps://ott%40office.example@outlook.office365.com/INBOX" };
  const client = {
    IMAP_OAUTH_TOKEN_URL_OTT: "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
    IMAP_OAUTH_CLIENT_ID_OTT: CLIENT_ID,
    IMAP_OAUTH_CLIENT_SECRET_OTT: CLIENT_SECRET,
  };
  const [mailbox] = imapSettings({ imap: { ...base, ...client } }).mailboxes;
  assert.equal(mailbox?.user, "ott@office.example");
  assert.equal(mailbox?.password, "");
  assert.equal(mailbox?.oauth2?.scope, "https://outlook.office365.com/.default");
  assert.equal(mailbox?.port, 993);

  const refused = (imap: Record<string, string>, pattern: RegExp) =>
    assert.throws(
      () => imapSettings({ imap }),
      (error: unknown) => error instanceof AppError && pattern.test(error.message),
    );
  refused(
    base,
    /^IMAP_URL_OTT: must give the user name and password .* or the user name alone with IMAP_OAUTH_TOKEN_URL_OTT/,
  );
  refused(
    { IMAP_URL_OTT: "imaps://ott%40office.example:pw@outlook.office365.com", ...client },
    /^IMAP_URL_OTT: gives a password and IMAP_OAUTH_\*_OTT gives a token/,
  );
  refused(
    { ...base, ...client, IMAP_OAUTH_CLIENT_SECRET_OTT: "" },
    /^IMAP_OAUTH_CLIENT_SECRET_OTT: is required when another IMAP_OAUTH_\*_OTT is given/,
  );
  refused(
    { ...base, ...client, IMAP_OAUTH_TOKEN_URL_OTT: "http://login.example/token" },
    /^IMAP_OAUTH_TOKEN_URL_OTT: must use https:\/\//,
  );
  refused(
    { ...base, ...client, IMAP_OAUTH_CLIENT_ID_VAN: "x" },
    /^IMAP_OAUTH_CLIENT_ID_VAN: there is no IMAP_URL_VAN/,
  );
});

test("the office's manager mailbox is read the same way, with the office's client, and its mail is triaged as manager mail", {
  skip,
}, async () => {
  const tag = `manager-${randomUUID().slice(0, 8)}`;
  await appendTo(tag, `Urgent ${tag}`);
  const [manager] = imapSettings({
    imap: {
      IMAP_MANAGER_URL_OTT: `imap://ott%40dossier.test@127.0.0.1:${dovecot.port}/${encodeURIComponent(tag)}`,
      IMAP_OAUTH_TOKEN_URL_OTT: `${provider.url}/token`,
      IMAP_OAUTH_CLIENT_ID_OTT: CLIENT_ID,
      IMAP_OAUTH_CLIENT_SECRET_OTT: CLIENT_SECRET,
    },
  }).mailboxes;
  assert.equal(manager?.address, "manager");

  const result = await pollImapMailbox(database.db, manager!);
  assert.deepEqual(result, { found: 1, stored: 1, marked: 1, tooLarge: 0 });
  const [row] = await storedWith(tag);
  assert.equal(row?.mailbox, "ott-manager@dossier.test", "stored as mail to the manager address");

  await processInboundMail(database.db);
  const [enquiry] = await database.db
    .select()
    .from(enquiries)
    .where(like(enquiries.subject, `%${tag}%`));
  assert.ok(enquiry, "the message was processed into an enquiry");
  const replies = await database.db
    .select()
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.enquiryId, enquiry.id), eq(enquiryMessages.direction, "out")));
  // No file, no earlier enquiry, no stated reason for urgency: told to use the office's mailbox.
  assert.equal(replies.length, 1);
  assert.match(replies[0]!.bodyText ?? "", /ott@dossier\.test/);
});
