import assert from "node:assert/strict";
import { test } from "node:test";
import { ZCreateClient } from "../../src/clients/client.schema.ts";
import { createRandom } from "../../src/generate/random.ts";
import {
  applicationsOfClients,
  clientOfficeCode,
  syntheticApplication,
} from "../../src/generate/synthetic-application.ts";
import { ORIGINS, transliterationVariant } from "../../src/generate/synthetic-names.ts";
import { REFERENCE_DATE, syntheticPerson } from "../../src/generate/synthetic-person.ts";
import { LINES_OF_BUSINESS } from "../../src/shared/identifiers.ts";

const people = (seed: number, count: number) =>
  Array.from({ length: count }, (_, i) => syntheticPerson(seed, i));

test("the same seed and index always give the same person; another seed gives other people", () => {
  assert.deepEqual(syntheticPerson(42, 17), syntheticPerson(42, 17));
  assert.deepEqual(people(42, 50), people(42, 50));
  const other = people(43, 50);
  const same = people(42, 50).filter(
    (p, i) => p.familyName === other[i]!.familyName && p.dateOfBirth === other[i]!.dateOfBirth,
  );
  assert.ok(same.length < 5, `${same.length} of 50 people identical across seeds`);
});

test("the random stream is fixed: the same keys give the same numbers on every machine", () => {
  const a = createRandom(1, 2, 3);
  const b = createRandom(1, 2, 3);
  const first = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    first,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.ok(first.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(createRandom(1).next(), createRandom(1 + 2 ** 32).next());
});

test("people come from many origins, with accents, non-ASCII letters and aliases", () => {
  const sample = people(7, 5000);
  const origins = new Set(sample.map((p) => p.origin));
  assert.ok(origins.size >= 15, `only ${origins.size} origins`);
  const names = sample.flatMap((p) => [p, ...p.aliases]).map((n) => `${n.familyName} ${n.givenNames}`);
  const has = (pattern: RegExp) => names.some((n) => pattern.test(n));
  assert.ok(has(/[éèêëàâîïôûùçœ]/i), "French accents");
  assert.ok(has(/[ễệịọốộớờợủứừựảạấầẩậắằặẹẻẽếềểđ]/i), "Vietnamese letters");
  assert.ok(has(/ß|[äöü]/), "German ß or umlauts");
  assert.ok(has(/[ışğİ]/), "Turkish dotless i, ş or ğ");
  assert.ok(has(/[łśżźąę]/), "Polish letters");
  assert.ok(has(/\bMuhammad\b|\bMohamed\b|\bMohammad\b/), "transliterations of Mohammed");
  assert.ok(
    sample.some((p) => p.givenNames === ""),
    "people with one name only",
  );
  assert.ok(sample.filter((p) => p.aliases.length > 0).length > 500, "aliases on a fair share of people");
  assert.ok(sample.some((p) => p.sex === "X"));
});

test("every person passes the rules a client created by hand must pass", () => {
  for (const person of people(11, 3000)) {
    const result = ZCreateClient.safeParse({
      officeCode: "OTT",
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.countryOfBirth,
      citizenships: person.citizenships,
      statusInCanada: person.statusInCanada,
      aliases: person.aliases,
      passports: person.passports,
      ...(person.email ? { email: person.email, emailConsentSource: person.emailConsentSource } : {}),
      ...(person.postalAddress ? { postalAddress: person.postalAddress } : {}),
    });
    assert.ok(result.success, `${JSON.stringify(person)}: ${result.error?.issues[0]?.message}`);
    assert.ok(person.dateOfBirth <= REFERENCE_DATE);
  }
});

test("citizenship and passports match the origin and status", () => {
  const sample = people(5, 4000);
  for (const p of sample) {
    if (p.statusInCanada === "citizen-by-birth") assert.equal(p.countryOfBirth, "CAN");
    if (p.statusInCanada.startsWith("citizen")) assert.ok(p.citizenships.includes("CAN"));
    else assert.ok(!p.citizenships.includes("CAN"), `${p.statusInCanada} with Canadian citizenship`);
    for (const passport of p.passports) assert.ok(p.citizenships.includes(passport.country));
  }
  const vietnamese = sample.filter(
    (p) => p.origin === "vietnamese" && p.statusInCanada !== "citizen-by-birth",
  );
  assert.ok(vietnamese.length > 0 && vietnamese.every((p) => p.countryOfBirth === "VNM"));
  const types = new Set(sample.flatMap((p) => p.passports.map((x) => x.type)));
  assert.deepEqual([...types].sort(), ["diplomatic", "official", "regular"]);
  const withEmail = sample.filter((p) => p.email).length;
  assert.ok(withEmail > sample.length * 0.7 && withEmail < sample.length, `${withEmail} emails`);
  assert.ok(sample.filter((p) => p.postalAddress).length > sample.length * 0.2);
});

test("a transliteration variant spells one word of the name differently", () => {
  const arabic = ORIGINS.find((o) => o.key === "arabic")!;
  const variant = transliterationVariant(createRandom(1), arabic, "Mohammed Ali");
  assert.match(variant ?? "", /^(Muhammad|Mohamed|Mohammad|Mohamad) Ali$/);
  assert.equal(transliterationVariant(createRandom(1), arabic, "Zzz"), null);
});

test("applications total exactly what was asked, go to clients of their block, and fit the client", () => {
  const totals = { clients: 1000, applications: 1500 };
  const all = applicationsOfClients(3, 0, 1000, totals);
  assert.equal(all.length, 1500);
  assert.deepEqual(
    all.map((a) => a.applicationIndex),
    Array.from({ length: 1500 }, (_, i) => i),
  );
  // Cut in two batches, the same applications go to the same clients.
  assert.deepEqual(
    [...applicationsOfClients(3, 0, 512, totals), ...applicationsOfClients(3, 512, 1000, totals)],
    all,
  );
  const perClient = new Map<number, number>();
  for (const a of all) perClient.set(a.clientIndex, (perClient.get(a.clientIndex) ?? 0) + 1);
  assert.ok(perClient.size < 1000, "some clients have no application");
  assert.ok(Math.max(...perClient.values()) >= 3, "some clients have several");

  const offices = ["OTT", "MTL", "VAN", "LOS", "MNL", "NDL"];
  const lines = new Set<string>();
  const languages = new Set<string>();
  for (const { applicationIndex, clientIndex } of all) {
    const person = syntheticPerson(3, clientIndex);
    const application = syntheticApplication(
      3,
      applicationIndex,
      person,
      clientOfficeCode(3, clientIndex, person, offices),
      offices,
    );
    lines.add(application.lineOfBusiness);
    languages.add(application.language);
    assert.ok(offices.includes(application.officeCode));
    assert.ok(application.receivedDate >= person.dateOfBirth && application.receivedDate <= REFERENCE_DATE);
    if (application.lineOfBusiness === "citizenship")
      assert.notEqual(person.statusInCanada, "foreign-national");
    if (application.lineOfBusiness === "eta") assert.equal(person.statusInCanada, "foreign-national");
    if (application.status === "refused") assert.ok(application.statusReason);
  }
  assert.deepEqual([...lines].sort(), [...LINES_OF_BUSINESS].sort());
  assert.deepEqual([...languages].sort(), ["en", "fr"]);
});
