import { readFile } from "node:fs/promises";
import type { Db } from "../../db/database.ts";
import type { EtaApplicationData } from "../../eta/eta.schema.ts";
import type { EtaResult } from "../../eta/eta-result.ts";
import { etaSubmissionKey } from "../../eta/eta-submission-key.ts";
import {
  type PreparedEtaBatch,
  parseEtaApplication,
  prepareEtaBatch,
  submitEtaApplications,
  utcDay,
  writeEtaBatch,
} from "../../eta/submit-eta-applications.ts";
import { AppError, isAppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import {
  actorFromFlag,
  type CliCommand,
  onePositional,
  openConfiguredDatabase,
  parseFlags,
} from "../command.ts";
import { createProgressBar } from "../progress-bar.ts";

const USAGE = [
  "dossier eta import FILE.jsonl [--as EMAIL] [--office CODE] [--batch N]",
  "",
  "Screens a file of eTA applications, one JSON object per line (the body of",
  "POST /api/v1/eta/applications). A line that is refused is reported on stderr with its number, field",
  "and rule; the other lines are still imported. A line repeating an application already on file is",
  "not imported again. --office is the office for lines that name none (default: the --as user's",
  "first office). --batch is the number of lines written per transaction (default 500).",
  "Exit code: 0 every line imported, 1 some lines refused, 2 bad flags or unreadable file.",
].join("\n");

export const etaImportCommand: CliCommand = {
  path: ["eta", "import"],
  summary: "screen a JSONL file of eTA applications (approve or refer each)",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      as: { type: "string" },
      office: { type: "string" },
      batch: { type: "string" },
    });
    const path = onePositional(positionals, "JSONL file", USAGE.split("\n")[0]!);
    const batchSize = values.batch === undefined ? 500 : Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
      throw new AppError("invalid_input", "--batch: must be a whole number from 1 to 5000", {
        field: "batch",
      });
    }
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      throw new AppError("invalid_input", `cannot read ${path} (${reason})`, { field: "file" });
    }
    const database = await openConfiguredDatabase();
    try {
      const actor = await actorFromFlag(database.db, values.as, "eta import");
      const summary = await importLines(database.db, actor, text.split(/\r?\n/), {
        batchSize,
        officeCode: values.office,
      });
      const seconds = summary.ms / 1000;
      console.log(
        `Imported ${summary.imported.toLocaleString("en-CA")} eTA applications: ` +
          `${summary.approved.toLocaleString("en-CA")} approved, ${summary.referred.toLocaleString("en-CA")} referred; ` +
          `${summary.duplicates.toLocaleString("en-CA")} duplicates not imported again; ` +
          `${summary.refused.toLocaleString("en-CA")} lines refused; ` +
          `${Math.round(summary.imported / Math.max(seconds, 0.001)).toLocaleString("en-CA")} applications/s.`,
      );
      return summary.refused > 0 ? 1 : 0;
    } finally {
      await database.close();
    }
  },
};

export interface ImportSummary {
  imported: number;
  approved: number;
  referred: number;
  duplicates: number;
  refused: number;
  ms: number;
}

/** Checks every line, then screens the good ones in batches; a refused line never stops the others. */
export async function importLines(
  db: Db,
  actor: Actor,
  lines: readonly string[],
  options: {
    batchSize: number;
    officeCode?: string | undefined;
    stream?: NodeJS.WriteStream;
  },
): Promise<ImportSummary> {
  const started = performance.now();
  const today = utcDay(new Date());
  const summary: ImportSummary = { imported: 0, approved: 0, referred: 0, duplicates: 0, refused: 0, ms: 0 };
  const filled = lines.map((line, i) => ({ line, number: i + 1 })).filter((l) => l.line.trim() !== "");
  const bar = createProgressBar({
    label: "eta import",
    total: filled.length,
    unit: "applications",
    ...(options.stream ? { stream: options.stream } : {}),
  });
  const refuse = (number: number, message: string) => {
    summary.refused += 1;
    console.error(`line ${number}: ${message}`);
  };
  const count = (result: EtaResult) => {
    if (result.duplicate) summary.duplicates += 1;
    else {
      summary.imported += 1;
      if (result.status === "approved") summary.approved += 1;
      else summary.referred += 1;
    }
  };
  let done = 0;
  const fileKeys = new Set<string>();
  // Batches overlap in two stages: while one is written, the next is parsed and its applicants
  // identified. Writes stay in order, one at a time: a batch may point at a client the batch
  // before it created, which must be committed first.
  let writing: Promise<void> = Promise.resolve();
  const failure: { error: unknown; failed: boolean } = { error: null, failed: false };
  for (let start = 0; start < filled.length; start += options.batchSize) {
    const batch = filled.slice(start, start + options.batchSize);
    const good = parseBatch(batch, today, options.officeCode, refuse).filter(({ data }) => {
      const key = etaSubmissionKey(data);
      if (!fileKeys.has(key)) {
        fileKeys.add(key);
        return true;
      }
      summary.duplicates += 1;
      return false;
    });
    let prepared: PreparedEtaBatch | null = null;
    try {
      prepared = await prepareEtaBatch(
        db,
        actor,
        good.map((g) => g.data),
      );
    } catch (error) {
      if (!isAppError(error) || error.code === "internal") throw error;
    }
    await writing;
    if (failure.failed) throw failure.error;
    const ready = prepared;
    writing = (
      ready ? writeEtaBatch(db, actor, ready).then((results) => results.forEach(count)) : Promise.reject(null)
    )
      .catch((error: unknown) => {
        if (error !== null && (!isAppError(error) || error.code === "internal")) throw error;
        // A refusal that only the database could see (an office that does not exist or is not
        // the user's): the batch is written again line by line, so only the lines at fault are refused.
        return writeLineByLine(db, actor, good, refuse, count);
      })
      .then(() => {
        done += batch.length;
        bar.update(done);
      })
      // Kept, and thrown once the loop next waits, so that no rejection goes unhandled meanwhile.
      .catch((error: unknown) => {
        failure.error = error;
        failure.failed = true;
      });
  }
  await writing;
  if (failure.failed) throw failure.error;
  bar.finish();
  summary.ms = performance.now() - started;
  return summary;
}

function parseBatch(
  batch: readonly { line: string; number: number }[],
  today: string,
  officeCode: string | undefined,
  refuse: (number: number, message: string) => void,
): { number: number; data: EtaApplicationData }[] {
  const good: { number: number; data: EtaApplicationData }[] = [];
  for (const { line, number } of batch) {
    let input: unknown;
    try {
      input = JSON.parse(line);
    } catch (error) {
      refuse(number, `not a JSON object (${(error as Error).message})`);
      continue;
    }
    if (officeCode && input && typeof input === "object" && !("officeCode" in input)) {
      input = { ...input, officeCode };
    }
    try {
      good.push({ number, data: parseEtaApplication(input, today) });
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_input") throw error;
      refuse(number, error.message);
    }
  }
  return good;
}

async function writeLineByLine(
  db: Db,
  actor: Actor,
  good: readonly { number: number; data: EtaApplicationData }[],
  refuse: (number: number, message: string) => void,
  count: (result: EtaResult) => void,
): Promise<void> {
  for (const { number, data } of good) {
    try {
      for (const result of await submitEtaApplications(db, actor, [data])) count(result);
    } catch (error) {
      if (!isAppError(error) || error.code === "internal") throw error;
      refuse(number, error.message);
    }
  }
}
