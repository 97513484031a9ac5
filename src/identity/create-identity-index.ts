import { baseBlockingKeys, queryBlockingKeys } from "./blocking-keys.ts";
import { DEFAULT_DECISION_THRESHOLDS, decideIdentity, scoreProbability } from "./decide-identity.ts";
import { DEFAULT_IDENTITY_MODEL } from "./default-identity-model.ts";
import { hashKey, hashPair } from "./hash-key.ts";
import type { IdentityModelOptions } from "./identity-model.ts";
import type {
  IdentityCandidate,
  IdentityDecision,
  IdentityIndex,
  IdentityRecord,
} from "./identity-record.ts";
import { type PreparedIdentityRecord, prepareIdentityRecord } from "./prepare-identity-record.ts";
import {
  compareRecords,
  explainVector,
  modelWeights,
  scoreVector,
  type TermFrequencies,
} from "./score-candidate.ts";

/** An index that also lends its blocks out, for EM estimation and the benchmark. */
export interface IdentityIndexInternals extends IdentityIndex {
  /** The prepared clients, in the order added. */
  readonly records: readonly PreparedIdentityRecord[];
  /**
   * Positions in `records` of the clients sharing a block with the incoming record (capped blocks
   * skipped); with `kinds`, only blocks whose key starts with one of those letters (see blocking-keys.ts).
   */
  candidatesOf(incoming: PreparedIdentityRecord, kinds?: string): number[];
  readonly frequencies: TermFrequencies;
}

/**
 * Clients on file, indexed for identity reconciliation. `add` prepares each client once (folded
 * and transliterated names, phonetic codes, blocking keys); `decide` looks an incoming person up in
 * every block, scores each candidate with Fellegi-Sunter weights and returns match, review or new.
 *
 * @example
 *   const index = createIdentityIndex();
 *   for (const client of clients) index.add(client);
 *   index.decide(applicant) // { decision: "review", baseId: "C-17", candidates: [...] }
 */
export function createIdentityIndex(options: IdentityModelOptions = {}): IdentityIndexInternals {
  const weights = modelWeights(options.model ?? DEFAULT_IDENTITY_MODEL);
  const thresholds = {
    matchProbability: options.matchProbability ?? DEFAULT_DECISION_THRESHOLDS.matchProbability,
    reviewProbability: options.reviewProbability ?? DEFAULT_DECISION_THRESHOLDS.reviewProbability,
    maxCandidates: options.maxCandidates ?? DEFAULT_DECISION_THRESHOLDS.maxCandidates,
  };
  const blockCap = options.blockCap ?? 2000;
  const termFrequencyMinBase = options.termFrequencyMinBase ?? 1000;
  const records: PreparedIdentityRecord[] = [];
  const blocks = createBlockTable();
  const given = new Map<number, number>();
  const family = new Map<number, number>();
  const full = new Map<number, number>();
  const dateOfBirth = new Map<number, number>();
  const count = (table: Map<number, number>, hash: number) => table.set(hash, (table.get(hash) ?? 0) + 1);
  const frequencies: TermFrequencies = { given, family, full, dateOfBirth, total: 0 };
  // A stamp per client instead of a Set per lookup: the same client found in several blocks is scored once.
  let seen = new Int32Array(1024);
  let lookup = 0;

  function candidatesOf(incoming: PreparedIdentityRecord, kinds?: string): number[] {
    lookup++;
    const found: number[] = [];
    for (const key of queryBlockingKeys(incoming)) {
      if (kinds !== undefined && !kinds.includes(key[0]!)) continue;
      const block = blocks.find(key);
      if (block === -1 || blocks.count[block]! > blockCap) continue;
      for (let entry = blocks.head[block]!; entry !== -1; entry = blocks.next[entry]!) {
        const position = blocks.member[entry]!;
        if (seen[position] === lookup) continue;
        seen[position] = lookup;
        found.push(position);
      }
    }
    return found;
  }

  return {
    get size() {
      return records.length;
    },
    records,
    frequencies,
    candidatesOf,
    add(record: IdentityRecord) {
      const prepared = prepareIdentityRecord(record);
      const position = records.length;
      records.push(prepared);
      if (position >= seen.length) {
        const grown = new Int32Array(seen.length * 2);
        grown.set(seen);
        seen = grown;
      }
      for (const key of baseBlockingKeys(prepared)) blocks.insert(key, position);
      if (prepared.given) count(given, hashKey(prepared.given.key));
      if (prepared.family) count(family, hashKey(prepared.family.key));
      if (prepared.given && prepared.family) count(full, hashPair(prepared.given.key, prepared.family.key));
      if (prepared.dob) count(dateOfBirth, hashKey(prepared.dob));
      frequencies.total = records.length;
    },
    decide(record: IdentityRecord): IdentityDecision {
      const incoming = prepareIdentityRecord(record);
      const tf = records.length >= termFrequencyMinBase ? frequencies : null;
      // Prior odds that a given client is the applicant: at most one of the clients on file is.
      const prior = -Math.log2(Math.max(records.length, 1));
      const scored: { position: number; score: number; vector: ReturnType<typeof compareRecords> }[] = [];
      for (const position of candidatesOf(incoming)) {
        const client = records[position]!;
        const vector = compareRecords(incoming, client);
        scored.push({ position, score: prior + scoreVector(weights, vector, client, tf), vector });
      }
      scored.sort((a, b) => b.score - a.score);
      const ranked: IdentityCandidate[] = scored.slice(0, thresholds.maxCandidates + 1).map((s) => {
        const client = records[s.position]!;
        return {
          baseId: client.id,
          score: Math.round(s.score * 100) / 100,
          probability: scoreProbability(s.score),
          comparisons: explainVector(weights, s.vector, client, tf),
        };
      });
      return decideIdentity(ranked, thresholds);
    },
  };
}

/**
 * Blocks as linked lists in typed arrays, found by a 30-bit hash of their key. A million clients
 * file about seven million entries; as arrays of arrays under string keys, building them cost more
 * than everything else in the index and kept the garbage collector busy. Two keys that share a hash
 * merge their blocks, which only adds a few candidates to score: the comparison decides, not the block.
 */
interface BlockTable {
  /** The block of a key, or -1. */
  find(key: string): number;
  insert(key: string, position: number): void;
  head: Int32Array;
  count: Int32Array;
  next: Int32Array;
  member: Int32Array;
}

function createBlockTable(): BlockTable {
  const ids = new Map<number, number>();
  const table: BlockTable = {
    head: new Int32Array(1 << 16),
    count: new Int32Array(1 << 16),
    next: new Int32Array(1 << 18),
    member: new Int32Array(1 << 18),
    find(key) {
      return ids.get(hashKey(key)) ?? -1;
    },
    insert(key, position) {
      const hash = hashKey(key);
      let block = ids.get(hash);
      if (block === undefined) {
        block = ids.size;
        ids.set(hash, block);
        if (block >= table.head.length) {
          table.head = grow(table.head);
          table.count = grow(table.count);
        }
        table.head[block] = -1;
      }
      if (entries >= table.next.length) {
        table.next = grow(table.next);
        table.member = grow(table.member);
      }
      table.member[entries] = position;
      table.next[entries] = table.head[block]!;
      table.head[block] = entries;
      table.count[block]!++;
      entries++;
    },
  };
  let entries = 0;
  return table;
}

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
