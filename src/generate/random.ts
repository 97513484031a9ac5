/**
 * A small seeded pseudo-random generator (sfc32) for synthetic data. Pure: the same keys always
 * give the same stream, on every machine and Node version, which `Math.random` cannot promise.
 */

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

/**
 * A stream keyed by several numbers, e.g. `createRandom(seed, clientIndex)`: record 17 of seed 42 is
 * the same whether it is generated alone or in the middle of a million, so batches can be cut anywhere.
 */
export function createRandom(...keys: number[]): Random {
  let h = 0x9e3779b9;
  for (const key of keys) {
    // Seeds may exceed 32 bits: both halves go into the hash, so 1 and 2^32 + 1 differ.
    h = mix32(h ^ (key >>> 0));
    h = mix32(h ^ (Math.floor(key / 4294967296) >>> 0) ^ 0x85ebca6b);
  }
  return new Sfc32(h);
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): 128 bits of state, passes PractRand. */
class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    this.a = mix32(seed ^ 0x243f6a88);
    this.b = mix32(this.a ^ 0x85a308d3);
    this.c = mix32(this.b ^ 0x13198a2e);
    // The first outputs still resemble the seed; the usual remedy is to discard a few.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("cannot pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let r = this.next() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError("cannot pick from an empty list");
    return last[0];
  }
}

/** The murmur3 finaliser: spreads every input bit over the whole 32-bit word. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
