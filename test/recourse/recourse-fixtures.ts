import { loadHolidayCalendar } from "../../src/recourse/load-holiday-calendar.ts";

/** The federal calendar shipped with Dossier, read from its data file as the CLI reads it. */
export const federal = await loadHolidayCalendar();
