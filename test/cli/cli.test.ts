import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { type CliDatabase, prepareCliDatabase } from "../support/cli.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

// The CLI runs as its own process on the same database the test prepares.
let cli: CliDatabase;
const dossier = (args: string[]) => cli.dossier(args);

before(async () => {
  cli = await prepareCliDatabase("cli", async (db) => {
    await seedTwoOffices(db);
  });
});
after(() => cli.remove());

test("dossier migrate reports an up-to-date database", async () => {
  const result = await dossier(["migrate"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /is up to date/);
});

test("dossier users add and apikey create; bad flags exit 2 naming the rule", async () => {
  const added = await dossier([
    "users",
    "add",
    "--email",
    "Rita@Dossier.test",
    "--name",
    "Rita",
    "--office",
    "OTT:program-manager",
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /^Added Rita <rita@dossier\.test>/);
  assert.match(added.stdout, /Password \(shown once\): \S{16}/);
  const key = await dossier(["apikey", "create", "--user", "rita@dossier.test"]);
  assert.equal(key.code, 0, key.stderr);
  assert.match(key.stdout.trim(), /^dsr_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{43}$/);

  const badRole = await dossier([
    "users",
    "add",
    "--email",
    "x@dossier.test",
    "--name",
    "X",
    "--office",
    "OTT:boss",
  ]);
  assert.equal(badRole.code, 2);
  assert.match(badRole.stderr, /memberships\.0\.role: must be one of officer/);
  const badOffice = await dossier([
    "users",
    "add",
    "--email",
    "x@dossier.test",
    "--name",
    "X",
    "--office",
    "PAR:officer",
  ]);
  assert.equal(badOffice.code, 2);
  assert.match(badOffice.stderr, /memberships\.0\.officeCode: no office has the code PAR/);
  const unknownUser = await dossier(["apikey", "create", "--user", "nobody@dossier.test"]);
  assert.equal(unknownUser.code, 2);
  assert.match(unknownUser.stderr, /user: no user has the email nobody@dossier\.test/);
  const unknownFlag = await dossier(["apikey", "create", "--usr", "x"]);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.stderr, /Unknown option '--usr'/);
});

test("dossier audit verify exits 0 on an intact chain and 1 naming the first tampered event", async () => {
  const intact = await dossier(["audit", "verify"]);
  assert.equal(intact.code, 0, intact.stderr);
  assert.match(intact.stdout, /^Audit chain intact: \d+ events/);

  await cli.withDatabase(async ({ db }) => {
    await db.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
    await db.execute(sql`update audit_events set actor_label = 'someone else' where seq = 3`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_immutable`);
  });

  const broken = await dossier(["audit", "verify"]);
  assert.equal(broken.code, 1);
  assert.match(
    broken.stdout,
    /^Audit chain BROKEN at event 3: its content does not match its hash\. 2 events before it are intact\./,
  );
});

test("dossier serve refuses an unknown part and the dispatcher without SMTP_URL", async () => {
  const badPart = await dossier(["serve", "--only", "everything"]);
  assert.equal(badPart.code, 2);
  assert.match(badPart.stderr, /--only: "everything" must be one of web, mail, dispatcher, scheduler/);
  const noSmtp = await dossier(["serve", "--only", "dispatcher"]);
  assert.equal(noSmtp.code, 2);
  assert.match(noSmtp.stderr, /SMTP_URL: is required to run the dispatcher/);
  const unknown = await dossier(["frobnicate"]);
  assert.equal(unknown.code, 2);
});

test("dossier serve --only web --only mail answers HTTP and SMTP, and stops on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    ["bin/dossier.js", "serve", "--only", "web", "--only", "mail", "--port", "0", "--smtp-port", "0"],
    {
      env: { ...process.env, ...cli.env },
    },
  );
  let stdout = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      if (/database/.test(stdout)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
  await ready;
  const web = /web\s+(http:\/\/\S+)/.exec(stdout)?.[1];
  const smtpPort = Number(/mail\s+smtp:\/\/[^:]+:(\d+)/.exec(stdout)?.[1]);
  assert.ok(web, stdout);
  assert.deepEqual(await (await fetch(`${web}/healthz`)).json(), { ok: true });
  const { createConnection } = await import("node:net");
  const greeting = await new Promise<string>((resolve) => {
    const socket = createConnection(smtpPort, "127.0.0.1");
    socket.once("data", (d) => {
      resolve(String(d));
      socket.end("QUIT\r\n");
    });
  });
  assert.match(greeting, /^220 /);
  assert.doesNotMatch(stdout, /dispatcher|scheduler/);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  assert.equal(await exited, 0);
});
