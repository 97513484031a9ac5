import type { IdentityIndexInternals } from "./create-identity-index.ts";
import { DEFAULT_IDENTITY_MODEL } from "./default-identity-model.ts";
import { expectationMaximisation } from "./expectation-maximisation.ts";
import { COMPARED_FIELDS, FIELD_LEVELS, type IdentityModel } from "./identity-model.ts";
import type { IdentityRecord } from "./identity-record.ts";
import { prepareIdentityRecord } from "./prepare-identity-record.ts";
import { compareRecords } from "./score-candidate.ts";

export interface EstimateOptions {
  /** Random pairs of clients compared to measure u. Default 200,000. */
  randomPairs?: number;
  /** Candidate pairs from the blocks EM fits m on. Default 200,000. */
  blockedPairs?: number;
  /** The model EM starts from (and keeps for a field no pair compared). Default the configured one. */
  start?: IdentityModel;
  seed?: number;
}

/**
 * m and u fitted to the data, as Splink does it: u from random pairs of clients (almost all of them
 * different people), then m by EM over the pairs the blocks bring together for the incoming records.
 * Term-frequency adjustment still applies on top, from the clients' name counts.
 */
export function estimateIdentityModel(
  index: IdentityIndexInternals,
  incoming: readonly IdentityRecord[],
  options: EstimateOptions = {},
): IdentityModel {
  const start = options.start ?? DEFAULT_IDENTITY_MODEL;
  const records = index.records;
  const startM = COMPARED_FIELDS.map((field) => levelsOf(start, field, "m"));
  const startU = COMPARED_FIELDS.map((field) => levelsOf(start, field, "u"));
  let u = startU;
  if (records.length >= 2) {
    const counts = COMPARED_FIELDS.map((field) => FIELD_LEVELS[field].map(() => 0));
    let state = (options.seed ?? 1) >>> 0 || 1;
    const next = () => {
      // xorshift32: reproducible sampling without a dependency.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % records.length;
    };
    const pairs = options.randomPairs ?? 200_000;
    for (let i = 0; i < pairs; i++) {
      const a = next();
      const b = next();
      if (a === b) continue;
      const { levels } = compareRecords(records[a]!, records[b]!);
      levels.forEach((level, f) => {
        if (level >= 0) counts[f]![level]!++;
      });
    }
    // A level never seen among random pairs keeps the configured u rather than becoming 0.
    u = counts.map((fieldCounts, f) => {
      const total = fieldCounts.reduce((a, b) => a + b, 0);
      if (total === 0) return startU[f]!;
      return fieldCounts.map((c, l) => (c > 0 ? c / total : Math.min(startU[f]![l]!, 0.5 / total)));
    });
  }
  const vectors: Int8Array[] = [];
  const limit = options.blockedPairs ?? 200_000;
  for (const record of incoming) {
    if (vectors.length >= limit) break;
    const prepared = prepareIdentityRecord(record);
    for (const position of index.candidatesOf(prepared)) {
      vectors.push(compareRecords(prepared, records[position]!).levels);
    }
  }
  const lambda = Math.min(0.5, Math.max(0.001, incoming.length / Math.max(vectors.length, 1) / 2));
  const fitted = expectationMaximisation(vectors, { m: startM, u, lambda }, { fixU: true });
  return {
    fields: COMPARED_FIELDS.map((field, f) => ({
      field,
      termFrequency: start.fields.find((s) => s.field === field)?.termFrequency === true,
      levels: FIELD_LEVELS[field].map((level, l) => ({ level, m: fitted.m[f]![l]!, u: u[f]![l]! })),
    })),
  };
}

function levelsOf(model: IdentityModel, field: string, which: "m" | "u"): number[] {
  const spec = model.fields.find((f) => f.field === field);
  return FIELD_LEVELS[field as keyof typeof FIELD_LEVELS].map((level) => {
    const found = spec?.levels.find((l) => l.level === level);
    return found ? found[which] : 0.01;
  });
}
