import { baseBlockingKeys, queryBlockingKeys } from "./blocking-keys.ts";
import { decideIdentity, scoreProbability } from "./decide-identity.ts";
import { DEFAULT_IDENTITY_MODEL } from "./default-identity-model.ts";
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
    matchProbability: options.matchProbability ?? 0.998,
    reviewProbability: options.reviewProbability ?? 0.5,
    maxCandidates: options.maxCandidates ?? 5,
  };
  const blockCap = options.blockCap ?? 2000;
  const termFrequencyMinBase = options.termFrequencyMinBase ?? 1000;
  const records: PreparedIdentityRecord[] = [];
  const blocks = new Map<string, number[]>();
  const given = new Map<string, number>();
  const family = new Map<string, number>();
  const full = new Map<string, number>();
  const frequencies: TermFrequencies = { given, family, full, total: 0 };
  // A stamp per client instead of a Set per lookup: the same client found in several blocks is scored once.
  let seen = new Int32Array(1024);
  let lookup = 0;

  function candidatesOf(incoming: PreparedIdentityRecord, kinds?: string): number[] {
    lookup++;
    const found: number[] = [];
    for (const key of queryBlockingKeys(incoming)) {
      if (kinds !== undefined && !kinds.includes(key[0]!)) continue;
      const block = blocks.get(key);
      if (block === undefined || block.length > blockCap) continue;
      for (const position of block) {
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
      for (const key of baseBlockingKeys(prepared)) {
        const block = blocks.get(key);
        if (block === undefined) blocks.set(key, [position]);
        else block.push(position);
      }
      if (prepared.given) given.set(prepared.given.key, (given.get(prepared.given.key) ?? 0) + 1);
      if (prepared.family) family.set(prepared.family.key, (family.get(prepared.family.key) ?? 0) + 1);
      if (prepared.given && prepared.family) {
        const key = `${prepared.given.key}|${prepared.family.key}`;
        full.set(key, (full.get(key) ?? 0) + 1);
      }
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
