import assert from "node:assert/strict";
import { test } from "node:test";
import {
  compareNames,
  MISSING,
  NAME_COMPOUND,
  NAME_DIFFERENT,
  NAME_EXACT,
  NAME_JW_HIGH,
  NAME_PHONETIC,
  NAME_VARIANT,
} from "../../src/identity/compare-names.ts";
import type { IdentityRecord } from "../../src/identity/identity-record.ts";
import { normaliseName } from "../../src/identity/normalise-name.ts";
import { prepareIdentityRecord } from "../../src/identity/prepare-identity-record.ts";
import { compareRecords } from "../../src/identity/score-candidate.ts";

const n = (name: string) => normaliseName(name);

test("transliterations of Muhammad share one key and compare as variants", () => {
  for (const spelling of ["Mohammed", "Muhammad", "Mohamed", "MOHAMMAD", "Muhammed"]) {
    assert.equal(n(spelling)?.key, "muhammad", spelling);
  }
  assert.equal(compareNames(n("Mohammed"), n("Muhammad")), NAME_VARIANT);
  assert.equal(compareNames(n("Aleksandr"), n("Alexander")), NAME_VARIANT);
});

test("Müller and Mueller are the same name; accents and case do not count", () => {
  assert.equal(compareNames(n("Müller"), n("Mueller")), NAME_EXACT);
  assert.equal(compareNames(n("JOSÉ"), n("jose")), NAME_EXACT);
  assert.equal(n("Ngọc-Ánh")?.key, "ngoc anh");
});

test("a compound family name agrees in part with one of its halves", () => {
  assert.equal(compareNames(n("García-López"), n("García")), NAME_COMPOUND);
  assert.equal(compareNames(n("García López"), n("Lopez")), NAME_COMPOUND);
  assert.equal(compareNames(n("García-López"), n("Fernández")), NAME_DIFFERENT);
});

test("particles (al-, el-, van, de) are left out of the comparison", () => {
  assert.equal(n("al-Rashid")?.key, "rashid");
  assert.equal(compareNames(n("El Amrani"), n("Amrani")), NAME_EXACT);
  assert.equal(compareNames(n("van der Berg"), n("Berg")), NAME_EXACT);
  // A name made only of a particle is still a name.
  assert.equal(n("De")?.key, "de");
});

test("typos and sound-alike spellings get partial levels, unrelated names do not", () => {
  assert.equal(compareNames(n("Katherine"), n("Katherina")), NAME_JW_HIGH);
  assert.equal(compareNames(n("Stephen"), n("Steven")), NAME_PHONETIC);
  assert.equal(compareNames(n("Shawn"), n("Sean")), NAME_PHONETIC);
  assert.equal(compareNames(n("Nguyen"), n("Smith")), NAME_DIFFERENT);
});

test("a name only in Cyrillic, Greek or Arabic is transliterated; other scripts count as missing", () => {
  assert.equal(n("Дмитрий")?.key, "dmitri");
  assert.equal(compareNames(n("Дмитрий"), n("Dmitry")), NAME_VARIANT);
  assert.equal(n("Νίκος")?.key, "nikos");
  assert.equal(n("محمد")?.key, "muhammad");
  assert.equal(n("王秀英"), null);
  assert.equal(compareNames(n("王秀英"), n("Wang")), MISSING);
  assert.equal(n("   "), null);
  assert.equal(normaliseName(null), null);
});

function person(id: string, givenName: string, familyName: string): IdentityRecord {
  return {
    id,
    givenName,
    familyName,
    dateOfBirth: "1990-04-02",
    sex: "F",
    countryOfBirth: "VNM",
    documentNumber: null,
    street: null,
    city: null,
    postalCode: null,
    region: null,
  };
}

test("given and family names written the other way round agree crosswise", () => {
  const vector = compareRecords(
    prepareIdentityRecord(person("a", "Nguyen", "Thi Lan")),
    prepareIdentityRecord(person("b", "Thi Lan", "Nguyen")),
  );
  assert.equal(vector.swapped, true);
  assert.deepEqual([vector.levels[0], vector.levels[1]], [NAME_EXACT, NAME_EXACT]);
});
