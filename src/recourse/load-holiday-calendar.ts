import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { AppError } from "../shared/errors.ts";
import { calendarFromJson, type HolidayCalendar } from "./holiday-calendar.ts";

/** The federal calendar shipped with Dossier (2020–2035); regenerate it with holidays/generate-canada-federal.ts. */
export const DEFAULT_HOLIDAYS_FILE = fileURLToPath(
  new URL("./holidays/canada-federal.json", import.meta.url),
);

const loaded = new Map<string, Promise<HolidayCalendar>>();

/**
 * The holiday calendar in DOSSIER_HOLIDAYS_FILE, or Dossier's federal calendar when it is not set.
 * A file that cannot be read or does not have the calendar's shape is bad input naming
 * DOSSIER_HOLIDAYS_FILE. Each file is read once per process.
 */
export function loadHolidayCalendar(
  path: string = process.env.DOSSIER_HOLIDAYS_FILE?.trim() || DEFAULT_HOLIDAYS_FILE,
): Promise<HolidayCalendar> {
  let calendar = loaded.get(path);
  if (!calendar) {
    calendar = readCalendar(path);
    // A failed read is not kept: the file may be fixed while the server runs.
    calendar.catch(() => loaded.delete(path));
    loaded.set(path, calendar);
  }
  return calendar;
}

async function readCalendar(path: string): Promise<HolidayCalendar> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new AppError("invalid_input", `DOSSIER_HOLIDAYS_FILE: cannot read ${path} (${reason})`, {
      field: "DOSSIER_HOLIDAYS_FILE",
      messageFr: `DOSSIER_HOLIDAYS_FILE : impossible de lire ${path} (${reason})`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      "invalid_input",
      `DOSSIER_HOLIDAYS_FILE: ${path} is not valid JSON (${(error as Error).message})`,
      {
        field: "DOSSIER_HOLIDAYS_FILE",
        messageFr: `DOSSIER_HOLIDAYS_FILE : ${path} n'est pas du JSON valide (${(error as Error).message})`,
      },
    );
  }
  return calendarFromJson(json, path);
}
