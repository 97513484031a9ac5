import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PDFDocument } from "pdf-lib";
import pg from "pg";
import { evidenceCommand } from "../../src/cli/commands/evidence.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { migrate } from "../../src/db/migrate.ts";
import { AppError } from "../../src/shared/errors.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { sendThroughDispatcher } from "./evidence-fixtures.ts";

// The command opens the configured database itself: a PGlite directory, or a database of its own on
// the server when TEST_DATABASE_URL is set (openTestDatabase's would not be reachable by URL).
let dataDir: string;
let serverDb: string | null = null;
let correspondenceId: string;
let sentBytes: Buffer;
let fileNumber: string;

async function openShared(): Promise<Database> {
  return process.env.DATABASE_URL
    ? openDatabase({ url: process.env.DATABASE_URL })
    : openDatabase({ dataDir });
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "dossier-evidence-cli-"));
  process.env.DOSSIER_DATA_DIR = dataDir;
  process.env.DATABASE_URL = "";
  if (process.env.TEST_DATABASE_URL) {
    serverDb = `dossier_evidence_cli_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${serverDb} with (force)`);
    await admin.query(`create database ${serverDb}`);
    await admin.end();
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${serverDb}`;
    process.env.DATABASE_URL = url.toString();
  }
  const database = await openShared();
  const sink = await startSmtpSink();
  try {
    await migrate(database.db);
    const seed = await seedTwoOffices(database.db);
    const { queued, received } = await sendThroughDispatcher(
      database.db,
      seed.ottawa,
      sink,
      seed.application.fileNumber,
      "Demande de documents supplémentaires",
    );
    correspondenceId = queued.id;
    fileNumber = seed.application.fileNumber;
    sentBytes = received[0]!.raw;
  } finally {
    await sink.close();
    // PGlite lets one process hold a data directory at a time; the command opens it next.
    await database.close();
  }
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (serverDb && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${serverDb} with (force)`);
    await admin.end();
  }
});

test("dossier evidence ID --out DIR writes the PDF, the archived message and the JSON", async (t) => {
  const out = join(dataDir, "evidence-out");
  const printed: string[] = [];
  t.mock.method(console, "log", (line: string) => printed.push(line));
  assert.equal(await evidenceCommand.run([correspondenceId, "--out", out, "--as", "ANA@dossier.test"]), 0);
  t.mock.restoreAll();
  assert.deepEqual(readdirSync(out).sort(), [
    `evidence-${correspondenceId}.json`,
    `evidence-${correspondenceId}.pdf`,
    `message-${correspondenceId}.eml`,
  ]);
  const eml = readFileSync(join(out, `message-${correspondenceId}.eml`));
  assert.ok(eml.equals(sentBytes), "the .eml on disk is what the SMTP server received");
  const facts = JSON.parse(readFileSync(join(out, `evidence-${correspondenceId}.json`), "utf8"));
  assert.equal(facts.message.copy.computedSha256, createHash("sha256").update(sentBytes).digest("hex"));
  assert.equal(facts.generatedBy, "ana <ana@dossier.test>");
  const pdf = await PDFDocument.load(readFileSync(join(out, `evidence-${correspondenceId}.pdf`)));
  assert.ok(pdf.getPageCount() >= 2);
  // Each file is listed with its hash, then the findings.
  assert.match(
    printed[0] ?? "",
    new RegExp(`evidence-${correspondenceId}\\.pdf  \\d+ bytes  sha256 [0-9a-f]{64}$`),
  );
  assert.ok(printed.some((line) => line.startsWith("No undelivered notice for this message was received")));
});

test("dossier evidence FILE_NUMBER --out DIR writes the whole file's package: summary PDF, each message, JSON", async (t) => {
  const out = join(dataDir, "litigation-out");
  const printed: string[] = [];
  t.mock.method(console, "log", (line: string) => printed.push(line));
  assert.equal(await evidenceCommand.run([fileNumber, "--out", out, "--as", "ana@dossier.test"]), 0);
  t.mock.restoreAll();
  assert.deepEqual(readdirSync(out).sort(), [
    `litigation-${fileNumber}.json`,
    `litigation-${fileNumber}.pdf`,
    `message-${correspondenceId}.eml`,
  ]);
  assert.ok(readFileSync(join(out, `message-${correspondenceId}.eml`)).equals(sentBytes));
  assert.ok(printed.includes(`1 letter(s) on file ${fileNumber}: 1 by email, 0 on paper.`));
});

test("bad input is refused with a message naming it", async () => {
  const refusal = async (args: string[]) => {
    try {
      await evidenceCommand.run(args);
    } catch (error) {
      assert.ok(error instanceof AppError);
      return error.message;
    }
    assert.fail(`expected ${args.join(" ")} to be refused`);
  };
  assert.match(await refusal([correspondenceId]), /^--out: is required/);
  assert.match(await refusal(["--out", "/tmp/x"]), /^give one correspondence id/);
  assert.equal(
    await refusal([correspondenceId, "--out", join(dataDir, "x"), "--as", "liam@dossier.test"]),
    `correspondenceId: no correspondence ${correspondenceId} in your offices`,
  );
  assert.equal(
    await refusal([correspondenceId, "--out", join(dataDir, "x"), "--as", "nobody@dossier.test"]),
    "--as: no active user nobody@dossier.test",
  );
});
