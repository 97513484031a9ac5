/**
 * Identity reconciliation accuracy and speed against a known truth: a base of synthetic clients and
 * incoming applicants of whom half are clients already on file, written with the errors real forms
 * carry (typos, OCR confusions, other spellings, names in the wrong order, missing fields, day and
 * month swapped, a renewed passport, half a compound family name), and half are new people, some of
 * them namesakes of clients, some born on the same day as one.
 *
 *   npm run bench -- identity [--base N --incoming M] [--seed S] [--runs R] [--estimate]
 *                             [--match-probability P] [--review-probability P]
 *
 * Without --base/--incoming it runs 100,000 × 10,000 and 1,000,000 × 100,000. Prints one Markdown
 * table row per run and the medians (of each column on its own). The heap column is the growth
 * while the index is built when Node runs with --expose-gc, otherwise the heap in use after it.
 */
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { createRandom, type Random } from "../src/generate/random.ts";
import { syntheticPerson } from "../src/generate/synthetic-person.ts";
import { passportNumber } from "../src/generate/synthetic-places.ts";
import { createIdentityIndex } from "../src/identity/create-identity-index.ts";
import { estimateIdentityModel } from "../src/identity/estimate-identity-model.ts";
import type { IdentityModelOptions } from "../src/identity/identity-model.ts";
import type { IdentityRecord } from "../src/identity/identity-record.ts";

const TARGETS = { precision: 0.999, recall: 0.995, reviewShare: 0.01, seconds1M: 60 };

export interface Incoming {
  record: IdentityRecord;
  /** The client this applicant is, or null for a new person. */
  truth: string | null;
  /** The errors introduced, for the listing of misses. */
  errors: string[];
}

/** A synthetic client as the engine sees one: first passport, address split into its parts. */
export function clientRecord(seed: number, index: number): IdentityRecord {
  const person = syntheticPerson(seed, index);
  const address = splitAddress(person.postalAddress);
  return {
    id: `C${index}`,
    givenName: person.givenNames === "" ? null : person.givenNames,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    countryOfBirth: person.countryOfBirth,
    documentNumber: person.passports[0]?.number ?? null,
    ...address,
  };
}

function splitAddress(
  address: string | null,
): Pick<IdentityRecord, "street" | "city" | "postalCode" | "region"> {
  const none = { street: null, city: null, postalCode: null, region: null };
  if (!address) return none;
  const lines = address.split("\n");
  const street = lines[0]?.replace(/^(Apt|app\.) \d+, /, "") ?? null;
  const canadian = /^(.*) ([A-Z]{2}) {2}([A-Z]\d[A-Z] \d[A-Z]\d)$/.exec(lines[1] ?? "");
  if (canadian) return { street, city: canadian[1]!, region: canadian[2]!, postalCode: canadian[3]! };
  return { ...none, street, city: lines[1] ?? null };
}

const OCR: Record<string, string> = {
  "0": "O",
  O: "0",
  "1": "I",
  I: "1",
  "5": "S",
  S: "5",
  "8": "B",
  B: "8",
};
const PHONETIC: [RegExp, string][] = [
  [/ph/, "f"],
  [/f/, "ph"],
  [/ck/, "k"],
  [/c(?=[aou])/, "k"],
  [/k/, "c"],
  [/y/, "i"],
  [/i(?=[aeou])/, "y"],
  [/ee/, "i"],
  [/ou/, "u"],
  [/([bdglmnprst])\1/, "$1"],
  [/([aeiou])([lnrst])([aeiou])/, "$1$2$2$3"],
  [/sh/, "ch"],
  [/v/, "w"],
];

function typo(random: Random, text: string): string {
  if (text.length < 3) return text;
  const i = random.int(1, text.length - 2);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  switch (random.int(0, 3)) {
    case 0:
      return text.slice(0, i) + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + random.pick([...letters]) + text.slice(i);
    case 2:
      return text.slice(0, i) + random.pick([...letters]) + text.slice(i + 1);
    default:
      return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
  }
}

