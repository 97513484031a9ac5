import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { type Database, openDatabase, queryRows } from "../../src/db/database.ts";
import { migrate } from "../../src/db/migrate.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

// The command runs as its own process on a database prepared here: a PGlite directory, or a fresh
// database on the server when TEST_DATABASE_URL is set.
let env: Record<string, string>;
let dataDir: string;
let serverDb: string | null = null;

async function openShared(): Promise<Database> {
  return env.DATABASE_URL ? openDatabase({ url: env.DATABASE_URL }) : openDatabase({ dataDir });
}

function dossier(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/dossier.js", ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function serverAdmin(query: string) {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(query);
  await admin.end();
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "dossier-eta-import-"));
  env = { DOSSIER_DATA_DIR: dataDir, DATABASE_URL: "" };
  if (process.env.TEST_DATABASE_URL) {
    serverDb = `dossier_eta_cli_${process.pid}`;
    await serverAdmin(`drop database if exists ${serverDb} with (force)`);
    await serverAdmin(`create database ${serverDb}`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${serverDb}`;
    env.DATABASE_URL = url.toString();
  }
  const database = await openShared();
  await migrate(database.db);
  await seedTwoOffices(database.db);
  await database.close();
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (serverDb) await serverAdmin(`drop database if exists ${serverDb} with (force)`);
});

function application(familyName: string, passport: string, change: Record<string, unknown> = {}) {
  return JSON.stringify({
    applicant: {
      familyName,
      givenNames: "Alex",
      dateOfBirth: "1986-04-19",
      sex: "X",
      countryOfBirth: "AUS",
      citizenship: "AUS",
    },
    passport: { number: passport, type: "regular", country: "AUS", expiryDate: "2033-02-01" },
    email: `${passport.toLowerCase()}@example.org`,
    address: { line1: "4 Wattle Street", city: "Perth", postalCode: "6000", country: "AUS" },
    answers: { criminalOffence: false },
    ...change,
  });
}

test("a file with good and bad lines: each bad line named on stderr, good ones imported, exit 1", async () => {
  const file = join(dataDir, "batch.jsonl");
  const lines = [
    application("Mitchell", "PA1000001"),
    "{ this is not json",
    application("Nguyen", "PA1000002"),
    application("Byrne", "PA1000003", {
      passport: { number: "PA1000003", type: "tourist", country: "AUS", expiryDate: "2033-02-01" },
    }),
    application("Mitchell", "PA1000001"),
    "",
    application("Kaur", "PA1000004", { officeCode: "NOPE" }),
    application("O'Sullivan", "PA1000005"),
  ];
  writeFileSync(file, `${lines.join("\n")}\n`);
  const { code, stdout, stderr } = await dossier([
    "eta",
    "import",
    file,
    "--as",
    "ana@dossier.test",
    "--batch",
    "3",
  ]);
  assert.equal(code, 1, stderr);
  assert.match(stderr, /^line 2: not a JSON object/m);
  assert.match(stderr, /^line 4: passport\.type: must be one of regular, diplomatic/m);
  assert.match(stderr, /^line 7: officeCode: no office NOPE/m);
  assert.doesNotMatch(stderr, /^line (1|3|5|8):/m);
  assert.match(stderr, /eta import +\[#+-*\] +100%/);
  assert.match(
    stdout,
    /Imported 3 eTA applications: 3 approved, 0 referred; 1 duplicates not imported again; 3 lines refused;/,
  );
  const database = await openShared();
  try {
    const rows = await queryRows<{ family_name: string; status: string; line_of_business: string }>(
      database.db,
      sql`select e.family_name, e.status, a.line_of_business from eta_applications e join applications a on a.id = e.application_id order by a.file_number`,
    );
    assert.deepEqual(
      rows.map((r) => [r.family_name, r.status, r.line_of_business]),
      [
        ["Mitchell", "approved", "eta"],
        ["Nguyen", "approved", "eta"],
        ["O'Sullivan", "approved", "eta"],
      ],
    );
  } finally {
    await database.close();
  }
});

test("bad flags and an unreadable file exit 2 naming the problem", async () => {
  const badBatch = await dossier(["eta", "import", "x.jsonl", "--batch", "0"]);
  assert.equal(badBatch.code, 2);
  assert.match(badBatch.stderr, /--batch: must be a whole number from 1 to 5000/);
  const missing = await dossier([
    "eta",
    "import",
    join(dataDir, "nowhere.jsonl"),
    "--as",
    "ana@dossier.test",
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nowhere\.jsonl \(no such file\)/);
  const unknownFlag = await dossier(["eta", "import", "x.jsonl", "--fast"]);
  assert.equal(unknownFlag.code, 2);
});
