import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

// The command needs no database: it runs with DATABASE_URL pointing nowhere and an empty data
// directory, and must neither fail on them nor create anything there.
const dir = mkdtempSync(join(tmpdir(), "dossier-recourse-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function dossier(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/dossier.js", "recourse", ...args], {
      env: {
        ...process.env,
        DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
        DOSSIER_DATA_DIR: join(dir, "no-database"),
        DOSSIER_HOLIDAYS_FILE: "",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Printed {
  asOf: string;
  options: { kind: string; available: boolean; deadline: string | null; basis: string; reason: string }[];
}

function byKind(stdout: string) {
  const printed = JSON.parse(stdout) as Printed;
  return Object.fromEntries(printed.options.map((o) => [o.kind, o]));
}

test("dossier recourse prints the options as JSON: in Canada, leave by the working day after Christmas and Boxing Day", async () => {
  const result = await dossier([
    "--decision",
    "refusal",
    "--line",
    "temporary-residence",
    "--notified",
    "2026-12-10",
    "--arising",
    "canada",
    "--today",
    "2026-12-11",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const printed = JSON.parse(result.stdout) as Printed;
  assert.equal(printed.asOf, "2026-12-11");
  assert.deepEqual(
    printed.options.map((o) => [o.kind, o.available, o.deadline]),
    [
      ["iad-appeal", false, null],
      ["judicial-review-leave", true, "2026-12-28"],
      ["reconsideration", true, null],
      ["atip-notes", true, null],
      ["reapply", true, null],
    ],
  );
  for (const option of printed.options) assert.ok(option.basis && option.reason, option.kind);
  assert.equal(existsSync(join(dir, "no-database")), false);
});

test("outside Canada the same refusal gives 60 days; a sponsorship appeal comes first", async () => {
  const outside = await dossier(
    [
      "--decision",
      "refusal",
      "--line",
      "temporary-residence",
      "--notified",
      "2026-12-10",
      "--arising",
      "outside",
    ].concat(["--today", "2026-12-11"]),
  );
  assert.equal(outside.code, 0, outside.stderr);
  // Day 60 is Monday 8 February 2027.
  assert.equal(byKind(outside.stdout)["judicial-review-leave"]?.deadline, "2027-02-08");
  const sponsorship = await dossier([
    "--decision",
    "refusal",
    "--line",
    "family-sponsorship",
    "--notified",
    "2026-12-10",
    "--arising",
    "outside",
    "--today",
    "2026-12-11",
  ]);
  const options = byKind(sponsorship.stdout);
  assert.equal(options["iad-appeal"]?.deadline, "2027-01-11");
  assert.equal(options["judicial-review-leave"]?.available, false);
  assert.equal(options["judicial-review-leave"]?.deadline, null);
});

test("--inadmissibility security removes the appeal of a removal order; misrepresentation bars reapplying", async () => {
  const security = await dossier([
    "--decision",
    "removal-order",
    "--line",
    "permanent-residence",
    "--notified",
    "2026-11-02",
    "--arising",
    "canada",
    "--inadmissibility",
    "security",
    "--today",
    "2026-11-03",
  ]);
  assert.equal(security.code, 0, security.stderr);
  const options = byKind(security.stdout);
  assert.equal(options["iad-appeal"]?.available, false);
  assert.equal(options["judicial-review-leave"]?.deadline, "2026-11-17");
  const misrepresentation = await dossier([
    "--decision",
    "refusal",
    "--line",
    "eta",
    "--notified",
    "2026-11-02",
    "--arising",
    "outside",
    "--inadmissibility",
    "misrepresentation",
    "--today",
    "2026-11-03",
  ]);
  assert.equal(byKind(misrepresentation.stdout).reapply?.available, false);
  assert.match(byKind(misrepresentation.stdout).reapply?.reason ?? "", /from 2031-11-03/);
});

test("bad input exits 2 with a message on stderr naming the flag, and prints nothing on stdout", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["--decision", "refusal", "--line", "student", "--notified", "2026-11-02", "--arising", "canada"],
      /--line: must be one of temporary-residence, eta, permanent-residence, family-sponsorship, citizenship/,
    ],
    [
      ["--decision", "refusal", "--line", "eta", "--notified", "2026-02-30", "--arising", "canada"],
      /--notified: must be a real date written YYYY-MM-DD/,
    ],
    [
      [
        "--decision",
        "refusal",
        "--line",
        "eta",
        "--notified",
        "2026-11-04",
        "--arising",
        "canada",
        "--today",
        "2026-11-03",
      ],
      /--notified: must not be in the future/,
    ],
    [["--decision", "refusal", "--line", "eta", "--arising", "canada"], /--notified: is required/],
    [
      [
        "--decision",
        "residency-obligation",
        "--line",
        "citizenship",
        "--notified",
        "2026-11-02",
        "--arising",
        "outside",
      ],
      /--decision: a residency-obligation decision concerns a permanent resident/,
    ],
    [["--decision", "refusal", "--lines", "eta"], /Unknown option '--lines'/],
  ];
  for (const [args, message] of cases) {
    const result = await dossier(args);
    assert.equal(result.code, 2, args.join(" "));
    assert.match(result.stderr, message);
    assert.equal(result.stdout, "");
  }
});

test("DOSSIER_HOLIDAYS_FILE replaces the calendar; a date beyond its years exits 2 instead of guessing", async () => {
  const path = join(dir, "closures.json");
  writeFileSync(
    path,
    JSON.stringify({
      name: "Closures 2026",
      firstYear: 2026,
      lastYear: 2026,
      holidays: [{ date: "2026-11-17", en: "Office closure", fr: "Fermeture du bureau" }],
    }),
  );
  const args = ["--decision", "refusal", "--line", "eta", "--notified", "2026-11-02", "--arising", "canada"];
  const moved = await dossier([...args, "--today", "2026-11-03"], { DOSSIER_HOLIDAYS_FILE: path });
  assert.equal(moved.code, 0, moved.stderr);
  assert.equal(byKind(moved.stdout)["judicial-review-leave"]?.deadline, "2026-11-18");
  assert.match(byKind(moved.stdout)["judicial-review-leave"]?.reason ?? "", /2026-11-17 \(Office closure\)/);
  const beyond = await dossier(
    [
      "--decision",
      "refusal",
      "--line",
      "eta",
      "--notified",
      "2026-11-20",
      "--arising",
      "outside",
      "--today",
      "2026-11-21",
    ],
    { DOSSIER_HOLIDAYS_FILE: path },
  );
  assert.equal(beyond.code, 2);
  assert.match(
    beyond.stderr,
    /--notified: the date 2027-01-19 falls outside the holiday calendar "Closures 2026"/,
  );
  const missing = await dossier([...args, "--today", "2026-11-03"], {
    DOSSIER_HOLIDAYS_FILE: join(dir, "nope.json"),
  });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /DOSSIER_HOLIDAYS_FILE: cannot read .*nope\.json \(no such file\)/);
});
