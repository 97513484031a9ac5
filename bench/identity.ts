/**
 * Identity reconciliation accuracy and speed against a known truth: a base of synthetic clients and
 * incoming applicants of whom half are clients already on file, written with the errors real forms
 * carry (typos, OCR confusions, other spellings, names in the wrong order, missing fields, day and
 * month swapped, a renewed passport, half a compound family name), and half are new people, some of
 * them namesakes of clients, some born on the same day as one.
 *
 *   npm run bench -- identity [--base N --incoming M] [--seed S] [--runs R] [--estimate]
 *                             [--match-probability P] [--review-probability P] [--names lists|long-tail]
 *
 * Without --base/--incoming it runs 100,000 × 10,000 and 1,000,000 × 100,000. Prints one Markdown
 * table row per run and the medians (of each column on its own). The heap column is the growth
 * while the index is built when Node runs with --expose-gc, otherwise the heap in use after it.
 */
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { createRandom, type Random } from "../src/generate/random.ts";
import { familyNameForm, ORIGINS } from "../src/generate/synthetic-names.ts";
import { syntheticPerson } from "../src/generate/synthetic-person.ts";
import { passportNumber } from "../src/generate/synthetic-places.ts";
import { createIdentityIndex } from "../src/identity/create-identity-index.ts";
import { DEFAULT_DECISION_THRESHOLDS } from "../src/identity/decide-identity.ts";
import { estimateIdentityModel } from "../src/identity/estimate-identity-model.ts";
import type { IdentityModelOptions } from "../src/identity/identity-model.ts";
import type { IdentityRecord } from "../src/identity/identity-record.ts";
import { nameKey } from "../src/shared/names.ts";

const TARGETS = { precision: 0.999, recall: 0.995, reviewShare: 0.01, seconds1M: 60 };

export interface Incoming {
  record: IdentityRecord;
  /** The client this applicant is, or null for a new person. */
  truth: string | null;
  /** The errors introduced, for the listing of misses. */
  errors: string[];
}

/**
 * How names are drawn. `lists`: from the generator's lists alone (20 to 40 family names and 12 to
 * 32 given names per origin), so that a million people share a few thousand full names and every
 * client has dozens of namesakes, some born the same day. `long-tail` (the default): those lists are
 * the head of each origin's distribution, and a share of the people (per origin, from about a tenth
 * for Vietnamese family names to three quarters for Filipino or English ones) take instead a rarer
 * name from a Zipf-like tail of thousands, built from the origin's own names, as a real population
 * of a million has.
 */
export type NameDistribution = "lists" | "long-tail";

/** A synthetic client as the engine sees one: first passport, address split into its parts. */
export function clientRecord(
  seed: number,
  index: number,
  names: NameDistribution = "long-tail",
): IdentityRecord {
  const person = syntheticPerson(seed, index);
  const address = splitAddress(person.postalAddress);
  const { givenNames, familyName } =
    names === "long-tail" ? withLongTail(createRandom(seed, 9973, index), person) : person;
  return {
    id: `C${index}`,
    givenName: givenNames === "" ? null : givenNames,
    familyName,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    countryOfBirth: person.countryOfBirth,
    documentNumber: person.passports[0]?.number ?? null,
    ...address,
    // Built again from the name the record carries, so that a name from the tail has its address.
    email: person.email === null ? null : emailOf(createRandom(seed, 9974, index), givenNames, familyName),
  };
}

/** Share of each origin's people whose family name (given name) is outside the generator's lists. */
const TAIL_SHARE: Readonly<Record<string, { family: number; given: number }>> = {
  vietnamese: { family: 0.1, given: 0.5 },
  korean: { family: 0.25, given: 0.5 },
  chinese: { family: 0.4, given: 0.5 },
  indian: { family: 0.5, given: 0.5 },
};
const DEFAULT_TAIL_SHARE = { family: 0.75, given: 0.6 };
/** Ranks of the tail: after the lists' names, falling as 1/rank, as surname counts do. */
const TAIL_FIRST_RANK = 50;
const TAIL_RANKS = { family: 20_000, given: 5_000 };

