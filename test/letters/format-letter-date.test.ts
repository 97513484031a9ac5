import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultResponseDate } from "../../src/letters/default-response-date.ts";
import { formatLetterDate, formatLetterTime } from "../../src/letters/format-letter-date.ts";

test("dates are written day, month, year in each language", () => {
  assert.equal(formatLetterDate("2027-03-12", "en"), "12 March 2027");
  assert.equal(formatLetterDate("2027-03-12", "fr"), "12 mars 2027");
  assert.equal(formatLetterDate("2026-12-31", "fr"), "31 décembre 2026");
  assert.equal(formatLetterDate("2027-02-01", "fr"), "1er février 2027");
  assert.equal(formatLetterDate("2027-02-01", "en"), "1 February 2027");
});

test("with the weekday, English puts a comma after it and French does not", () => {
  assert.equal(formatLetterDate("2027-03-01", "en", { weekday: true }), "Monday, 1 March 2027");
  assert.equal(formatLetterDate("2027-03-01", "fr", { weekday: true }), "lundi 1er mars 2027");
});

test("a calendar date is never shifted by the machine's time zone", () => {
  const previous = process.env.TZ;
  try {
    process.env.TZ = "Pacific/Honolulu";
    assert.equal(formatLetterDate("2027-01-01", "en"), "1 January 2027");
  } finally {
    process.env.TZ = previous;
  }
});

test("times are written in each language's Canadian style", () => {
  assert.equal(formatLetterTime("09:30", "en"), "9:30 a.m.");
  assert.equal(formatLetterTime("14:00", "en"), "2:00 p.m.");
  assert.equal(formatLetterTime("12:15", "en"), "12:15 p.m.");
  assert.equal(formatLetterTime("00:05", "en"), "12:05 a.m.");
  assert.equal(formatLetterTime("09:30", "fr"), "9 h 30");
  assert.equal(formatLetterTime("14:00", "fr"), "14 h");
  assert.equal(formatLetterTime("08:05", "fr"), "8 h 05");
});

test("the default response date moves off a weekend to the Monday", () => {
  assert.equal(defaultResponseDate("2026-11-20", 30), "2026-12-21"); // Sunday → Monday
  assert.equal(defaultResponseDate("2026-11-20", 29), "2026-12-21"); // Saturday → Monday
  assert.equal(defaultResponseDate("2026-11-20", 28), "2026-12-18"); // Friday stays
  assert.equal(defaultResponseDate("2026-12-31", 60), "2027-03-01"); // across a year end: Sunday 28 Feb → 1 March
});
