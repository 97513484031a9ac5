import { AppError } from "../shared/errors.ts";
import type { IdentityCsvField } from "./identity.schema.ts";
import { IDENTITY_CSV_FIELDS } from "./identity.schema.ts";
import type { IdentityRecord } from "./identity-record.ts";
import { parseCsv } from "./parse-csv.ts";
import { compactDate } from "./prepare-identity-record.ts";

const RECORD_KEYS: Record<Exclude<IdentityCsvField, "id">, keyof IdentityRecord> = {
  given_name: "givenName",
  family_name: "familyName",
  date_of_birth: "dateOfBirth",
  sex: "sex",
  country_of_birth: "countryOfBirth",
  document_number: "documentNumber",
  street: "street",
  city: "city",
  postal_code: "postalCode",
  region: "region",
  email: "email",
};

/**
 * The records of a CSV file with a header line. Each field is read from the column of its own
 * name, or the one `mapping` gives it; a field with no column is unknown (null) for every record,
 * except `id`, which every file needs. A bad line (no id, a repeated id, an impossible date, the
 * wrong number of fields) stops the read with its line number: nothing is linked from a file half
 * understood.
 */
export function readIdentityCsv(
  text: string,
  source: string,
  mapping: ReadonlyMap<IdentityCsvField, string> = new Map(),
  /** Receives each field whose mapped column this file has. */
  mapped: Set<IdentityCsvField> = new Set(),
): IdentityRecord[] {
  const flag = source.replace(/^--/, "");
  const rows = parseCsv(text, source);
  const header = rows.next();
  if (header.done)
    throw new AppError("invalid_input", `${source}: the file is empty (a header line is needed)`, {
      field: flag,
    });
  const columns = header.value.fields.map((name) => name.trim());
  const positions = new Map<IdentityCsvField, number>();
  for (const field of IDENTITY_CSV_FIELDS) {
    // The two files may come from different systems: a mapped column missing from this file leaves
    // the field to its own name here (the caller checks that each mapping was used somewhere).
    const mappedAt = mapping.has(field) ? columns.indexOf(mapping.get(field)!) : -1;
    if (mappedAt !== -1) mapped.add(field);
    const at = mappedAt !== -1 ? mappedAt : columns.indexOf(field);
    if (at !== -1) positions.set(field, at);
  }
  const idAt = positions.get("id");
  if (idAt === undefined) {
    throw new AppError(
      "invalid_input",
      `${source}: line 1: no "id" column (name it id, or give --map id=COLUMN)`,
      {
        field: flag,
      },
    );
  }
  const records: IdentityRecord[] = [];
  const seen = new Set<string>();
  for (const { line, fields } of rows) {
    if (fields.length !== columns.length) {
      throw new AppError(
        "invalid_input",
        `${source}: line ${line}: ${fields.length} fields where the header has ${columns.length}`,
        { field: flag },
      );
    }
    const id = fields[idAt]!.trim();
    if (id === "")
      throw new AppError("invalid_input", `${source}: line ${line}: id: is empty`, { field: flag });
    if (seen.has(id)) {
      throw new AppError("invalid_input", `${source}: line ${line}: id: ${id} appears twice in the file`, {
        field: flag,
      });
    }
    seen.add(id);
    const record: IdentityRecord = {
      id,
      givenName: null,
      familyName: null,
      dateOfBirth: null,
      sex: null,
      countryOfBirth: null,
      documentNumber: null,
      street: null,
      city: null,
      postalCode: null,
      region: null,
      email: null,
    };
    for (const [field, key] of Object.entries(RECORD_KEYS) as [
      Exclude<IdentityCsvField, "id">,
      keyof IdentityRecord,
    ][]) {
      const at = positions.get(field);
      const value = at === undefined ? "" : fields[at]!.trim();
      if (value !== "") record[key] = value;
    }
    if (record.dateOfBirth !== null) {
      const compact = compactDate(record.dateOfBirth);
      if (compact === null) {
        throw new AppError(
          "invalid_input",
          `${source}: line ${line}: date_of_birth: "${record.dateOfBirth}" is not a real date written YYYY-MM-DD or YYYYMMDD`,
          { field: flag },
        );
      }
      record.dateOfBirth = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6)}`;
    }
    records.push(record);
  }
  return records;
}
