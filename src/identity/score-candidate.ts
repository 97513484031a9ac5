import { compareDates, DATE_EXACT } from "./compare-dates.ts";
import { compareDocumentNumbers } from "./compare-document-numbers.ts";
import { compareEmails } from "./compare-emails.ts";
import { compareNames, MISSING, NAME_EXACT } from "./compare-names.ts";
import { compareCodes, comparePostalCodes, compareText } from "./compare-places.ts";
import { hashKey, hashPair } from "./hash-key.ts";
import {
  COMPARED_FIELDS,
  type ComparedField,
  FIELD_LEVELS,
  type IdentityModel,
  levelWeight,
} from "./identity-model.ts";
import type { FieldComparison } from "./identity-record.ts";
import type { PreparedIdentityRecord } from "./prepare-identity-record.ts";

/** The level index of each field (in COMPARED_FIELDS order, MISSING = -1) and whether names were swapped. */
export interface ComparisonVector {
  levels: Int8Array;
  swapped: boolean;
}

/**
 * Each field's comparison level between an incoming record and a client. Given and family names
 * are also compared crosswise, and the crosswise reading is kept when it agrees better: forms
 * written in the order "family, given" are common.
 */
export function compareRecords(a: PreparedIdentityRecord, b: PreparedIdentityRecord): ComparisonVector {
  const levels = new Int8Array(COMPARED_FIELDS.length);
  let given = compareNames(a.given, b.given);
  let family = compareNames(a.family, b.family);
  let swapped = false;
  if (given !== 0 || family !== 0) {
    const crossGiven = compareNames(a.family, b.given);
    const crossFamily = compareNames(a.given, b.family);
    if (rank(crossGiven) + rank(crossFamily) < rank(given) + rank(family)) {
      given = crossGiven;
      family = crossFamily;
      swapped = true;
    }
  }
  levels[0] = given;
  levels[1] = family;
  levels[2] = compareDates(a.dob, b.dob);
  levels[3] = compareCodes(a.sex, b.sex);
  levels[4] = compareCodes(a.country, b.country);
  levels[5] = compareDocumentNumbers(a.document, b.document);
  levels[6] = compareText(a.street, b.street);
  levels[7] = compareText(a.city, b.city);
  levels[8] = comparePostalCodes(a.postalCode, b.postalCode);
  levels[9] = compareCodes(a.region, b.region);
  levels[10] = compareEmails(a.email, b.email);
  return { levels, swapped };
}

// A missing name ranks between the weakest agreement and "different".
function rank(level: number): number {
  return level === MISSING ? 5.5 : level;
}

/**
 * Name and date frequencies among the clients on file, for the term-frequency adjustment, counted
 * under the hash of each value (see hash-key.ts).
 */
export interface TermFrequencies {
  given: ReadonlyMap<number, number>;
  family: ReadonlyMap<number, number>;
  /** Given and family name together (`hashPair(given, family)`). */
  full: ReadonlyMap<number, number>;
  /** Dates of birth (YYYYMMDD). */
  dateOfBirth: ReadonlyMap<number, number>;
  total: number;
}

/** Weights of a model, precomputed per field and level. */
export interface ModelWeights {
  weights: Float64Array[];
  m: Float64Array[];
  /** u of each field's best level, for the floor of the date's term-frequency adjustment. */
  exactU: Float64Array;
  termFrequency: boolean[];
}

export function modelWeights(model: IdentityModel): ModelWeights {
  const byField = new Map(model.fields.map((f) => [f.field, f]));
  const weights: Float64Array[] = [];
  const m: Float64Array[] = [];
  const termFrequency: boolean[] = [];
  const exactU = new Float64Array(COMPARED_FIELDS.length);
  for (const [f, field] of COMPARED_FIELDS.entries()) {
    const spec = byField.get(field);
    const expected = FIELD_LEVELS[field];
    const w = new Float64Array(expected.length);
    const mm = new Float64Array(expected.length);
    expected.forEach((name, i) => {
      const level = spec?.levels.find((l) => l.level === name);
      w[i] = level ? levelWeight(level) : 0;
      mm[i] = level ? level.m : 0;
      if (i === 0) exactU[f] = level ? level.u : 1;
    });
    weights.push(w);
    m.push(mm);
    termFrequency.push(spec?.termFrequency === true);
  }
  return { weights, m, exactU, termFrequency };
}

