import assert from "node:assert/strict";
import { test } from "node:test";
import { createIdentityIndex } from "../../src/identity/create-identity-index.ts";
import type { IdentityRecord } from "../../src/identity/identity-record.ts";

function record(id: string, fields: Partial<IdentityRecord>): IdentityRecord {
  return {
    id,
    givenName: null,
    familyName: null,
    dateOfBirth: null,
    sex: null,
    countryOfBirth: null,
    documentNumber: null,
    street: null,
    city: null,
    postalCode: null,
    region: null,
    ...fields,
  };
}

// A base large enough for name frequencies to count: 1,500 clients, 300 of them called Nguyen.
function base(): IdentityRecord[] {
  const clients: IdentityRecord[] = [];
  const given = ["Lan", "Minh", "Hoa", "Tuan", "Mai", "Duc", "Anh", "Thu", "Hung", "Linh"];
  const family = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Ouellet",
  ];
  for (let i = 0; i < 1500; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, "0");
    clients.push(
      record(`C${i}`, {
        givenName: given[i % 10]!,
        familyName: i % 5 === 0 ? "Nguyen" : `${family[i % 10]!}${i}`,
        dateOfBirth: `${1950 + (i % 50)}-${month}-${day}`,
        sex: i % 2 === 0 ? "F" : "M",
        countryOfBirth: "VNM",
        documentNumber: `N${String(1000000 + i * 7919).padStart(8, "0")}`,
      }),
    );
  }
  return clients;
}

function indexOf(clients: IdentityRecord[]) {
  const index = createIdentityIndex();
  for (const c of clients) index.add(c);
  return index;
}

test("the same person with a transposed date, a typo and a new passport is matched to the client", () => {
  const clients = base();
  clients.push(
    record("C-AMIR", {
      givenName: "Mohammed",
      familyName: "Haddad",
      dateOfBirth: "1983-04-09",
      sex: "M",
      countryOfBirth: "LBN",
      documentNumber: "RL1234567",
    }),
  );
  const index = indexOf(clients);
  assert.equal(index.size, 1501);
  const decision = index.decide(
    record("APP-1", {
      givenName: "Muhammad",
      familyName: "Hadad",
      dateOfBirth: "1983-09-04",
      sex: "M",
      countryOfBirth: "LBN",
      documentNumber: "RL1234567",
    }),
  );
  assert.equal(decision.decision, "match");
  assert.equal(decision.baseId, "C-AMIR");
  const reasons = Object.fromEntries(decision.candidates[0]!.comparisons.map((c) => [c.field, c.level]));
  assert.equal(reasons.givenName, "variant");
  assert.equal(reasons.dateOfBirth, "transposed-day-month");
  assert.equal(reasons.documentNumber, "exact");
});

test("someone unlike every client is new, with no candidates", () => {
  const index = indexOf(base());
  const decision = index.decide(
    record("APP-2", {
      givenName: "Ingrid",
      familyName: "Solberg",
      dateOfBirth: "1971-11-30",
      sex: "F",
      countryOfBirth: "NOR",
    }),
  );
  assert.deepEqual(decision, { decision: "new", baseId: null, score: null, candidates: [] });
});

test("a common family name weighs less than a rare one", () => {
  const index = indexOf(base());
  // C0 is Lan Nguyen; C1 is Minh Gagnon1 (a name no other client has).
  const common = index.decide(
    record("A", { givenName: "Lan", familyName: "Nguyen", dateOfBirth: "1950-01-01" }),
  );
  const rare = index.decide(
    record("B", { givenName: "Minh", familyName: "Gagnon1", dateOfBirth: "1951-01-02" }),
  );
  const weight = (d: typeof common, id: string) =>
    d.candidates.find((c) => c.baseId === id)!.comparisons.find((c) => c.field === "familyName")!.weight;
  assert.ok(
    weight(common, "C0") + 2 < weight(rare, "C1"),
    `${weight(common, "C0")} vs ${weight(rare, "C1")}`,
  );
});

test("the same name with a date one digit off and another passport is left to an officer, with reasons", () => {
  const index = indexOf(base());
  // C2 is Hoa Roy2, F, born 1952-01-03, passport N01015838.
  const decision = index.decide(
    record("APP-3", {
      givenName: "Hoa",
      familyName: "Roy2",
      dateOfBirth: "1952-01-05",
      sex: "F",
      documentNumber: "Z7000001",
    }),
  );
  assert.equal(decision.decision, "review");
  assert.equal(decision.baseId, "C2");
  const best = decision.candidates[0]!;
  assert.equal(best.baseId, "C2");
  assert.ok(best.probability < 0.99 && best.probability >= 0.5, String(best.probability));
  assert.deepEqual(
    best.comparisons.filter((c) => c.level !== "missing").map((c) => [c.field, c.level]),
    [
      ["givenName", "exact"],
      ["familyName", "exact"],
      ["dateOfBirth", "one-digit-off"],
      ["sex", "exact"],
      ["documentNumber", "different"],
    ],
  );
});

