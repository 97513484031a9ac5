import assert from "node:assert/strict";
import { test } from "node:test";
import { formatLetterDate, letterIssueDate } from "../../src/letters/format-letter-date.ts";

test("a letter is dated by the signing office's calendar day, whichever office asked just before", () => {
  // 03:00 UTC on 12 March is still the 11th in Toronto and Vancouver, already the 12th in Paris.
  const moment = new Date("2027-03-12T03:00:00Z");
  assert.equal(letterIssueDate("America/Toronto", moment), "2027-03-11");
  assert.equal(letterIssueDate("Europe/Paris", moment), "2027-03-12");
  assert.equal(letterIssueDate("America/Toronto", moment), "2027-03-11");
  assert.equal(letterIssueDate("America/Toronto", new Date("2027-03-12T05:00:00Z")), "2027-03-12");
});

test("the same formatted dates come back when asked many times in both languages", () => {
  for (let i = 0; i < 3; i++) {
    assert.equal(formatLetterDate("2027-03-01", "fr", { weekday: true }), "lundi 1er mars 2027");
    assert.equal(formatLetterDate("2027-03-01", "en"), "1 March 2027");
    assert.equal(formatLetterDate("2027-03-01", "en", { weekday: true }), "Monday, 1 March 2027");
  }
});
