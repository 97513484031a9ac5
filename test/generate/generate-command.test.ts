import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { generateCommand } from "../../src/cli/commands/generate.ts";
import { formatDuration, formatProgress } from "../../src/cli/progress-bar.ts";
import { isAppError } from "../../src/shared/errors.ts";

const dataDir = mkdtempSync(join(tmpdir(), "dossier-generate-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test("bad flags are refused with a message naming the flag, as bad input (exit code 2)", async () => {
  const cases: [string[], RegExp][] = [
    [[], /^--clients: is required/],
    [["--clients", "abc"], /^--clients: must be a whole number$/],
    [["--clients", "0"], /^--clients: must be at least 1$/],
    [["--clients=-5"], /^--clients: must be at least 1$/],
    [["--clients", "-5"], /'--clients' argument is ambiguous/],
    [["--clients", "2.5"], /^--clients: must be a whole number$/],
    [["--clients", "10", "--applications=-1"], /^--applications: must be 0 or more$/],
    [["--clients", "10", "--applications", "many"], /^--applications: must be a whole number$/],
    [["--clients", "10", "--seed", "1.5"], /^--seed: must be a whole number$/],
    [["--clients", "10", "--office", "ottawa office"], /^--office: must be 2 to 16 capital letters/],
    [["--clients", "10", "--bogus"], /bogus/],
    [["--clients", "10", "extra"], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) {
    await assert.rejects(generateCommand.run(args), (error: unknown) => {
      assert.ok(isAppError(error) && error.code === "invalid_input", `${args.join(" ")}: ${String(error)}`);
      assert.match(error.message, message);
      return true;
    });
  }
});

test("generates into the configured database and reports the seed", async () => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DOSSIER_DATA_DIR: process.env.DOSSIER_DATA_DIR };
  process.env.DATABASE_URL = "";
  process.env.DOSSIER_DATA_DIR = dataDir;
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    assert.equal(await generateCommand.run(["--clients", "40", "--applications", "0", "--seed", "9"]), 0);
    await assert.rejects(
      generateCommand.run(["--clients", "1", "--office", "XYZ"]),
      /--office: no office has the code XYZ$/,
    );
  } finally {
    console.log = log;
    Object.assign(process.env, saved);
  }
  assert.match(printed.join("\n"), /^Generated 40 clients and 0 applications in [\d.]+ s \(seed 9;/);
});

test("a progress line shows the share done, the rate and the time left", () => {
  const line = formatProgress({
    label: "generate",
    done: 250_000,
    total: 1_000_000,
    elapsedMs: 10_000,
    unit: "records",
  });
  assert.equal(
    line,
    "generate  [######------------------]   25%  250,000/1,000,000 records  25,000 records/s  ETA 0:30",
  );
  const done = formatProgress({ label: "generate", done: 10, total: 10, elapsedMs: 2_000, unit: "records" });
  assert.match(done, /100% {2}10\/10 records {2}5 records\/s$/);
  assert.equal(formatDuration(75), "1:15");
  assert.equal(formatDuration(3725), "1:02:05");
});