test("two clients who both look like the applicant go to review, not to a guess", () => {
  const twin = {
    givenName: "Olena",
    familyName: "Kovalenko",
    dateOfBirth: "1979-06-15",
    sex: "F",
    countryOfBirth: "UKR",
  };
  const clients = [...base(), record("C-A", twin), record("C-B", twin)];
  const decision = indexOf(clients).decide(record("APP-4", twin));
  assert.equal(decision.decision, "review");
  assert.deepEqual(decision.candidates.map((c) => c.baseId).sort(), ["C-A", "C-B"]);
  assert.ok(decision.candidates.every((c) => c.probability >= 0.998));
});

test("blocking finds the client despite an error in any one field", () => {
  const client = {
    givenName: "Svetlana",
    familyName: "Ivanova",
    dateOfBirth: "1988-02-11",
    sex: "F",
    countryOfBirth: "RUS",
    documentNumber: "753318842",
    postalCode: "M5V 2T6",
  };
  const index = indexOf([...base(), record("C-SV", client)]);
  const variants: Partial<IdentityRecord>[] = [
    { dateOfBirth: "1988-11-02" },
    { dateOfBirth: "1998-02-11" },
    { familyName: "Iwanowa" },
    { givenName: "Swetlana" },
    { givenName: "Ivanova", familyName: "Svetlana" },
    { documentNumber: "999999999" },
    { givenName: "Светлана", familyName: "Иванова" },
  ];
  for (const change of variants) {
    const decision = index.decide(record("APP", { ...client, ...change }));
    assert.ok(
      decision.candidates.some((c) => c.baseId === "C-SV"),
      `not found with ${JSON.stringify(change)}: ${decision.decision}`,
    );
    assert.notEqual(decision.decision, "new", JSON.stringify(change));
  }
});

test("a birthday a day off weighs more than a digit off elsewhere in the date", () => {
  const index = indexOf(base());
  const applicant = (id: string, dateOfBirth: string) =>
    index.decide(record(id, { givenName: "Hoa", familyName: "Roy2", dateOfBirth, sex: "F" })).candidates[0]!;
  // C2 was born 1952-01-03: the 4th is the next day, the 5th a mistyped digit.
  const nextDay = applicant("APP-5", "1952-01-04");
  const digitOff = applicant("APP-6", "1952-01-05");
  assert.equal(nextDay.baseId, "C2");
  assert.equal(digitOff.baseId, "C2");
  const level = (c: typeof nextDay) => c.comparisons.find((f) => f.field === "dateOfBirth")!.level;
  assert.equal(level(nextDay), "adjacent-day");
  assert.equal(level(digitOff), "one-digit-off");
  assert.ok(nextDay.score > digitOff.score + 3, `${nextDay.score} vs ${digitOff.score}`);
});

test("the client's own email address settles an applicant whose date and passport differ", () => {
  const clients = base();
  clients[2] = { ...clients[2]!, email: "Hoa.Roy@example.com" };
  const index = indexOf(clients);
  const applicant = {
    givenName: "Hoa",
    familyName: "Roy2",
    dateOfBirth: "1952-01-05",
    sex: "F",
    documentNumber: "Z7000001",
  };
  const withAddress = index.decide(record("APP-7", { ...applicant, email: "hoa.roy+eta@example.com" }));
  assert.equal(withAddress.decision, "match");
  assert.equal(withAddress.baseId, "C2");
  assert.equal(withAddress.candidates[0]!.comparisons.find((c) => c.field === "email")!.level, "exact");
  // Another address is no proof either way: people change providers. It is never a match.
  const otherAddress = index.decide(record("APP-8", { ...applicant, email: "hoaroy1952@example.org" }));
  assert.notEqual(otherAddress.decision, "match");
  assert.ok(otherAddress.score! < withAddress.score! - 15, `${otherAddress.score} vs ${withAddress.score}`);
});

test("a date of birth many clients share weighs less than a rare one", () => {
  // 1 January stands for an unknown birthday on many documents.
  const clients = [...base()];
  for (let i = 0; i < 300; i++) {
    clients.push(
      record(`J${i}`, { givenName: "Amina", familyName: `Haidari${i}`, dateOfBirth: "1980-01-01" }),
    );
  }
  const index = indexOf(clients);
  const dateWeight = (fields: Partial<IdentityRecord>, id: string) =>
    index
      .decide(record("APP-9", fields))
      .candidates.find((c) => c.baseId === id)!
      .comparisons.find((c) => c.field === "dateOfBirth")!;
  const common = dateWeight({ givenName: "Amina", familyName: "Haidari7", dateOfBirth: "1980-01-01" }, "J7");
  const rare = dateWeight({ givenName: "Hoa", familyName: "Roy2", dateOfBirth: "1952-01-03" }, "C2");
  assert.equal(common.level, "exact");
  assert.equal(rare.level, "exact");
  assert.ok(common.weight + 5 < rare.weight, `${common.weight} vs ${rare.weight}`);
});
