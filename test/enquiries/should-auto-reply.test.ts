import assert from "node:assert/strict";
import { test } from "node:test";
import { type AutoReplyInput, shouldAutoReply } from "../../src/enquiries/should-auto-reply.ts";

const MAILBOX = "ottawa-immigration@office.example";
const now = new Date("2026-03-02T15:00:00Z");

function message(headers: [string, string][], extra: Partial<AutoReplyInput> = {}): AutoReplyInput {
  const defaults: [string, string][] = [
    ["From", "Anh Nguyen <anh.nguyen@example.com>"],
    ["Subject", "Study permit V000012345"],
  ];
  const given = new Set(headers.map(([name]) => name));
  return {
    headers: [...defaults.filter(([name]) => !given.has(name)), ...headers].map(([name, value]) => ({
      name,
      value,
    })),
    envelopeFrom: "anh.nguyen@example.com",
    ourMailbox: MAILBOX,
    recentAutoReplies: [],
    now,
    ...extra,
  };
}

test("a person's first message gets an automatic reply", () => {
  assert.deepEqual(shouldAutoReply(message([])), {
    send: true,
    reason: "a message written by a person, within the per-sender limit",
  });
  assert.equal(shouldAutoReply(message([["Auto-Submitted", "no"]])).send, true);
});

test("RFC 3834: no reply to a message marked Auto-Submitted other than no", () => {
  const decision = shouldAutoReply(message([["Auto-Submitted", "auto-replied; owner-email=a@example.com"]]));
  assert.deepEqual(decision, { send: false, reason: "Auto-Submitted: auto-replied (RFC 3834)" });
  assert.equal(shouldAutoReply(message([["Auto-Submitted", "auto-generated"]])).send, false);
});

test("no reply to bulk, list or junk mail, nor to a mailing list", () => {
  for (const precedence of ["bulk", "list", "junk"]) {
    const decision = shouldAutoReply(message([["Precedence", precedence]]));
    assert.equal(decision.send, false, precedence);
    assert.match(decision.reason, new RegExp(`Precedence: ${precedence}`));
  }
  const list = shouldAutoReply(message([["List-Id", "Immigration news <news.lists.example.org>"]]));
  assert.equal(list.send, false);
  assert.match(list.reason, /mailing list/);
});

test("X-Loop naming our own mailbox stops the loop", () => {
  const decision = shouldAutoReply(message([["X-Loop", MAILBOX.toUpperCase()]]));
  assert.deepEqual(decision, { send: false, reason: `X-Loop names this mailbox (${MAILBOX})` });
  assert.equal(shouldAutoReply(message([["X-Loop", "helpdesk@other.example"]])).send, true);
});

test("no reply to the null return path, mailer-daemon or a no-reply address", () => {
  assert.deepEqual(shouldAutoReply(message([], { envelopeFrom: "" })), {
    send: false,
    reason: "null return path (RFC 3834 §2)",
  });
  assert.equal(shouldAutoReply(message([["Return-Path", "<>"]], { envelopeFrom: null })).send, false);
  const daemon = shouldAutoReply(
    message([["From", "Mail Delivery System <MAILER-DAEMON@mx.example.com>"]], {
      envelopeFrom: "mailer-daemon@mx.example.com",
    }),
  );
  assert.equal(daemon.send, false);
  assert.match(daemon.reason, /mail robot/);
  const noreply = shouldAutoReply(
    message([["From", "Portal <no-reply@portal.example>"]], { envelopeFrom: "bounces+123@portal.example" }),
  );
  assert.equal(noreply.send, false);
  assert.equal(
    shouldAutoReply(message([], { envelopeFrom: "owner-immigration-l@lists.example" })).send,
    false,
  );
});

test("an out-of-office notice without RFC 3834 marks is still recognised by its subject", () => {
  const decision = shouldAutoReply(message([["Subject", "Réponse automatique : Absent du bureau"]]));
  assert.equal(decision.send, false);
});

test("at most three automatic replies a day to one sender, so two robots cannot loop", () => {
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 60 * 60 * 1000);
  const three = shouldAutoReply(message([], { recentAutoReplies: [hoursAgo(1), hoursAgo(5), hoursAgo(23)] }));
  assert.deepEqual(three, {
    send: false,
    reason: "3 automatic replies already sent to this sender in the last 24 hours (limit 3)",
  });
  assert.equal(
    shouldAutoReply(message([], { recentAutoReplies: [hoursAgo(1), hoursAgo(5), hoursAgo(25)] })).send,
    true,
  );
  const strict = shouldAutoReply(
    message([], { recentAutoReplies: [hoursAgo(0.5)], limit: { max: 1, windowMs: 60 * 60 * 1000 } }),
  );
  assert.equal(strict.reason, "1 automatic reply already sent to this sender in the last hour (limit 1)");
});
