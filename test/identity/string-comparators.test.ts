import assert from "node:assert/strict";
import { test } from "node:test";
import { boundedEditDistance } from "../../src/identity/edit-distance.ts";
import { jaroSimilarity, jaroWinkler } from "../../src/identity/jaro-winkler.ts";
import { nysiis } from "../../src/identity/phonetic-code.ts";

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 0.0005, `${actual} is not ${expected}`);

test("Jaro-Winkler gives the published values (Winkler 1990; Wikipedia's worked examples)", () => {
  close(jaroWinkler("martha", "marhta"), 0.9611);
  close(jaroWinkler("dwayne", "duane"), 0.84);
  close(jaroWinkler("dixon", "dicksonx"), 0.8133);
  close(jaroSimilarity("martha", "marhta"), 0.9444);
  assert.equal(jaroWinkler("nguyen", "nguyen"), 1);
  assert.equal(jaroWinkler("abc", ""), 0);
  assert.equal(jaroWinkler("abc", "xyz"), 0);
});

test("NYSIIS codes names that sound alike the same way", () => {
  assert.equal(nysiis("macintosh"), "MCANT");
  assert.equal(nysiis("knight"), "NAGT");
  assert.equal(nysiis("bishop"), "BASAP");
  assert.equal(nysiis("Stephen"), "STAFAN");
  assert.equal(nysiis("Steven"), "STAFAN");
  assert.equal(nysiis("Philips"), nysiis("Filips"));
  assert.notEqual(nysiis("Nguyen"), nysiis("Smith"));
  assert.equal(nysiis(""), "");
});

test("edit distance stops counting past its bound", () => {
  assert.equal(boundedEditDistance("AB123456", "AB123456", 2), 0);
  assert.equal(boundedEditDistance("AB123456", "AB124456", 2), 1);
  assert.equal(boundedEditDistance("AB123456", "AB123465", 2), 2);
  assert.equal(boundedEditDistance("AB123456", "ZZ999999", 2), 3);
  assert.equal(boundedEditDistance("AB12345", "AB123456", 2), 1);
});