function phonetic(random: Random, text: string): string {
  const rules = PHONETIC.filter(([pattern]) => pattern.test(text.toLowerCase()));
  if (rules.length === 0) return typo(random, text);
  const [pattern, replacement] = random.pick(rules);
  const lower = text.toLowerCase().replace(pattern, replacement);
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

function ocr(random: Random, number: string): string {
  const positions = [...number].map((c, i) => (OCR[c] ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return number;
  const i = random.pick(positions);
  return number.slice(0, i) + OCR[number[i]!] + number.slice(i + 1);
}

/** The applicant a client becomes on an incoming form: each error with its own probability. */
export function distort(random: Random, client: IdentityRecord, id: string): Incoming {
  const r: IdentityRecord = { ...client, id };
  const errors: string[] = [];
  const apply = (p: number, name: string, change: () => void) => {
    if (random.chance(p)) {
      change();
      errors.push(name);
    }
  };
  apply(0.12, "given-typo", () => {
    if (r.givenName) r.givenName = typo(random, r.givenName);
  });
  apply(0.12, "family-typo", () => {
    if (r.familyName) r.familyName = typo(random, r.familyName);
  });
  apply(0.08, "phonetic-spelling", () => {
    if (random.chance(0.5) && r.givenName) r.givenName = phonetic(random, r.givenName);
    else if (r.familyName) r.familyName = phonetic(random, r.familyName);
  });
  apply(0.1, "hyphenated-family-dropped", () => {
    const parts = r.familyName?.split(/[- ]/) ?? [];
    if (parts.length > 1) r.familyName = random.pick(parts);
  });
  apply(0.04, "names-swapped", () => {
    [r.givenName, r.familyName] = [r.familyName, r.givenName];
  });
  apply(0.05, "day-month-transposed", () => {
    const d = r.dateOfBirth;
    if (d && Number(d.slice(8)) <= 12) r.dateOfBirth = `${d.slice(0, 4)}-${d.slice(8)}-${d.slice(5, 7)}`;
  });
  apply(0.03, "date-digit-off", () => {
    const d = r.dateOfBirth;
    if (d) {
      const day = Number(d.slice(8));
      const next = day >= 28 ? day - 1 : day + 1;
      r.dateOfBirth = `${d.slice(0, 8)}${String(next).padStart(2, "0")}`;
    }
  });
  apply(0.3, "new-passport", () => {
    r.documentNumber = passportNumber(random, r.countryOfBirth ?? "XXX");
  });
  apply(0.08, "passport-ocr", () => {
    if (r.documentNumber) r.documentNumber = ocr(random, r.documentNumber);
  });
  apply(0.04, "passport-typo", () => {
    const n = r.documentNumber;
    if (n && n.length > 3) {
      const i = random.int(1, n.length - 1);
      r.documentNumber = n.slice(0, i) + String(random.int(0, 9)) + n.slice(i + 1);
    }
  });
  apply(0.5, "moved", () => {
    r.street = null;
    r.city = null;
    r.postalCode = null;
    r.region = null;
  });
  apply(0.03, "sex-missing", () => (r.sex = null));
  apply(0.03, "country-missing", () => (r.countryOfBirth = null));
  apply(0.01, "date-missing", () => (r.dateOfBirth = null));
  apply(0.02, "given-missing", () => (r.givenName = null));
  return { record: r, truth: client.id, errors };
}

/** A new person; some take the name of a client on file, some also the client's date of birth. */
function newPerson(random: Random, seed: number, index: number, base: IdentityRecord[]): Incoming {
  const person = clientRecord(seed + 7919, index);
  const record: IdentityRecord = { ...person, id: `N${index}` };
  const errors: string[] = [];
  const client = base[random.int(0, base.length - 1)]!;
  const kind = random.next();
  if (kind < 0.05) {
    record.givenName = client.givenName;
    record.familyName = client.familyName;
    record.sex = client.sex;
    errors.push("namesake");
    if (random.chance(0.1)) {
      record.dateOfBirth = client.dateOfBirth;
      errors.push("same-birthday");
    }
  } else if (kind < 0.1) {
    record.dateOfBirth = client.dateOfBirth;
    errors.push("same-birthday");
  }
  return { record, truth: null, errors };
}

export function generateIncoming(seed: number, base: IdentityRecord[], count: number): Incoming[] {
  const out: Incoming[] = [];
  for (let i = 0; i < count; i++) {
    const random = createRandom(seed, 4242, i);
    if (random.chance(0.5)) {
      out.push(distort(random, base[random.int(0, base.length - 1)]!, `I${i}`));
    } else out.push(newPerson(random, seed, i, base));
  }
  return out;
}

interface RunResult {
  base: number;
  incoming: number;
  buildSeconds: number;
  decideSeconds: number;
  /** CPU time of this process (user + system): on a shared machine, wall time also counts the others' work. */
  buildCpuSeconds: number;
  decideCpuSeconds: number;
  perSecond: number;
  heapMiB: number;
  precision: number;
  recall: number;
  reviewShare: number;
  matches: number;
  falseMatches: number;
  missed: number;
  reviews: number;
  examples: string[];
  /** Wrong auto-matches by what the incoming record was. */
  falseByKind: string;
}

function runOnce(
  baseRecords: IdentityRecord[],
  incoming: Incoming[],
  estimate: boolean,
  options: IdentityModelOptions,
): RunResult {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const buildStart = performance.now();
  const buildCpu = process.cpuUsage();
  let index = createIdentityIndex(options);
  for (const r of baseRecords) index.add(r);
  if (estimate) {
    const model = estimateIdentityModel(
      index,
      incoming.slice(0, 20000).map((i) => i.record),
    );
    const fitted = createIdentityIndex({ ...options, model });
    for (const r of baseRecords) fitted.add(r);
    index = fitted;
  }
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const buildCpuSeconds = cpuSeconds(process.cpuUsage(buildCpu));
  // Without --expose-gc the difference also counts garbage not yet collected, or collected early.
  globalThis.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - (globalThis.gc ? heapBefore : 0)) / 2 ** 20;
  let matches = 0;
  let falseMatches = 0;
  let reviews = 0;
  let found = 0;
  let trueTotal = 0;
  const examples: string[] = [];
  const falseByKind = new Map<string, number>();
  const decideStart = performance.now();
  const decideCpu = process.cpuUsage();
  for (const item of incoming) {
    const d = index.decide(item.record);
    if (item.truth !== null) trueTotal++;
    if (d.decision === "match") {
      matches++;
      if (d.baseId !== item.truth) {
        falseMatches++;
        const kind =
          item.truth === null
            ? `new person [${item.errors.join(",") || "no shared fields made"}]`
            : "another client";
        falseByKind.set(kind, (falseByKind.get(kind) ?? 0) + 1);
        if (examples.length < 8)
          examples.push(`false match ${item.record.id} → ${d.baseId} (${d.score}) [${item.errors}]`);
      } else found++;
    } else if (d.decision === "review") {
      reviews++;
      if (item.truth !== null && d.candidates.some((c) => c.baseId === item.truth)) found++;
    }
    if (item.truth !== null && d.decision === "new" && examples.length < 16) {
      examples.push(`missed ${item.record.id} (${item.truth}, best ${d.score}) [${item.errors}]`);
    }
  }
  const decideSeconds = (performance.now() - decideStart) / 1000;
  const decideCpuSeconds = cpuSeconds(process.cpuUsage(decideCpu));
  return {
    base: baseRecords.length,
    incoming: incoming.length,
    buildSeconds,
    decideSeconds,
    buildCpuSeconds,
    decideCpuSeconds,
    perSecond: incoming.length / decideSeconds,
    heapMiB,
    precision: matches === 0 ? 1 : (matches - falseMatches) / matches,
    recall: trueTotal === 0 ? 1 : found / trueTotal,
    reviewShare: reviews / incoming.length,
    matches,
    falseMatches,
    missed: trueTotal - found,
    reviews,
    examples,
    falseByKind: [...falseByKind].map(([kind, n]) => `${n} ${kind}`).join("; "),
  };
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function row(r: RunResult, label: string): string {
  return `| ${label} | ${r.base.toLocaleString("en-CA")} × ${r.incoming.toLocaleString("en-CA")} | ${r.precision.toFixed(5)} | ${r.recall.toFixed(5)} | ${(r.reviewShare * 100).toFixed(2)}% | ${Math.round(r.perSecond).toLocaleString("en-CA")} | ${r.buildSeconds.toFixed(1)} s | ${r.decideSeconds.toFixed(1)} s | ${(r.buildSeconds + r.decideSeconds).toFixed(1)} s | ${(r.buildCpuSeconds + r.decideCpuSeconds).toFixed(1)} s | ${Math.round(r.heapMiB)} MiB |`;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: "string" },
      incoming: { type: "string" },
      seed: { type: "string", default: "1" },
      runs: { type: "string", default: "1" },
      estimate: { type: "boolean", default: false },
      "match-probability": { type: "string" },
      "review-probability": { type: "string" },
    },
    strict: true,
  });
  const whole = (text: string | undefined, flag: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`${flag}: must be a whole number of at least 1`);
      process.exit(2);
    }
    return n;
  };
  const probability = (text: string | undefined, flag: string): number | undefined => {
    if (text === undefined) return undefined;
    const p = Number(text);
    if (!(p > 0 && p < 1)) {
      console.error(`${flag}: must be a number between 0 and 1`);
      process.exit(2);
    }
    return p;
  };
  const options: IdentityModelOptions = {};
  const matchProbability = probability(values["match-probability"], "--match-probability");
  const reviewProbability = probability(values["review-probability"], "--review-probability");
  if (matchProbability !== undefined) options.matchProbability = matchProbability;
  if (reviewProbability !== undefined) options.reviewProbability = reviewProbability;
  const seed = whole(values.seed, "--seed");
  const runs = whole(values.runs, "--runs");
  const sizes: [number, number][] =
    values.base || values.incoming
      ? [[whole(values.base ?? "100000", "--base"), whole(values.incoming ?? "10000", "--incoming")]]
      : [
          [100_000, 10_000],
          [1_000_000, 100_000],
        ];
  console.log(
    `Identity reconciliation — ${new Date().toISOString()}, ${cpus()[0]?.model ?? "cpu"} × ${availableParallelism()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        " ",
      )}, seed ${seed}${values.estimate ? ", m/u estimated by EM" : ", configured m/u"}, match at ${options.matchProbability ?? 0.998}, review from ${options.reviewProbability ?? 0.5}`,
  );
  console.log(
    "\n| run | base × incoming | precision | recall | review | incoming/s | index build | decide | total | CPU | heap |\n|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const [baseSize, incomingSize] of sizes) {
    const genStart = performance.now();
    const baseRecords: IdentityRecord[] = new Array(baseSize);
    for (let i = 0; i < baseSize; i++) baseRecords[i] = clientRecord(seed, i);
    const incoming = generateIncoming(seed, baseRecords, incomingSize);
    console.error(
      `generated ${baseSize} × ${incomingSize} in ${((performance.now() - genStart) / 1000).toFixed(1)} s`,
    );
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      const result = runOnce(baseRecords, incoming, values.estimate === true, options);
      results.push(result);
      console.log(row(result, String(i + 1)));
      for (const e of result.examples) console.error(`  ${e}`);
      console.error(
        `  matches ${result.matches}, false ${result.falseMatches}, reviews ${result.reviews}, missed ${result.missed}`,
      );
      console.error(`  wrong matches: ${result.falseByKind || "none"}`);
    }
    if (runs > 1) {
      const m = (f: (r: RunResult) => number) => median(results.map(f));
      const medianRun: RunResult = {
        ...results[0]!,
        buildSeconds: m((r) => r.buildSeconds),
        decideSeconds: m((r) => r.decideSeconds),
        buildCpuSeconds: m((r) => r.buildCpuSeconds),
        decideCpuSeconds: m((r) => r.decideCpuSeconds),
        perSecond: m((r) => r.perSecond),
        heapMiB: m((r) => r.heapMiB),
      };
      console.log(row(medianRun, `median of ${runs}`));
    }
  }
  console.log(
    `\nTargets: precision ≥ ${TARGETS.precision}, recall ≥ ${TARGETS.recall}, review ≤ ${TARGETS.reviewShare * 100}%, 1,000,000 × 100,000 in < ${TARGETS.seconds1M} s (index build + decide). Load at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}.`,
  );
}
