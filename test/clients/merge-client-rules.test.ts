/** The rules of a client merge, and how the eTA identity index names a merged client's survivor. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { blockerWords, mergeBlockers, planClientMerge } from "../../src/clients/merge-client-rules.ts";
import { towardsSurvivors } from "../../src/eta/eta-identity-index.ts";
import type { IdentityCandidate } from "../../src/identity/identity-record.ts";

const NOTHING = {
  otherApplications: 0,
  infoAlerts: 0,
  adverseInformation: 0,
  designatedIndividuals: 0,
  accessRequests: 0,
  enquiries: 0,
  temporaryResidentVisas: 0,
  fileNotes: 0,
};

test("a provisional client holding only the matched application may merge; anything else keeps it, named in both languages", () => {
  assert.deepEqual(mergeBlockers(NOTHING), []);
  const blockers = mergeBlockers({ ...NOTHING, otherApplications: 1, fileNotes: 2 });
  assert.deepEqual(blockers, ["otherApplications", "fileNotes"]);
  assert.equal(blockerWords(blockers, "en"), "other applications, notes on its file");
  assert.equal(blockerWords(blockers, "fr"), "d'autres demandes, des notes à son dossier");
});

test("the survivor takes the names, passports and contacts it lacks; a different current address moves as history", () => {
  const plan = planClientMerge(
    {
      names: [
        { id: 11, familyKey: "kovalenko", givenKey: "olena" },
        { id: 12, familyKey: "kovalenko", givenKey: "olena maria" },
      ],
      passports: [
        { id: "p-new", country: "UKR", number: "FC5500117" },
        { id: "p-same", country: "UKR", number: "fa1100221" },
      ],
      contacts: [
        { id: "email", kind: "email", value: "Olena.K@Example.org ", supersededAt: null },
        { id: "postal", kind: "postal", value: "4 Quay Street\nLviv", supersededAt: null },
        { id: "phone", kind: "phone", value: "+380 44 123 4567", supersededAt: null },
      ],
    },
    {
      names: [{ id: 1, familyKey: "kovalenko", givenKey: "olena" }],
      passports: [{ id: "p1", country: "UKR", number: "FA1100221" }],
      contacts: [
        { id: "e1", kind: "email", value: "olena.k@example.org", supersededAt: null },
        { id: "a1", kind: "postal", value: "9 Rue Nord\nMontréal", supersededAt: null },
      ],
    },
  );
  assert.deepEqual(plan, {
    names: [12],
    passports: ["p-new"],
    currentContacts: ["phone"],
    historyContacts: ["postal"],
  });
});

function candidate(baseId: string, probability: number): IdentityCandidate {
  return { baseId, score: Math.log2(probability / (1 - probability)), probability, comparisons: [] };
}

test("a merged candidate is its survivor: counted once, so the survivor may become the one match", () => {
  const decision = {
    decision: "review" as const,
    baseId: "merged",
    score: 30,
    candidates: [candidate("merged", 0.9999), candidate("survivor", 0.999)],
  };
  const told = towardsSurvivors(decision, new Map([["merged", "survivor"]]));
  assert.equal(told.decision, "match");
  assert.equal(told.baseId, "survivor");
  assert.deepEqual(
    told.candidates.map((c) => c.baseId),
    ["survivor"],
  );
  assert.equal(towardsSurvivors(decision, new Map()), decision, "nothing merged: unchanged");
});
