import type { CreateBulkJobInput } from "../../bulk/bulk.schema.ts";
import { BulkRowsError } from "../../bulk/bulk-rows-error.ts";
import { cancelBulkJob } from "../../bulk/cancel-bulk-job.ts";
import { createBulkJob } from "../../bulk/create-bulk-job.ts";
import { getBulkJob } from "../../bulk/get-bulk-job.ts";
import { parseFileNumberCsv } from "../../bulk/parse-file-number-csv.ts";
import { pauseBulkJob } from "../../bulk/pause-bulk-job.ts";
import { previewBulkJob } from "../../bulk/preview-bulk-job.ts";
import { resumeBulkJob } from "../../bulk/resume-bulk-job.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import {
  actorFromFlag,
  type CliCommand,
  onePositional,
  openConfiguredDatabase,
  parseFlags,
  readFlagFile,
  requireAsFlag,
  requireFlag,
} from "../command.ts";
import { templateValues } from "./letters.ts";

const CREATE_USAGE = [
  "dossier bulk create --office CODE --template ID [--values JSON | --values-file PATH]",
  "  (--csv PATH | [--line-of-business LOB] [--status STATUS]) --as EMAIL [--preview]",
  "",
  "Creates a bulk correspondence job, as the user of --as: one letter from the template for each",
  "application of the office listed in the CSV file (a column of file numbers, or one headed",
  "file_number), or matching the filters. Every row is checked first; if any is refused, the rows at",
  "fault are printed one per line, nothing is created, and the command exits 2. Prints the job as one",
  "JSON line (the same as POST /api/v1/bulk-jobs); --preview prints what would be sent and writes",
  "nothing.",
].join("\n");

export const bulkCreateCommand: CliCommand = {
  path: ["bulk", "create"],
  summary: "create a bulk correspondence job from a CSV of file numbers or filters",
  usage: CREATE_USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      office: { type: "string" },
      template: { type: "string" },
      values: { type: "string" },
      "values-file": { type: "string" },
      csv: { type: "string" },
      "line-of-business": { type: "string" },
      status: { type: "string" },
      as: { type: "string" },
      preview: { type: "boolean" },
    });
    if (positionals.length > 0)
      throw new AppError(
        "invalid_input",
        `unexpected argument ${positionals[0]}.\nUsage: ${CREATE_USAGE.split("\n")[0]}`,
      );
    // The operation's schema checks the office code, template, values and filters, naming each field.
    const input = {
      officeCode: requireFlag(values.office, "office", "the code of the office that sends the letters"),
      templateId: requireFlag(values.template, "template", "the letter template's id"),
      values: await templateValues(values.values, values["values-file"]),
      ...(values["line-of-business"] !== undefined ? { lineOfBusiness: values["line-of-business"] } : {}),
      ...(values.status !== undefined ? { status: values.status } : {}),
    } as CreateBulkJobInput;
    const as = requireAsFlag(values.as);
    let lines: number[] | undefined;
    try {
      if (values.csv !== undefined) {
        const csv = await readFlagFile(values.csv, "csv");
        const listed = parseFileNumberCsv(csv.bytes);
        input.fileNumbers = listed.map((entry) => entry.fileNumber);
        input.fileName = csv.name.slice(0, 200);
        lines = listed.map((entry) => entry.line);
      }
      const options = lines ? { lines } : {};
      const database = await openConfiguredDatabase();
      try {
        const actor = await actorFromFlag(database.db, as);
        const result = values.preview
          ? await previewBulkJob(database.db, actor, input, options)
          : await createBulkJob(database.db, actor, input, options);
        console.log(JSON.stringify(result));
        return 0;
      } finally {
        await database.close();
      }
    } catch (error) {
      if (!(error instanceof BulkRowsError)) throw error;
      printRowsAtFault(error, values.csv !== undefined);
      return 2;
    }
  },
};

/** The rows a bulk job was refused for, one per line, as they can be found in the CSV file. */
function printRowsAtFault(error: BulkRowsError, fromCsv: boolean): void {
  console.error(
    `dossier bulk create: ${error.totalErrors} row(s) cannot be sent, nothing was created; correct them and try again:`,
  );
  for (const row of error.rows) {
    // "file" is the uploaded list itself, which the command line names --csv.
    const field = row.field === "file" && fromCsv ? "--csv" : row.field;
    const where = row.line === null ? row.fileNumber : `line ${row.line} ${row.fileNumber}`.trimEnd();
    console.error(`${where ? `${where} ` : ""}${field}: ${row.message}`);
  }
  if (error.totalErrors > error.rows.length)
    console.error(`(and ${error.totalErrors - error.rows.length} more)`);
}

const JOB_USAGE = (verb: string) => `dossier bulk ${verb} JOB_ID --as EMAIL`;

/** A command on one bulk job, as the user of --as, printing the operation's answer as one JSON line. */
function jobCommand(
  verb: string,
  summary: string,
  operation: (db: Db, actor: Actor, jobId: string) => Promise<unknown>,
): CliCommand {
  return {
    path: ["bulk", verb],
    summary,
    usage: JOB_USAGE(verb),
    async run(args) {
      const { values, positionals } = parseFlags(args, { as: { type: "string" } });
      const jobId = onePositional(positionals, "bulk job id", JOB_USAGE(verb));
      const as = requireAsFlag(values.as);
      const database = await openConfiguredDatabase();
      try {
        console.log(
          JSON.stringify(await operation(database.db, await actorFromFlag(database.db, as), jobId)),
        );
        return 0;
      } finally {
        await database.close();
      }
    },
  };
}

export const bulkShowCommand = jobCommand(
  "show",
  "a bulk job's progress and its first 200 recipients, as JSON",
  (db, actor, jobId) => getBulkJob(db, actor, jobId),
);
export const bulkPauseCommand = jobCommand(
  "pause",
  "pause a bulk job: its emails not yet sent are held",
  pauseBulkJob,
);
export const bulkResumeCommand = jobCommand(
  "resume",
  "resume a paused bulk job: its held emails are sent",
  resumeBulkJob,
);
export const bulkCancelCommand = jobCommand(
  "cancel",
  "cancel a bulk job: its emails not yet sent are cancelled",
  cancelBulkJob,
);