function withLongTail(
  random: Random,
  person: { origin: string; sex: string; givenNames: string; familyName: string },
): { givenNames: string; familyName: string } {
  const origin = ORIGINS.find((o) => o.key === person.origin);
  if (!origin) return person;
  const share = TAIL_SHARE[origin.key] ?? DEFAULT_TAIL_SHARE;
  const sex = person.sex === "F" ? "F" : "M";
  const families = familyForms(origin.key, origin.family, sex);
  const givens = sex === "F" ? origin.givenF : origin.givenM;
  const replace = (name: string, pool: readonly string[], chance: number, ranks: number, kind: number) =>
    name.replace(/[^ -]+/g, (word) =>
      random.chance(chance) ? tailName(origin.key, kind, pool, tailRank(random, ranks)) : word,
    );
  return {
    givenNames: replace(person.givenNames, givens, share.given, TAIL_RANKS.given, 1),
    familyName: replace(person.familyName, families, share.family, TAIL_RANKS.family, 2),
  };
}

const FAMILY_FORMS = new Map<string, readonly string[]>();
const POOL_WORDS = new WeakMap<readonly string[], string[]>();

/** An origin's family names in the form for one sex, built once. */
function familyForms(origin: string, entries: readonly string[], sex: "F" | "M"): readonly string[] {
  const key = `${origin}|${sex}`;
  let forms = FAMILY_FORMS.get(key);
  if (!forms) {
    forms = entries.map((entry) => familyNameForm(entry, sex));
    FAMILY_FORMS.set(key, forms);
  }
  return forms;
}

/** A rank from TAIL_FIRST_RANK on, with probability falling as 1/rank (log-uniform). */
function tailRank(random: Random, ranks: number): number {
  const last = TAIL_FIRST_RANK + ranks;
  return Math.floor(TAIL_FIRST_RANK * (last / TAIL_FIRST_RANK) ** random.next());
}

/**
 * The name of a rank of an origin's tail, the same on every call: the head of one of the origin's
 * names joined to the end of another (Sharma and Agarwal give Sharwal), so it reads and sounds
 * like the origin's names, and lies as close to them as real rare names lie to common ones.
 */
function tailName(origin: string, kind: number, pool: readonly string[], rank: number): string {
  const random = createRandom(hashText(origin), kind, rank);
  let words = POOL_WORDS.get(pool);
  if (!words) {
    words = pool.flatMap((name) => name.split(/[ -]/)).filter((word) => word.length >= 2);
    POOL_WORDS.set(pool, words);
  }
  // Letters with their accents, so that a cut never leaves an accent without its letter.
  const letters = (word: string) => word.normalize("NFC").match(/\P{M}\p{M}*/gu) ?? [];
  const first = letters(random.pick(words));
  const second = letters(random.pick(words).toLowerCase());
  const cut = random.int(Math.min(2, first.length), Math.max(2, first.length - 1));
  const from = random.int(1, Math.max(1, second.length - 2));
  return first.slice(0, cut).join("") + second.slice(from).join("");
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];

