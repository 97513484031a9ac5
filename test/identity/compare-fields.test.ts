import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compareDates,
  DATE_ADJACENT_DAY,
  DATE_DIFFERENT,
  DATE_EXACT,
  DATE_ONE_DIGIT,
  DATE_SAME_YEAR,
  DATE_TRANSPOSED,
  transposedDate,
} from "../../src/identity/compare-dates.ts";
import { compareDocumentNumbers } from "../../src/identity/compare-document-numbers.ts";
import { MISSING } from "../../src/identity/compare-names.ts";
import { comparePostalCodes } from "../../src/identity/compare-places.ts";
import { compactDate, foldDocumentNumber } from "../../src/identity/prepare-identity-record.ts";

test("dates of birth: exact, day and month swapped, next day, one digit off, same year, different", () => {
  assert.equal(compareDates("19840307", "19840307"), DATE_EXACT);
  assert.equal(compareDates("19840307", "19840703"), DATE_TRANSPOSED);
  assert.equal(compareDates("19840307", "19840308"), DATE_ADJACENT_DAY);
  // 19 and 20 differ in two digits but are neighbouring days.
  assert.equal(compareDates("19840319", "19840320"), DATE_ADJACENT_DAY);
  assert.equal(compareDates("19840307", "19940307"), DATE_ONE_DIGIT);
  assert.equal(compareDates("19840307", "19840309"), DATE_ONE_DIGIT);
  assert.equal(compareDates("19840307", "19841125"), DATE_SAME_YEAR);
  assert.equal(compareDates("19840307", "19621125"), DATE_DIFFERENT);
  assert.equal(compareDates(null, "19621125"), MISSING);
  assert.equal(transposedDate("19840307"), "19840703");
  assert.equal(transposedDate("19840325"), null);
  assert.equal(transposedDate("19840505"), null);
});

test("dates are read as YYYY-MM-DD or YYYYMMDD and must exist", () => {
  assert.equal(compactDate("1984-03-07"), "19840307");
  assert.equal(compactDate("19840307"), "19840307");
  assert.equal(compactDate("2024-02-29"), "20240229");
  assert.equal(compactDate("2023-02-29"), null);
  assert.equal(compactDate("1984-13-01"), null);
  assert.equal(compactDate("07/03/1984"), null);
});

test("document numbers: OCR look-alikes are one character; one or two characters off are levels", () => {
  assert.equal(foldDocumentNumber("ab-1O23 456"), "A81023456");
  assert.equal(compareDocumentNumbers(foldDocumentNumber("X0I5B"), foldDocumentNumber("XO1S8")), 0);
  assert.equal(compareDocumentNumbers("AB123456", "AB123457"), 1);
  assert.equal(compareDocumentNumbers("AB123456", "AB123465"), 2);
  assert.equal(compareDocumentNumbers("AB123456", "KK987654"), 3);
  assert.equal(compareDocumentNumbers(null, "KK987654"), MISSING);
});

test("postal codes in the same forward sortation area agree in part", () => {
  assert.equal(comparePostalCodes("H2X1Y4", "H2X1Y4"), 0);
  assert.equal(comparePostalCodes("H2X1Y4", "H2X3A9"), 1);
  assert.equal(comparePostalCodes("H2X1Y4", "K1A0B1"), 2);
});
