import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  type Classification,
  classifyMessage,
  MAX_CLASSIFIED_BYTES,
} from "../../../src/mail/classify-message.ts";

// Inbound mail is written by anyone. Whatever arrives, classification answers, quickly, and the
// answer comes from the readers themselves, not from the last-resort catch in classifyMessage.
const FIXTURES = fileURLToPath(new URL("../../fixtures/bounces/", import.meta.url));
const KINDS = new Set(["bounce", "delay", "auto-reply", "complaint", "other"]);

function assertWellFormed(c: Classification) {
  assert.ok(KINDS.has(c.kind), c.kind);
  assert.doesNotMatch(c.reason, /^could not be read/, "a reader threw");
  for (const r of c.recipients) {
    assert.equal(typeof r.address, "string");
    assert.equal(typeof r.permanent, "boolean");
  }
}

async function timed(raw: Uint8Array): Promise<{ c: Classification; ms: number }> {
  const start = performance.now();
  const c = await classifyMessage(raw);
  return { c, ms: performance.now() - start };
}

test("an empty or blank message is other, saying it is empty", async () => {
  for (const raw of [Buffer.alloc(0), Buffer.from("\r\n \r\n\t")]) {
    const c = await classifyMessage(raw);
    assert.deepEqual(c, {
      kind: "other",
      recipients: [],
      originalMessageId: null,
      correspondenceId: null,
      reason: "empty message",
    });
  }
});

test("something that is not bytes is other rather than an exception", async () => {
  const c = await classifyMessage("Subject: hello" as unknown as Buffer);
  assert.equal(c.kind, "other");
  assert.equal(c.reason, "not message bytes");
});

test("a message with headers and no body is other", async () => {
  const c = await classifyMessage(Buffer.from("From: someone@example.com\r\nSubject: hi\r\n"));
  assert.equal(c.kind, "other");
  assertWellFormed(c);
});

test("a 6 MB bounce is classified from its first 2 MB, and says so", async () => {
  const head = readFileSync(`${FIXTURES}postfix-user-unknown.eml`, "latin1").replace(
    /--4Vq2Kx1Lmz9tB\.1710271867\/smtp\.dossier\.test--\r\n$/,
    "",
  );
  const attachment = Buffer.alloc(4.5 * 1024 * 1024, 7)
    .toString("base64")
    .replace(/.{76}/g, "$&\r\n");
  const huge = Buffer.from(
    `${head}--4Vq2Kx1Lmz9tB.1710271867/smtp.dossier.test\r\nContent-Type: application/pdf\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n--4Vq2Kx1Lmz9tB.1710271867/smtp.dossier.test--\r\n`,
    "latin1",
  );
  assert.ok(huge.length > 3 * MAX_CLASSIFIED_BYTES);
  const { c, ms } = await timed(huge);
  assert.equal(c.kind, "bounce");
  assert.equal(c.recipients[0]?.address, "m.okafor@example.com");
  assert.equal(c.correspondenceId, "3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42");
  assert.match(c.reason, /only the first 2 MB were read/);
  assert.ok(ms < 3000, `${ms} ms`);
});

test("a notice cut at any point still gets an answer from the readers", async () => {
  for (const file of [
    "postfix-user-unknown.eml",
    "office365-recipient-not-found.eml",
    "exim-text-permanent.eml",
  ]) {
    const raw = readFileSync(FIXTURES + file);
    for (let end = 0; end <= raw.length; end += 41) {
      assertWellFormed(await classifyMessage(raw.subarray(0, end)));
    }
  }
});

test("random byte damage never makes a reader throw", async () => {
  // A small deterministic generator, so a failure can be replayed.
  let seed = 20240417;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const files = ["sendmail-dsn-mixed-recipients.eml", "gmail-address-not-found.eml", "arf-complaint.eml"];
  for (let round = 0; round < 150; round++) {
    const raw = Buffer.from(readFileSync(FIXTURES + files[round % files.length]!));
    for (let flips = 0; flips < 30; flips++) raw[next() % raw.length] = next() % 256;
    assertWellFormed(await classifyMessage(raw));
  }
});

test("hostile shapes are classified in linear time", async () => {
  const big = MAX_CLASSIFIED_BYTES - 4096;
  const header =
    "From: Mail Delivery System <MAILER-DAEMON@relay.example>\r\nSubject: Mail delivery failed\r\n";
  const cases: Record<string, string> = {
    "a line of dashes": `${header}\r\n${"-".repeat(big)}\r\n`,
    "an unclosed HTML tag": `${header}Content-Type: text/html\r\n\r\n${"<".repeat(big)}`,
    "unclosed style elements": `${header}Content-Type: text/html\r\n\r\n${"<style>".repeat(big / 7)}`,
    "the office's own address on every line": `${header}To: ottawa@dossier.test\r\n\r\n${"  ottawa@dossier.test\r\n".repeat(big / 24)}`,
    "a delivery status with a hundred thousand fields": `${header}Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@example.com\r\n${"X-Field: value\r\n".repeat(100_000)}--b--\r\n`,
    "two thousand nested multiparts": `${header}${"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n".repeat(2000)}`,
    "ten thousand parts": `${header}Content-Type: multipart/mixed; boundary=b\r\n\r\n${"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n".repeat(10_000)}--b--\r\n`,
    "an endless header": `Subject: ${"=?utf-8?q?".repeat(big / 10)}\r\n\r\nbody`,
    "digits and dots": `${header}\r\n${"5.1.1.".repeat(big / 6)}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    const { c, ms } = await timed(Buffer.from(text, "latin1"));
    assertWellFormed(c);
    // Quadratic behaviour on these inputs takes minutes; the bound leaves room for slow machines.
    assert.ok(ms < 5000, `${name}: ${ms} ms`);
  }
});

test("8-bit header bytes in an unknown charset are read, not rejected", async () => {
  const c = await classifyMessage(readFileSync(`${FIXTURES}eight-bit-headers-unknown-charset.eml`));
  assert.equal(c.kind, "bounce");
  assertWellFormed(c);
});
