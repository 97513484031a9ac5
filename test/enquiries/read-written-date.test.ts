import assert from "node:assert/strict";
import { test } from "node:test";
import { readWrittenDate } from "../../src/enquiries/read-written-date.ts";

test("dates of birth written in English and French are read to the same day", () => {
  for (const text of [
    "1987-04-12",
    "12 April 1987",
    "12th April 1987",
    "12th of April 1987",
    "April 12, 1987",
    "Apr. 12, 1987",
    "12-Apr-1987",
    "12 avril 1987",
    "le 12 avril 1987",
    "1987/04/12",
  ]) {
    const date = readWrittenDate(text);
    assert.equal(date?.kind === "date" && date.iso, "1987-04-12", text);
  }
  const first = readWrittenDate("née le 1er août 1990");
  assert.equal(first?.kind === "date" && first.iso, "1990-08-01");
  const fevrier = readWrittenDate("date de naissance : 3 février 2001");
  assert.equal(fevrier?.kind === "date" && fevrier.iso, "2001-02-03");
});

test("04/05/1987 can be 4 May or 5 April: both readings are reported, none chosen", () => {
  assert.equal(readWrittenDate("12/04/1987")?.kind, "ambiguous");
  const date = readWrittenDate("DOB: 04/05/1987");
  assert.deepEqual(date, {
    kind: "ambiguous",
    readings: ["1987-05-04", "1987-04-05"],
    evidence: "04/05/1987",
  });
});

test("a day over 12 settles the order either way", () => {
  assert.deepEqual(readWrittenDate("12/25/1987"), {
    kind: "date",
    iso: "1987-12-25",
    evidence: "12/25/1987",
  });
  assert.deepEqual(readWrittenDate("25.12.1987"), {
    kind: "date",
    iso: "1987-12-25",
    evidence: "25.12.1987",
  });
  assert.deepEqual(readWrittenDate("07/07/1987"), {
    kind: "date",
    iso: "1987-07-07",
    evidence: "07/07/1987",
  });
});

test("a date that does not exist is invalid, not moved to another day", () => {
  assert.equal(readWrittenDate("31 February 1990")?.kind, "invalid");
  assert.equal(readWrittenDate("1990-02-30")?.kind, "invalid");
  assert.equal(readWrittenDate("13/13/1990")?.kind, "invalid");
});

test("the first date in the text is the one read, and words that are not months are passed over", () => {
  const date = readWrittenDate("Sent 3 times since 2024. Born on 5 March 1979, arrived 2001-06-01.");
  assert.equal(date?.kind === "date" && date.iso, "1979-03-05");
  assert.equal(readWrittenDate("no date here, only V000012345"), null);
});
