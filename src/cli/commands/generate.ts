import { randomInt } from "node:crypto";
import { generateData, ZGenerateData } from "../../generate/generate-data.ts";
import { AppError, isAppError } from "../../shared/errors.ts";
import { validate } from "../../shared/validate.ts";
import { type CliCommand, openConfiguredDatabase, parseFlags } from "../command.ts";
import { createProgressBar } from "../progress-bar.ts";

const FLAG_OF_FIELD: Record<string, string> = {
  clients: "--clients",
  applications: "--applications",
  seed: "--seed",
  officeCode: "--office",
};

export const generateCommand: CliCommand = {
  path: ["generate"],
  summary: "fill the database with realistic synthetic clients and applications",
  usage:
    "dossier generate --clients N [--applications M] [--seed S] [--office CODE]\n" +
    "  --applications defaults to N (0 is allowed). The same --seed on a fresh database gives the same\n" +
    "  names, dates, UCIs and file numbers; without it a seed is drawn and printed. Without --office the\n" +
    "  data is spread over all offices, and six offices are created first if there are none.",
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      clients: { type: "string" },
      applications: { type: "string" },
      seed: { type: "string" },
      office: { type: "string" },
    });
    if (positionals.length > 0) {
      throw new AppError(
        "invalid_input",
        `unexpected argument "${positionals[0]}"; see dossier generate --help`,
      );
    }
    if (values.clients === undefined) {
      throw new AppError("invalid_input", "--clients: is required (how many clients to generate)", {
        field: "clients",
      });
    }
    const input = withFlagNames(() =>
      validate(ZGenerateData, {
        clients: values.clients,
        applications: values.applications ?? values.clients,
        seed: values.seed ?? randomInt(1, 2 ** 31),
        officeCode: values.office,
      }),
    );

    const database = await openConfiguredDatabase();
    try {
      const bar = createProgressBar({
        label: "generate",
        total: input.clients + input.applications,
        unit: "records",
      });
      const result = await withFlagNames(() =>
        generateData(database.db, {
          ...input,
          // Two transactions in flight keep both a server's cores busy; PGlite runs one at a time.
          writers: database.kind === "postgres" ? 2 : 1,
          onProgress: (done) => bar.update(done),
        }),
      );
      bar.finish();
      console.log(
        `Generated ${result.clients.toLocaleString("en-CA")} clients and ` +
          `${result.applications.toLocaleString("en-CA")} applications in ${(result.ms / 1000).toFixed(1)} s ` +
          `(seed ${input.seed}; the same seed on a fresh database gives the same data).`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};

/** Reports a bad field as the flag the person typed: `--clients: must be at least 1`, not `clients: …`. */
function withFlagNames<T>(work: () => T): T {
  const rename = (error: unknown): never => {
    const flag =
      isAppError(error) && error.code === "invalid_input" ? FLAG_OF_FIELD[error.field ?? ""] : undefined;
    if (!isAppError(error) || !flag) throw error;
    throw new AppError("invalid_input", error.message.replace(/^[^:]+:/, `${flag}:`), {
      field: error.field ?? "",
      cause: error,
    });
  };
  try {
    const result = work();
    return result instanceof Promise ? (result.catch(rename) as T) : result;
  } catch (error) {
    return rename(error);
  }
}
