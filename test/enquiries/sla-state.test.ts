import assert from "node:assert/strict";
import { test } from "node:test";
import { slaState } from "../../src/enquiries/sla-state.ts";
import { AppError } from "../../src/shared/errors.ts";

const received = new Date("2026-03-02T14:00:00Z"); // Monday 2 March 2026, 9:00 in Ottawa
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

test("within the published 10 days the enquiry is due, with its due time and the time left", () => {
  const sla = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses: [],
    firstResponseAt: null,
    now: new Date("2026-03-05T14:00:00Z"),
  });
  assert.equal(sla.state, "due");
  assert.equal(sla.dueAt.toISOString(), "2026-03-12T14:00:00.000Z");
  assert.equal(sla.remainingMs, 7 * DAY);
  assert.equal(sla.pausedMs, 0);
});

test("an answer within the standard is met, after it breached", () => {
  const base = { receivedAt: received, responseDays: 10, pauses: [], now: new Date("2026-04-01T00:00:00Z") };
  assert.equal(slaState({ ...base, firstResponseAt: new Date("2026-03-12T14:00:00Z") }).state, "met");
  assert.equal(slaState({ ...base, firstResponseAt: new Date("2026-03-12T14:00:01Z") }).state, "breached");
});

test("no answer after the due time is breached", () => {
  const sla = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses: [],
    firstResponseAt: null,
    now: new Date("2026-03-13T09:00:00Z"),
  });
  assert.equal(sla.state, "breached");
  assert.equal(sla.remainingMs, 0);
});

test("while the office waits for the enquirer the clock stands still", () => {
  // Asked for the date of birth on day 2; the enquirer has not answered by day 20.
  const sla = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses: [{ from: new Date("2026-03-04T14:00:00Z"), to: null }],
    firstResponseAt: null,
    now: new Date("2026-03-22T14:00:00Z"),
  });
  assert.equal(sla.state, "paused");
  assert.equal(sla.remainingMs, 8 * DAY);
  assert.equal(sla.dueAt.toISOString(), "2026-03-30T14:00:00.000Z");
  assert.equal(sla.pausedMs, 18 * DAY);
});

test("the time spent waiting moves the due time; an answer inside it is met", () => {
  const pauses = [{ from: new Date("2026-03-04T14:00:00Z"), to: new Date("2026-03-09T14:00:00Z") }];
  const running = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses,
    firstResponseAt: null,
    now: new Date("2026-03-14T14:00:00Z"),
  });
  assert.equal(running.state, "due");
  assert.equal(running.dueAt.toISOString(), "2026-03-17T14:00:00.000Z");
  const answered = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses,
    firstResponseAt: new Date("2026-03-16T10:00:00Z"),
    now: new Date("2026-03-20T00:00:00Z"),
  });
  assert.equal(answered.state, "met");
});

test("overlapping pauses count once, and waiting after the clock ran out does not undo a breach", () => {
  const overlapping = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses: [
      { from: new Date("2026-03-03T14:00:00Z"), to: new Date("2026-03-05T14:00:00Z") },
      { from: new Date("2026-03-04T14:00:00Z"), to: new Date("2026-03-06T14:00:00Z") },
    ],
    firstResponseAt: null,
    now: new Date("2026-03-07T14:00:00Z"),
  });
  assert.equal(overlapping.pausedMs, 3 * DAY);
  assert.equal(overlapping.dueAt.toISOString(), "2026-03-15T14:00:00.000Z");
  const late = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses: [{ from: new Date("2026-03-14T14:00:00Z"), to: null }],
    firstResponseAt: null,
    now: new Date("2026-03-16T14:00:00Z"),
  });
  assert.equal(late.state, "breached");
  assert.equal(late.dueAt.toISOString(), "2026-03-12T14:00:00.000Z");
});

test("waiting that began after the answer is not counted against it", () => {
  const sla = slaState({
    receivedAt: received,
    responseDays: 10,
    pauses: [{ from: new Date("2026-03-13T14:00:00Z"), to: null }],
    firstResponseAt: new Date("2026-03-12T15:00:00Z"),
    now: new Date("2026-03-20T00:00:00Z"),
  });
  assert.equal(sla.state, "breached");
  assert.equal(sla.pausedMs, 0);
});

test("a response time that is not a whole number of days is refused", () => {
  assert.throws(
    () =>
      slaState({ receivedAt: received, responseDays: 0, pauses: [], firstResponseAt: null, now: received }),
    (error: unknown) => error instanceof AppError && error.field === "responseDays",
  );
});
