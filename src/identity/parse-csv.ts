import { AppError } from "../shared/errors.ts";

/** One record of a CSV file and the line it starts on (1 is the header). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: fields separated by commas, quoted with double quotes when they hold a comma, a
 * quote (written twice) or a line break; lines end with CRLF or LF; a UTF-8 byte order mark at the
 * start is dropped (spreadsheet programs write one). A quote left open, or text after a closing
 * quote, is bad input naming the line, with `source` (the file's flag) in the message.
 *
 * @example [...parseCsv('id,name\n1,"Ng, Thi"\n', "--base")] // [{line:1,…}, {line:2, fields:["1","Ng, Thi"]}]
 */
export function* parseCsv(text: string, source: string): Generator<CsvRow> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;
  while (i < length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = "";
      if (text.charCodeAt(i) === 34) {
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            throw new AppError(
              "invalid_input",
              `${source}: line ${start}: a quoted field is never closed (a " is missing)`,
              { field: source.replace(/^--/, "") },
            );
          }
          const chunk = text.slice(i, quote);
          value += chunk;
          line += countNewlines(chunk);
          i = quote + 1;
          if (text.charCodeAt(i) === 34) {
            value += '"';
            i++;
          } else break;
        }
        const next = text.charCodeAt(i);
        if (i < length && next !== 44 && next !== 10 && next !== 13) {
          throw new AppError(
            "invalid_input",
            `${source}: line ${line}: text after a closing quote (write a quote inside a field as "")`,
            { field: source.replace(/^--/, "") },
          );
        }
      } else {
        let end = i;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10 || c === 13) break;
          end++;
        }
        value = text.slice(i, end);
        i = end;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    // A blank line (often the last one) is not a record.
    if (!(fields.length === 1 && fields[0] === "")) yield { line: start, fields };
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** A field written for CSV: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
