/**
 * Reads an uploaded list of file numbers. Pure: bytes in, file numbers (with their lines) out.
 * Spreadsheets export either a bare column or a table with a header, with or without a UTF-8 BOM.
 */
import { FILE_NUMBER_PATTERN } from "../shared/identifiers.ts";
import type { BulkRowError } from "./bulk.schema.ts";
import { BulkRowsError } from "./bulk-rows-error.ts";

export interface ListedFileNumber {
  fileNumber: string;
  /** 1-based line of the file, for errors the officer can find in the spreadsheet. */
  line: number;
}

const HEADER_NAMES = ["file_number", "filenumber"];

/**
 * @example parseFileNumberCsv(Buffer.from("file_number\nV000012345\n"))
 *   // → [{ fileNumber: "V000012345", line: 2 }]
 * Throws BulkRowsError for invalid UTF-8 (a file saved as Latin-1 or UTF-16 would otherwise turn
 * into unknown file numbers), a malformed or repeated file number, or an empty list.
 */
export function parseFileNumberCsv(bytes: Uint8Array): ListedFileNumber[] {
  const lines = splitLines(bytes);
  const errors: BulkRowError[] = [];
  const texts = lines.map((lineBytes, index) => {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: index !== 0 }).decode(lineBytes);
    } catch {
      errors.push({
        line: index + 1,
        fileNumber: "",
        field: "file",
        message: "is not valid UTF-8; save the file as CSV UTF-8",
        messageFr: "n’est pas en UTF-8 valide; enregistrez le fichier en CSV UTF-8",
      });
      return "";
    }
  });
  if (errors.length > 0) throw new BulkRowsError(errors);

  let column = 0;
  let first = texts.findIndex((text) => text.trim() !== "");
  if (first >= 0) {
    const header = splitCsvLine(texts[first]!).map((cell) => cell.toLowerCase());
    const named = header.findIndex((cell) => HEADER_NAMES.includes(cell));
    if (named >= 0) {
      column = named;
      first += 1;
    } else if (header.length > 1) {
      // Several columns and none named: guessing which holds file numbers could mail the wrong files.
      throw new BulkRowsError([
        {
          line: first + 1,
          fileNumber: "",
          field: "file",
          message: "has several columns; name the one holding file numbers file_number",
          messageFr: "a plusieurs colonnes; nommez file_number celle des numéros de dossier",
        },
      ]);
    }
  }

  const seen = new Map<string, number>();
  const listed: ListedFileNumber[] = [];
  for (let index = Math.max(first, 0); index < texts.length; index++) {
    const line = index + 1;
    const cells = splitCsvLine(texts[index]!);
    if (cells.every((cell) => cell === "")) continue;
    const fileNumber = (cells[column] ?? "").toUpperCase();
    if (!FILE_NUMBER_PATTERN.test(fileNumber)) {
      errors.push({
        line,
        fileNumber,
        field: "fileNumber",
        message: "must be one capital letter and nine digits, e.g. V000012345",
        messageFr: "doit être une lettre majuscule et neuf chiffres, p. ex. V000012345",
      });
      continue;
    }
    const earlier = seen.get(fileNumber);
    if (earlier !== undefined) {
      // A repeated file number would send the same letter twice to one client.
      errors.push({
        line,
        fileNumber,
        field: "fileNumber",
        message: `is already on line ${earlier}`,
        messageFr: `figure déjà à la ligne ${earlier}`,
      });
      continue;
    }
    seen.set(fileNumber, line);
    listed.push({ fileNumber, line });
  }
  if (errors.length > 0) throw new BulkRowsError(errors);
  if (listed.length === 0) {
    throw new BulkRowsError([
      {
        line: null,
        fileNumber: "",
        field: "file",
        message: "holds no file number",
        messageFr: "ne contient aucun numéro de dossier",
      },
    ]);
  }
  return listed;
}

/** Lines split on LF (a CR before it dropped), as bytes, so a bad encoding is found per line. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
    lines.push(bytes.subarray(start, end));
    start = i + 1;
  }
  return lines;
}

/** RFC 4180 cells of one line: commas or semicolons (French spreadsheets), quotes around a cell. */
function splitCsvLine(text: string): string[] {
  return text.split(/[,;]/).map((cell) =>
    cell
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .trim(),
  );
}
