#!/usr/bin/env node
// Runs every test file with Node's test runner: once on embedded PGlite, then, when
// TEST_DATABASE_URL is set, the files that use a database again on that PostgreSQL server.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = findTests("test")
  .filter((file) => filter.length === 0 || filter.some((f) => file.includes(f)))
  .sort();
const concurrency = process.env.TEST_CONCURRENCY ?? "2";

function run(label, env, list) {
  console.log(`\n# ${label}: ${list.length} test files`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-timeout=300000", ...list],
    { stdio: "inherit", env: { ...process.env, ...env } },
  );
  return result.status ?? 1;
}

const { TEST_DATABASE_URL, ...withoutServer } = process.env;
let status = run("PostgreSQL embedded (PGlite)", { ...withoutServer, TEST_DATABASE_URL: "" }, files);
if (TEST_DATABASE_URL) {
  const dbFiles = files.filter((file) => /openTestDatabase|openWebFixture/.test(readFileSync(file, "utf8")));
  status =
    run(`PostgreSQL server (${new URL(TEST_DATABASE_URL).host})`, { TEST_DATABASE_URL }, dbFiles) || status;
} else {
  console.log(
    "\n# PostgreSQL server pass skipped: TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
}
process.exit(status);
