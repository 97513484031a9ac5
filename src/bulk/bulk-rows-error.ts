import { AppError } from "../shared/errors.ts";
import { type BulkRowError, MAX_BULK_ERRORS_SHOWN } from "./bulk.schema.ts";

/**
 * The error of a bulk job refused before anything was written: an `invalid_input` AppError (so the
 * one error table maps it to 400) that also carries the first rows at fault, for pages and the API.
 */
export class BulkRowsError extends AppError {
  readonly rows: BulkRowError[];
  readonly totalErrors: number;

  constructor(rows: BulkRowError[], totalErrors = rows.length) {
    const shown = rows.slice(0, MAX_BULK_ERRORS_SHOWN);
    const list = shown.map((row) => describeRow(row, "en")).join("; ");
    const listFr = shown.map((row) => describeRow(row, "fr")).join("; ");
    const more = totalErrors > shown.length ? ` (and ${totalErrors - shown.length} more)` : "";
    const moreFr = totalErrors > shown.length ? ` (et ${totalErrors - shown.length} autres)` : "";
    super(
      "invalid_input",
      `${totalErrors} row(s) cannot be sent, nothing was created: ${list}${more}. Correct them and try again.`,
      {
        field: shown[0]?.field,
        messageFr: `${totalErrors} ligne(s) ne peuvent pas être envoyées, rien n’a été créé : ${listFr}${moreFr}. Corrigez-les et recommencez.`,
      },
    );
    this.rows = shown;
    this.totalErrors = totalErrors;
  }
}

function describeRow(row: BulkRowError, language: "en" | "fr"): string {
  const line = language === "fr" ? "ligne" : "line";
  const where = row.line === null ? row.fileNumber : `${line} ${row.line} ${row.fileNumber}`;
  return language === "fr"
    ? `${where} ${row.field} : ${row.messageFr}`
    : `${where} ${row.field}: ${row.message}`;
}
