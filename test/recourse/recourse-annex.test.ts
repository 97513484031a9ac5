import assert from "node:assert/strict";
import { test } from "node:test";
import { listRecourseOptions } from "../../src/recourse/list-recourse-options.ts";
import { recourseAnnex } from "../../src/recourse/recourse-annex.ts";
import { federal } from "./recourse-fixtures.ts";

const sponsorship = listRecourseOptions(
  {
    decision: "refusal",
    line: "family-sponsorship",
    notified: "2026-11-25",
    arising: "outside",
    today: "2026-11-26",
  },
  federal,
);

test("the English annex lists the open options with their deadlines written out, then those that are not open", () => {
  const lines = recourseAnnex(sponsorship, "en");
  assert.equal(lines[0], "What you can do about this decision");
  const appeal = lines.indexOf("1. Appeal to the Immigration Appeal Division");
  assert.ok(appeal > 0);
  assert.equal(lines[appeal + 1], "Deadline: 28 December 2026.");
  assert.match(lines[appeal + 2] ?? "", /by 2026-12-28\. Day 30 is 2026-12-25/);
  assert.ok(lines.includes("Options not open for this decision:"));
  const leave = lines.find((line) =>
    line.startsWith("- Leave and judicial review at the Federal Court: Appeal first"),
  );
  assert.ok(leave, "the closed leave option says to appeal first");
  assert.ok(lines.includes("Suggested by: 28 December 2026 (not a legal deadline)."));
  assert.match(lines.at(-2) ?? "", /Interpretation Act ss\. 26–27/);
});

test("the French annex says the same in French, with French dates and typography", () => {
  const lines = recourseAnnex(sponsorship, "fr");
  assert.equal(lines[0], "Ce que vous pouvez faire à la suite de cette décision");
  const appeal = lines.indexOf("1. Appel devant la Section d'appel de l'immigration");
  assert.equal(lines[appeal + 1], "Date limite : 28 décembre 2026.");
  assert.ok(
    lines.some((line) =>
      line.startsWith("- Autorisation et contrôle judiciaire à la Cour fédérale : Interjetez d'abord appel"),
    ),
  );
  assert.ok(
    lines.some(
      (line) =>
        line ===
        "Fondement juridique : LIPR, par. 63(1); Règles de la Section d'appel de l'immigration (délai de l'avis d'appel); Loi d'interprétation, art. 26 et 27.",
    ),
  );
  assert.equal(
    lines.some((line) => /Deadline|Legal basis/.test(line)),
    false,
  );
});

test("a barred new application shows the date the bar ends", () => {
  const barred = listRecourseOptions(
    {
      decision: "refusal",
      line: "temporary-residence",
      notified: "2026-11-25",
      arising: "outside",
      inadmissibility: "misrepresentation",
      today: "2026-11-26",
    },
    federal,
  );
  assert.ok(recourseAnnex(barred, "en").includes("  A new application can be made from 26 November 2031."));
  assert.ok(
    recourseAnnex(barred, "fr").includes(
      "  Une nouvelle demande peut être présentée à compter du 26 novembre 2031.",
    ),
  );
});
