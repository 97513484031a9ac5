import assert from "node:assert/strict";
import { test } from "node:test";
import { addYears, computeDeadline } from "../../src/recourse/compute-deadline.ts";
import { AppError } from "../../src/shared/errors.ts";
import { federal } from "./recourse-fixtures.ts";

test("the day of notification is not counted: 15 days after Monday 2 November 2026 is Tuesday 17 November", () => {
  const deadline = computeDeadline("2026-11-02", 15, federal);
  assert.deepEqual(deadline, { date: "2026-11-17", counted: "2026-11-17", movedOver: [] });
});

test("a deadline on a Saturday moves to the Monday", () => {
  const deadline = computeDeadline("2026-10-30", 15, federal);
  assert.equal(deadline.counted, "2026-11-14");
  assert.equal(deadline.date, "2026-11-16");
  assert.deepEqual(deadline.movedOver, [
    { date: "2026-11-14", weekend: "saturday" },
    { date: "2026-11-15", weekend: "sunday" },
  ]);
});

test("a deadline on Remembrance Day (a Wednesday in 2026) moves to the Thursday", () => {
  assert.equal(computeDeadline("2026-10-27", 15, federal).date, "2026-11-12");
});

test("Christmas Day, then Boxing Day on the Saturday, then the Sunday: the deadline is Monday 28 December", () => {
  const deadline = computeDeadline("2026-12-10", 15, federal);
  assert.equal(deadline.counted, "2026-12-25");
  assert.equal(deadline.date, "2026-12-28");
  assert.deepEqual(
    deadline.movedOver.map((day) => ("holiday" in day ? day.holiday.en : day.weekend)),
    ["Christmas Day", "Boxing Day", "sunday"],
  );
});

test("in 2027 Christmas is a Saturday and Boxing Day a Sunday: a deadline on either is Monday 27 December", () => {
  assert.equal(computeDeadline("2027-11-25", 30, federal).date, "2027-12-27");
  assert.equal(computeDeadline("2027-11-26", 30, federal).date, "2027-12-27");
});

test("Easter: Good Friday, the weekend and Easter Monday 2027 carry a deadline to Tuesday 30 March", () => {
  const deadline = computeDeadline("2027-03-11", 15, federal);
  assert.equal(deadline.counted, "2027-03-26");
  assert.equal(deadline.date, "2027-03-30");
  assert.equal(deadline.movedOver.length, 4);
});

test("New Year's Day 2027 is a Friday: a 60-day deadline landing on it is Monday 4 January", () => {
  assert.equal(computeDeadline("2026-11-02", 60, federal).date, "2027-01-04");
});

test("Canada Day 2029 falls on a Sunday, so Monday 2 July is the holiday and the deadline is Tuesday 3 July", () => {
  const deadline = computeDeadline("2029-06-16", 15, federal);
  assert.equal(deadline.counted, "2029-07-01");
  assert.equal(deadline.date, "2029-07-03");
  assert.equal(federal.holidays.get("2029-07-02")?.observedFor, "2029-07-01");
  assert.equal(federal.holidays.has("2029-07-01"), false);
});

test("the National Day for Truth and Reconciliation moves a deadline from 2021 on, not in 2020", () => {
  assert.equal(computeDeadline("2026-09-15", 15, federal).date, "2026-10-01");
  assert.equal(computeDeadline("2020-09-15", 15, federal).date, "2020-09-30");
});

test("Thanksgiving (second Monday of October) and Victoria Day (Monday before May 25) move a deadline a day", () => {
  assert.equal(computeDeadline("2026-09-12", 30, federal).date, "2026-10-13");
  assert.equal(computeDeadline("2027-05-09", 15, federal).date, "2027-05-25");
});

test("the proclaimed day of mourning of Monday 19 September 2022 moved a deadline to the Tuesday", () => {
  assert.equal(computeDeadline("2022-09-04", 15, federal).date, "2022-09-20");
});

test("a deadline beyond the calendar's last year is an error naming the input, not a guess", () => {
  assert.throws(
    () => computeDeadline("2035-12-20", 60, federal),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === "invalid_input" &&
      error.field === "notified" &&
      /2036-02-18 falls outside the holiday calendar .* 2020–2035/.test(error.message) &&
      error.messageFr !== undefined,
  );
});

test("five years after February 29 end on February 28; other dates keep their day", () => {
  assert.equal(addYears("2028-02-29", 5), "2033-02-28");
  assert.equal(addYears("2026-11-25", 5), "2031-11-25");
  assert.equal(addYears("2027-02-28", 1), "2028-02-28");
});