/** An address written as the person generator writes them: given.family, a number, a provider. */
function emailOf(random: Random, givenNames: string, familyName: string): string {
  const given = nameKey(givenNames).split(" ")[0] ?? "";
  const family = nameKey(familyName).replace(/ /g, "");
  const separator = random.pick([".", "_", ""]);
  const local = given ? `${given}${separator}${family}` : family;
  const suffix = random.chance(0.5) ? String(random.int(1, 99)) : "";
  return `${local}${suffix}@${random.pick(EMAIL_DOMAINS)}`;
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
  // An eTA form always has an address: a client with none on file gives one, others may give another.
  if (r.email == null) r.email = emailOf(random, r.givenName ?? "", r.familyName ?? "");
  else
    apply(0.3, "new-email", () => {
      r.email = emailOf(random, client.givenName ?? "", client.familyName ?? "");
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
function newPerson(
  random: Random,
  seed: number,
  index: number,
  base: IdentityRecord[],
  names: NameDistribution,
): Incoming {
  const person = clientRecord(seed + 7919, index, names);
  const record: IdentityRecord = { ...person, id: `N${index}` };
  const errors: string[] = [];
  const client = base[random.int(0, base.length - 1)]!;
  const kind = random.next();
  if (kind < 0.05) {
    record.givenName = client.givenName;
    record.familyName = client.familyName;
    record.sex = client.sex;
    // Their address is built from the name they share (generateIncoming makes it their own).
    record.email = emailOf(random, client.givenName ?? "", client.familyName ?? "");
    errors.push("namesake");
    if (random.chance(0.1)) {
      record.dateOfBirth = client.dateOfBirth;
      errors.push("same-birthday");
    }
  } else if (kind < 0.1) {
    record.dateOfBirth = client.dateOfBirth;
    errors.push("same-birthday");
  }
  // eTA applicants all give an address.
  if (record.email == null) record.email = emailOf(random, record.givenName ?? "", record.familyName ?? "");
  return { record, truth: null, errors };
}

export function generateIncoming(
  seed: number,
  base: IdentityRecord[],
  count: number,
  names: NameDistribution = "long-tail",
): Incoming[] {
  const out: Incoming[] = [];
  for (let i = 0; i < count; i++) {
    const random = createRandom(seed, 4242, i);
    if (random.chance(0.5)) {
      out.push(distort(random, base[random.int(0, base.length - 1)]!, `I${i}`));
    } else out.push(newPerson(random, seed, i, base, names));
  }
  // An address has one owner: a new address on a form is nobody else's (the client's own kept one is).
  const taken = new Set<string>();
  const owner = new Map<string, string>();
  for (const client of base) {
    if (client.email) {
      taken.add(client.email);
      owner.set(client.id, client.email);
    }
  }
  for (const item of out) {
    const own = item.truth === null ? undefined : owner.get(item.truth);
    if (item.record.email && item.record.email !== own)
      item.record.email = unusedEmail(item.record.email, taken);
  }
  return out;
}

/** Makes each client's address its own, as a provider does: a taken name gets a number. */
export function ownEmails(records: IdentityRecord[]): void {
  const taken = new Set<string>();
  for (const record of records) if (record.email) record.email = unusedEmail(record.email, taken);
}

function unusedEmail(email: string, taken: Set<string>): string {
  let candidate = email;
  for (let n = 2; taken.has(candidate); n++) candidate = email.replace("@", `${n}@`);
  taken.add(candidate);
  return candidate;
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
      names: { type: "string", default: "long-tail" },
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
  const names = values.names;
  if (names !== "lists" && names !== "long-tail") {
    console.error("--names: must be lists or long-tail");
    process.exit(2);
  }
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
      )}, seed ${seed}, names ${names}${values.estimate ? ", m/u estimated by EM" : ", configured m/u"}, match at ${options.matchProbability ?? DEFAULT_DECISION_THRESHOLDS.matchProbability}, review from ${options.reviewProbability ?? DEFAULT_DECISION_THRESHOLDS.reviewProbability}`,
  );
  console.log(
    "\n| run | base × incoming | precision | recall | review | incoming/s | index build | decide | total | CPU | heap |\n|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const [baseSize, incomingSize] of sizes) {
    const genStart = performance.now();
    const baseRecords: IdentityRecord[] = new Array(baseSize);
    for (let i = 0; i < baseSize; i++) baseRecords[i] = clientRecord(seed, i, names);
    ownEmails(baseRecords);
    const incoming = generateIncoming(seed, baseRecords, incomingSize, names);
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
