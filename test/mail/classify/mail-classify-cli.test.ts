import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { mailClassifyCommand } from "../../../src/cli/commands/mail-classify.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures/bounces/", import.meta.url));
const BOUNCE = `${FIXTURES}postfix-user-unknown.eml`;
const REPLY = `${FIXTURES}human-reply.eml`;
const MISSING = `${FIXTURES}no-such-message.eml`;

/** Runs the command in this process with console output captured. */
async function runCaptured(args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => stdout.push(parts.join(" "));
  console.error = (...parts: unknown[]) => stderr.push(parts.join(" "));
  try {
    const code = await mailClassifyCommand.run(args);
    return { code, stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
  }
}

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

const EXPECTED_BOUNCE_LINE = {
  file: BOUNCE,
  kind: "bounce",
  recipients: [{ address: "m.okafor@example.com", status: "5.1.1", permanent: true }],
  correspondenceId: "3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42",
};

test("mail classify prints one JSON line per file, in order, with the documented fields first", async () => {
  const { code, stdout, stderr } = await runCaptured([BOUNCE, REPLY]);
  assert.equal(code, 0);
  assert.deepEqual(stderr, []);
  assert.equal(stdout.length, 2);
  const [bounce, reply] = stdout.map((line) => JSON.parse(line));
  assert.deepEqual(Object.keys(bounce).slice(0, 4), ["file", "kind", "recipients", "correspondenceId"]);
  assert.deepEqual(
    {
      file: bounce.file,
      kind: bounce.kind,
      recipients: bounce.recipients,
      correspondenceId: bounce.correspondenceId,
    },
    EXPECTED_BOUNCE_LINE,
  );
  assert.equal(bounce.originalMessageId, "<3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42@dossier.test>");
  assert.match(bounce.reason, /RFC 3464/);
  assert.deepEqual([reply.file, reply.kind, reply.recipients], [REPLY, "other", []]);
});

test("an unreadable file is named on stderr, the others are still classified, and the exit code is 2", async () => {
  const { code, stdout, stderr } = await runCaptured([MISSING, BOUNCE]);
  assert.equal(code, 2);
  assert.equal(stdout.length, 1);
  assert.equal(JSON.parse(stdout[0]!).kind, "bounce");
  assert.equal(stderr.length, 1);
  assert.match(stderr[0]!, /cannot read .*no-such-message\.eml: no such file/);
});

test("a directory is unreadable as a message", async () => {
  const { code, stderr } = await runCaptured([FIXTURES]);
  assert.equal(code, 2);
  assert.match(stderr[0]!, /cannot read/);
});

test("no file at all is a usage error", async () => {
  const { code, stdout, stderr } = await runCaptured([]);
  assert.equal(code, 2);
  assert.deepEqual(stdout, []);
  assert.match(stderr.join("\n"), /name at least one message file/);
});

test("dossier mail classify runs as its own process", async () => {
  const help = await dossier(["mail", "classify", "--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /mail classify FILE/);
  const { code, stdout, stderr } = await dossier(["mail", "classify", BOUNCE, MISSING]);
  assert.equal(code, 2);
  assert.match(stderr, /no-such-message\.eml/);
  const lines = stdout.trim().split("\n");
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!);
  assert.deepEqual(
    {
      file: line.file,
      kind: line.kind,
      recipients: line.recipients,
      correspondenceId: line.correspondenceId,
    },
    EXPECTED_BOUNCE_LINE,
  );
});
