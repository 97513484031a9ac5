import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

let dir: string;

function dossier(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/dossier.js", ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "dossier-identity-"));
  writeFileSync(
    join(dir, "base.csv"),
    [
      "\uFEFFid,given_name,family_name,date_of_birth,sex,country_of_birth,document_number,street,city,postal_code,region",
      'C1,Mohammed,Hassan,1980-03-07,M,EGY,A1234567,"12 King St, apt 3",Montréal,H2X 1Y4,QC',
      "C2,Ana,García-López,19750520,F,ESP,PAB123456,,,,",
      "C3,Wei,Zhang,1990-01-01,M,CHN,E12345678,,,,",
      "C4,Hoa,Tran,1961-10-02,F,VNM,,,,,",
      "",
    ].join("\r\n"),
  );
  writeFileSync(
    join(dir, "incoming.csv"),
    [
      "Ref,First,family_name,date_of_birth,sex,country_of_birth,document_number",
      "I1,Muhammad,Hasan,1980-07-03,M,EGY,A1234567",
      "I2,Ana,García,1975-05-20,F,ESP,PAB123456",
      "I3,Olga,Petrova,1988-08-08,F,RUS,770000111",
      '"I,4",Hoa,Tran,1961-10-12,F,,',
      "",
    ].join("\n"),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("identity link writes one line per incoming record: match, review or new, with the score", async () => {
  const out = join(dir, "links.csv");
  const result = await dossier([
    "identity",
    "link",
    "--base",
    join(dir, "base.csv"),
    "--incoming",
    join(dir, "incoming.csv"),
    "--out",
    out,
    "--map",
    "id=Ref",
    "--map",
    "given_name=First",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const lines = readFileSync(out, "utf8").trimEnd().split("\n");
  assert.equal(lines[0], "incoming_id,decision,base_id,score");
  const byId = new Map(
    lines.slice(1).map((line) => [line.startsWith('"') ? "I,4" : line.split(",")[0]!, line]),
  );
  assert.match(byId.get("I1")!, /^I1,match,C1,\d+\.\d\d$/);
  assert.match(byId.get("I2")!, /^I2,match,C2,\d+\.\d\d$/);
  assert.equal(byId.get("I3"), "I3,new,,");
  assert.match(byId.get("I,4")!, /^"I,4",(review|match),C4,-?\d+\.\d\d$/);
  assert.match(result.stderr, /4 incoming against 4 base records/);
});

test("--estimate fits m and u to the two files and still links the obvious ones", async () => {
  const out = join(dir, "estimated.csv");
  const result = await dossier([
    "identity",
    "link",
    "--base",
    join(dir, "base.csv"),
    "--incoming",
    join(dir, "incoming.csv"),
    "--out",
    out,
    "--map",
    "id=Ref",
    "--map",
    "given_name=First",
    "--estimate",
  ]);
  assert.equal(result.code, 0, result.stderr);
  const lines = readFileSync(out, "utf8").trimEnd().split("\n");
  assert.equal(lines.length, 5);
  assert.match(lines.find((l) => l.startsWith("I1,"))!, /^I1,match,C1,/);
  assert.equal(
    lines.find((l) => l.startsWith("I3,")),
    "I3,new,,",
  );
});

test("a bad date names the file's flag, the line and the field, and writes nothing", async () => {
  const bad = join(dir, "bad.csv");
  writeFileSync(bad, "id,given_name,date_of_birth\nX1,Ana,1975-05-20\nX2,Bo,31/12/1980\n");
  const out = join(dir, "never.csv");
  const result = await dossier([
    "identity",
    "link",
    "--base",
    join(dir, "base.csv"),
    "--incoming",
    bad,
    "--out",
    out,
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--incoming: line 3: date_of_birth: "31\/12\/1980" is not a real date/);
  assert.throws(() => readFileSync(out));
});

test("bad flags exit 2 with a message naming the flag", async () => {
  const unknown = await dossier(["identity", "link", "--bases", "x"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--bases/);
  const missing = await dossier(["identity", "link", "--incoming", "b.csv", "--out", "c.csv"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /base: is required/);
  const map = await dossier([
    "identity",
    "link",
    "--base",
    "a",
    "--incoming",
    "b",
    "--out",
    "c",
    "--map",
    "nickname=Nick",
  ]);
  assert.equal(map.code, 2);
  assert.match(map.stderr, /--map nickname=Nick: names an unknown field/);
  const noFile = await dossier([
    "identity",
    "link",
    "--base",
    join(dir, "nope.csv"),
    "--incoming",
    "b",
    "--out",
    "c",
  ]);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /--base: cannot read .*nope\.csv \(no such file\)/);
});
