import { listRecourseOptions } from "../../recourse/list-recourse-options.ts";
import { loadHolidayCalendar } from "../../recourse/load-holiday-calendar.ts";
import { parseRecourseInput } from "../../recourse/recourse.schema.ts";
import { todayIn } from "../../shared/dates.ts";
import { AppError, isAppError } from "../../shared/errors.ts";
import { type CliCommand, parseFlags } from "../command.ts";

const USAGE = [
  "dossier recourse --decision refusal|removal-order|residency-obligation --line LINE",
  "                 --notified YYYY-MM-DD --arising canada|outside [--inadmissibility GROUND]",
  "                 [--relationship spouse|common-law-partner|child|other] [--today YYYY-MM-DD]",
  "",
  "LINE: family-sponsorship, temporary-residence, permanent-residence, citizenship, eta.",
  "GROUND: serious-criminality, organized-criminality, security, human-rights, misrepresentation.",
  "--relationship: who the sponsor sponsored, which decides the appeal after a misrepresentation",
  "finding (IRPA s. 64(3)). --today: the date to work from (default: today on this machine's clock).",
  "",
  'Prints {"asOf","options":[{"kind","available","deadline","basis","reason",…}]} with every option',
  "in English and French (basisFr, reasonFr). Deadlines skip the day of notification and move off",
  "Saturdays, Sundays and the holidays of the calendar in DOSSIER_HOLIDAYS_FILE (default: the federal",
  "calendar shipped with Dossier, 2020–2035). Opens no database. Exit 2 on bad input, naming the flag.",
].join("\n");

const FLAGS = {
  decision: { type: "string" },
  line: { type: "string" },
  notified: { type: "string" },
  arising: { type: "string" },
  inadmissibility: { type: "string" },
  relationship: { type: "string" },
  today: { type: "string" },
} as const;

export const recourseCommand: CliCommand = {
  path: ["recourse"],
  summary: "list the recourse options after a decision, with their deadlines and legal basis (JSON)",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, FLAGS);
    if (positionals.length > 0) {
      throw new AppError(
        "invalid_input",
        `unexpected argument "${positionals[0]}".\nUsage: ${USAGE.split("\n")[0]}`,
      );
    }
    const today = values.today ?? todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
    try {
      const input = parseRecourseInput({ ...values, today });
      const calendar = await loadHolidayCalendar();
      const options = listRecourseOptions(input, calendar);
      console.log(JSON.stringify({ asOf: input.today, options }, null, 2));
      return 0;
    } catch (error) {
      // The operation names fields; on the command line the same field is a flag.
      if (isAppError(error) && error.code === "invalid_input" && error.field && error.field in FLAGS) {
        throw new AppError("invalid_input", `--${error.message}`, { field: error.field });
      }
      throw error;
    }
  },
};
