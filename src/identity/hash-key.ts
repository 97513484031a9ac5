/**
 * 30-bit FNV-1a hashes of the strings the index files and counts by. Kept to 30 bits so that V8
 * stores them as small integers: a Map under such numbers grows and is read several times faster
 * than one under a million distinct strings, and the strings themselves need not be kept. Two
 * keys that share a hash share a block or a count; that only adds a candidate to score or makes a
 * name count as a little commoner than it is, never the reverse.
 *
 * @example hashKey("nguyen") === hashPair("nguyen", "") // false: the separator counts
 */
export function hashKey(key: string): number {
  return fnv(key, 0x811c9dc5) >>> 2;
}

/** The hash of `a|b` without building that string. */
export function hashPair(a: string, b: string): number {
  return fnv(b, Math.imul(fnv(a, 0x811c9dc5) ^ 124, 0x01000193)) >>> 2;
}

function fnv(text: string, start: number): number {
  let hash = start;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}
