/**
 * Time-ordered UUIDs (RFC 9562 §5.7, version 7) for the rows the eTA import writes in bulk.
 *
 * Why: a random (version 4) key sends every insert to a random leaf of each B-tree that holds it
 * (the primary key, and every `client_id` or `application_id` index that refers to it). At a
 * million clients those leaves no longer fit in shared buffers, so each insert waits for a page
 * read and dirties a page nobody else will touch soon. A key that grows with time lands on the
 * right-most leaf, which stays in memory: one page read for hundreds of rows.
 *
 * Layout: 48 bits of Unix milliseconds, the version, 12 bits of counter (`rand_a` used as in
 * §6.2 method 1, so ids made in the same millisecond still sort in the order they were made), the
 * variant, 62 random bits. The counter overflowing moves the timestamp one millisecond ahead
 * (§6.2 "increase the timestamp"), so ids from one process never go backwards. They are still
 * valid UUIDs for every column and schema that takes one.
 */
import { randomFillSync } from "node:crypto";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
// Random bytes drawn many ids at a time: one system call per 512 ids instead of one each.
const POOL_IDS = 512;
const pool = Buffer.alloc(8 * POOL_IDS);
let poolAt = POOL_IDS;
let lastMs = 0;
let counter = 0;

/**
 * A new version 7 UUID, later in sort order than every one this process made before.
 *
 * @example timeOrderedUuid() // "019ade1f-5a3c-7000-9f2e-41c6d1b0a8e3"
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  if (poolAt === POOL_IDS) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt * 8;
  poolAt += 1;
  const ms = lastMs;
  // 48 bits do not fit a 32-bit operator: the high 16 and low 32 bits are taken apart.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  return (
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[low >>> 24]! +
    HEX[(low >>> 16) & 0xff]! +
    "-" +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    "-" +
    HEX[0x70 | (counter >>> 8)]! +
    HEX[counter & 0xff]! +
    "-" +
    HEX[0x80 | (pool[r]! & 0x3f)]! +
    HEX[pool[r + 1]!]! +
    "-" +
    HEX[pool[r + 2]!]! +
    HEX[pool[r + 3]!]! +
    HEX[pool[r + 4]!]! +
    HEX[pool[r + 5]!]! +
    HEX[pool[r + 6]!]! +
    HEX[pool[r + 7]!]!
  );
}
