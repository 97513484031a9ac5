import { transposedDate } from "./compare-dates.ts";
import type { PreparedIdentityRecord } from "./prepare-identity-record.ts";

/**
 * The blocks a client on file is filed under. Each key rests on different fields, so an applicant
 * with an error in any one field (a typo in the name, a swapped date, a new passport) still shares a
 * block with the client; initials and years narrow the blocks so a million clients do not put
 * hundreds of namesakes or birthday-sharers in each:
 * - `b` date of birth + given initial, and date of birth + family initial;
 * - `p` document number;
 * - `f` sound of each family name word + year of birth + given initial;
 * - `g` sound of the given name + family initial + month and day of birth;
 * - `z` postal code + given initial;
 * - `e` email address (a person who kept their address is found whatever else the form got wrong);
 * - `n` sound of the given name + sound of the family name (read only for a record with no date of
 *   birth on one side or the other: with both dates known, one of the keys above holds).
 */
export function baseBlockingKeys(r: PreparedIdentityRecord): string[] {
  const keys: string[] = [];
  const given = r.given?.codes[0] || null;
  const family = r.family?.codes ?? [];
  const familyInitial = r.family?.tokens[0]?.[0] ?? null;
  const givenInitial = r.given?.tokens[0]?.[0] ?? null;
  if (r.dob) {
    if (givenInitial) keys.push(`b${r.dob}${givenInitial}`);
    if (familyInitial) keys.push(`b${r.dob}.${familyInitial}`);
    if (!givenInitial && !familyInitial) keys.push(`b${r.dob}`);
    for (const code of family.slice(0, 3))
      if (code) keys.push(`f${code}${r.dob.slice(0, 4)}${givenInitial ?? ""}`);
    if (given && familyInitial) keys.push(`g${given}${familyInitial}${r.dob.slice(4)}`);
  }
  if (r.document) keys.push(`p${r.document}`);
  if (r.postalCode && givenInitial) keys.push(`z${r.postalCode}${givenInitial}`);
  if (r.email) keys.push(`e${r.email}`);
  // All the words' sounds: "Mi-kyung Lee" must not share a block with every M. L.
  if (given && family[0]) keys.push(`${r.dob ? "n" : "m"}${r.given!.codes.join("")}.${family.join("")}`);
  return keys;
}

/**
 * The blocks an incoming record is looked up in: the base keys of the record as written, of the
 * record with given and family names swapped, and with day and month of birth swapped; and the
 * name-only blocks of clients with no date of birth (of all clients when the record has none).
 */
export function queryBlockingKeys(r: PreparedIdentityRecord): string[] {
  const keys = new Set<string>();
  const add = (record: PreparedIdentityRecord) => {
    for (const key of baseBlockingKeys(record)) {
      if (key.charCodeAt(0) === 110 /* n */) {
        keys.add(`m${key.slice(1)}`);
      } else if (key.charCodeAt(0) === 109 /* m */) {
        keys.add(key);
        keys.add(`n${key.slice(1)}`);
      } else keys.add(key);
    }
  };
  add(r);
  add({ ...r, given: r.family, family: r.given });
  const transposed = r.dob ? transposedDate(r.dob) : null;
  if (transposed) add({ ...r, dob: transposed });
  return [...keys];
}
