import { transposedDate } from "./compare-dates.ts";
import type { PreparedIdentityRecord } from "./prepare-identity-record.ts";

/**
 * The blocks a client on file is filed under. Each key rests on different fields, so an applicant
 * with an error in any one field (a typo in the name, a swapped date, a new passport) still shares a
 * block with the client:
 * - `b` date of birth;
 * - `p` document number;
 * - `f` sound of each family name word + year of birth;
 * - `g` sound of the given name + family initial + month and day of birth;
 * - `z` postal code + given initial;
 * - `n` sound of the given name + sound of the family name.
 */
export function baseBlockingKeys(r: PreparedIdentityRecord): string[] {
  const keys: string[] = [];
  const given = r.given?.codes[0] || null;
  const family = r.family?.codes ?? [];
  const familyInitial = r.family?.tokens[0]?.[0] ?? null;
  const givenInitial = r.given?.tokens[0]?.[0] ?? null;
  if (r.dob) keys.push(`b${r.dob}`);
  if (r.document) keys.push(`p${r.document}`);
  if (r.dob) for (const code of family.slice(0, 3)) if (code) keys.push(`f${code}${r.dob.slice(0, 4)}`);
  if (r.dob && given && familyInitial) keys.push(`g${given}${familyInitial}${r.dob.slice(4)}`);
  if (r.postalCode && givenInitial) keys.push(`z${r.postalCode}${givenInitial}`);
  if (given && family[0]) keys.push(`n${given}${family[0]}`);
  return keys;
}

/**
 * The blocks an incoming record is looked up in: the base keys of the record as written, of the
 * record with given and family names swapped, and with day and month of birth swapped.
 */
export function queryBlockingKeys(r: PreparedIdentityRecord): string[] {
  const keys = new Set(baseBlockingKeys(r));
  const swappedNames: PreparedIdentityRecord = { ...r, given: r.family, family: r.given };
  for (const key of baseBlockingKeys(swappedNames)) keys.add(key);
  const transposed = r.dob ? transposedDate(r.dob) : null;
  if (transposed) {
    for (const key of baseBlockingKeys({ ...r, dob: transposed })) keys.add(key);
  }
  return [...keys];
}
