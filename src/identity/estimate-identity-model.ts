import type { IdentityIndexInternals } from "./create-identity-index.ts";
import { DEFAULT_IDENTITY_MODEL } from "./default-identity-model.ts";
import { expectationMaximisation } from "./expectation-maximisation.ts";
import { COMPARED_FIELDS, type ComparedField, FIELD_LEVELS, type IdentityModel } from "./identity-model.ts";
import type { IdentityRecord } from "./identity-record.ts";
import { prepareIdentityRecord } from "./prepare-identity-record.ts";
import { compareRecords } from "./score-candidate.ts";

/** The blocks EM is trained on (by key letter) and the fields each rests on. */
const TRAINING_RULES: readonly { kinds: string; fields: ComparedField[] }[] = [
  { kinds: "b", fields: ["dateOfBirth"] },
  { kinds: "n", fields: ["givenName", "familyName"] },
  { kinds: "p", fields: ["documentNumber"] },
];

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
  // Splink's way round EM's weakness: pairs drawn from one kind of block all agree on the fields
  // that block rests on, so those fields say nothing there and are left out; each field's m comes
  // from the blocks that do not rest on it.
  const sums = startM.map((levels) => levels.map(() => 0));
  const runs = startM.map(() => 0);
  const perRule = Math.floor((options.blockedPairs ?? 200_000) / TRAINING_RULES.length);
  for (const rule of TRAINING_RULES) {
    const ignored = rule.fields.map((field) => COMPARED_FIELDS.indexOf(field));
    const vectors: Int8Array[] = [];
    let compared = 0;
    for (const record of incoming) {
      if (vectors.length >= perRule) break;
      compared++;
      const prepared = prepareIdentityRecord(record);
      for (const position of index.candidatesOf(prepared, rule.kinds)) {
        const { levels } = compareRecords(prepared, records[position]!);
        for (const f of ignored) levels[f] = -1;
        vectors.push(levels);
      }
    }
    if (vectors.length === 0) continue;
    // At most one candidate of each incoming record is the same person; start from half of them being so.
    const lambda = Math.min(0.5, Math.max(0.001, compared / vectors.length / 2));
    const fitted = expectationMaximisation(vectors, { m: startM, u, lambda });
    fitted.m.forEach((levels, f) => {
      if (ignored.includes(f)) return;
      runs[f]!++;
      levels.forEach((value, l) => {
        sums[f]![l]! += value;
      });
    });
  }
  const m = sums.map((levels, f) => (runs[f] === 0 ? startM[f]! : levels.map((value) => value / runs[f]!)));
  return {
    fields: COMPARED_FIELDS.map((field, f) => ({
      field,
      termFrequency: start.fields.find((s) => s.field === field)?.termFrequency === true,
      levels: FIELD_LEVELS[field].map((level, l) => ({ level, m: m[f]![l]!, u: u[f]![l]! })),
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