/** Smallest u a name's frequency may give: a name seen once among a million is not 1-in-a-million evidence. */
const TERM_FREQUENCY_FLOOR = 0.00001;

function frequencyU(table: ReadonlyMap<number, number>, hash: number, total: number): number {
  return Math.max((table.get(hash) ?? 1) / total, TERM_FREQUENCY_FLOOR);
}

/**
 * The weight each field adds. Names that agree exactly take u from how often the
 * client's name occurs among the clients on file (Splink's term-frequency adjustment). When both
 * names agree, u is the frequency of the whole name: given and family names are not independent
 * (both come from one language), and multiplying their separate frequencies would make a common
 * Vietnamese or Punjabi name look rarer than it is.
 */
export function fieldWeights(
  weights: ModelWeights,
  vector: ComparisonVector,
  client: PreparedIdentityRecord,
  frequencies: TermFrequencies | null,
): Float64Array {
  const out = new Float64Array(vector.levels.length);
  for (let i = 0; i < vector.levels.length; i++) {
    const level = vector.levels[i]!;
    out[i] = level === MISSING ? 0 : weights.weights[i]![level]!;
  }
  if (frequencies === null) return out;
  // A date shared by many clients (1 January stands for an unknown birthday on many documents)
  // agrees by chance more often; a date no commoner than the model's u keeps the model's weight,
  // as a synthetic or small base spreads birthdays more evenly than a real one.
  if (vector.levels[2] === DATE_EXACT && weights.termFrequency[2] && client.dob) {
    const u = Math.max(
      (frequencies.dateOfBirth.get(hashKey(client.dob)) ?? 1) / frequencies.total,
      weights.exactU[2]!,
    );
    out[2] = Math.log2(weights.m[2]![DATE_EXACT]! / u);
  }
  const givenLevel = vector.levels[0]!;
  const familyLevel = vector.levels[1]!;
  // Only an exact agreement is as common as the name itself: two people whose names are spellings
  // of one another (Mohammed, Muhammad) agree by chance less often, so "variant" keeps its own u.
  const givenAgrees = givenLevel === NAME_EXACT && weights.termFrequency[0] && client.given;
  const familyAgrees = familyLevel === NAME_EXACT && weights.termFrequency[1] && client.family;
  if (familyAgrees) {
    out[1] = Math.log2(
      weights.m[1]![familyLevel]! /
        frequencyU(frequencies.family, hashKey(client.family!.key), frequencies.total),
    );
  }
  if (givenAgrees && familyAgrees) {
    const both = Math.log2(
      (weights.m[0]![givenLevel]! * weights.m[1]![familyLevel]!) /
        frequencyU(frequencies.full, hashPair(client.given!.key, client.family!.key), frequencies.total),
    );
    out[0] = both - out[1]!;
  } else if (givenAgrees) {
    out[0] = Math.log2(
      weights.m[0]![givenLevel]! /
        frequencyU(frequencies.given, hashKey(client.given!.key), frequencies.total),
    );
  }
  return out;
}

/** The sum of field weights (without the prior). */
export function scoreVector(
  weights: ModelWeights,
  vector: ComparisonVector,
  client: PreparedIdentityRecord,
  frequencies: TermFrequencies | null,
): number {
  const each = fieldWeights(weights, vector, client, frequencies);
  let score = 0;
  for (let i = 0; i < each.length; i++) score += each[i]!;
  return score;
}

/** The reasons shown to an officer: each field's level and what it added. */
export function explainVector(
  weights: ModelWeights,
  vector: ComparisonVector,
  client: PreparedIdentityRecord,
  frequencies: TermFrequencies | null,
): FieldComparison[] {
  const each = fieldWeights(weights, vector, client, frequencies);
  return COMPARED_FIELDS.map((field: ComparedField, i) => {
    const level = vector.levels[i]!;
    const name = level === MISSING ? "missing" : FIELD_LEVELS[field][level]!;
    return {
      field,
      level: vector.swapped && i < 2 && level !== MISSING ? `${name}-swapped` : name,
      weight: Math.round(each[i]! * 100) / 100,
    };
  });
}
