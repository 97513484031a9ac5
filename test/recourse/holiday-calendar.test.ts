import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { calendarFromJson } from "../../src/recourse/holiday-calendar.ts";
import { loadHolidayCalendar } from "../../src/recourse/load-holiday-calendar.ts";
import { AppError } from "../../src/shared/errors.ts";
import { federal } from "./recourse-fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "dossier-holidays-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function holidaysIn(year: number): string[] {
  return [...federal.holidays.values()].filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.en);
}

test("the shipped calendar covers 2020–2035: ten holidays in 2020, eleven from 2021 with Truth and Reconciliation", () => {
  assert.equal(federal.firstYear, 2020);
  assert.equal(federal.lastYear, 2035);
  assert.equal(holidaysIn(2020).length, 10);
  assert.deepEqual(holidaysIn(2026), [
    "New Year's Day",
    "Good Friday",
    "Easter Monday",
    "Victoria Day",
    "Canada Day",
    "Labour Day",
    "National Day for Truth and Reconciliation",
    "Thanksgiving Day",
    "Remembrance Day",
    "Christmas Day",
    "Boxing Day",
  ]);
  // …and the proclaimed day of mourning of 19 September 2022.
  assert.equal(federal.holidays.size, 10 + 15 * 11 + 1);
  assert.equal(federal.holidays.get("2022-09-19")?.en, "National Day of Mourning (Queen Elizabeth II)");
});

test("the calendar's dates are the real ones: Easter, Victoria Day, Labour Day and Thanksgiving of 2026", () => {
  assert.equal(federal.holidays.get("2026-04-03")?.en, "Good Friday");
  assert.equal(federal.holidays.get("2026-04-06")?.fr, "Lundi de Pâques");
  assert.equal(federal.holidays.get("2026-05-18")?.en, "Victoria Day");
  assert.equal(federal.holidays.get("2026-09-07")?.fr, "Fête du Travail");
  assert.equal(federal.holidays.get("2026-10-12")?.en, "Thanksgiving Day");
  assert.equal(federal.holidays.get("2035-07-02")?.observedFor, "2035-07-01");
});

test("DOSSIER_HOLIDAYS_FILE may name another calendar of the same shape", async () => {
  const path = join(dir, "office.json");
  writeFileSync(
    path,
    JSON.stringify({
      name: "Office closures",
      firstYear: 2026,
      lastYear: 2026,
      holidays: [{ date: "2026-11-17", en: "Office closure", fr: "Fermeture du bureau" }],
    }),
  );
  const calendar = await loadHolidayCalendar(path);
  assert.equal(calendar.name, "Office closures");
  assert.equal(calendar.holidays.get("2026-11-17")?.fr, "Fermeture du bureau");
});

test("a calendar file that is missing, not JSON, or not of the calendar's shape is refused with the rule", async () => {
  await assert.rejects(
    loadHolidayCalendar(join(dir, "none.json")),
    /DOSSIER_HOLIDAYS_FILE: cannot read .*no such file/,
  );
  const notJson = join(dir, "bad.json");
  writeFileSync(notJson, "{ holidays: ");
  await assert.rejects(loadHolidayCalendar(notJson), /is not valid JSON/);
  const base = { name: "Test", firstYear: 2026, lastYear: 2027 };
  const refused = (holidays: unknown[], extra: object = {}) => {
    try {
      calendarFromJson({ ...base, ...extra, holidays }, "test.json");
    } catch (error) {
      assert.ok(error instanceof AppError && error.field === "DOSSIER_HOLIDAYS_FILE");
      return error.message;
    }
    assert.fail("the calendar was accepted");
  };
  const day = (date: string) => ({ date, en: "Day", fr: "Jour" });
  assert.match(refused([day("2026-02-30"), day("2027-01-01")]), /holidays\.0\.date: must be a real date/);
  assert.match(
    refused([day("2026-01-01"), day("2028-01-01")]),
    /holidays\.1\.date: must fall within 2026–2027/,
  );
  assert.match(
    refused([day("2027-01-01"), day("2026-12-25")]),
    /holidays\.1\.date: must come after 2027-01-01/,
  );
  assert.match(refused([day("2026-01-01")]), /holidays: list no holiday in 2027/);
  assert.match(
    refused([{ date: "2026-01-01", en: "New Year's Day" }, day("2027-01-01")]),
    /holidays\.0\.fr: /,
  );
  assert.match(refused([], { lastYear: 2025 }), /lastYear: must not be before firstYear/);
});
