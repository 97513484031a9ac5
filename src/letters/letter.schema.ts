/**
 * What an officer supplies for each letter, as zod schemas. Dates are checked against the day the
 * letter is issued (in the office's time zone), so each schema is built for that day.
 */
import { z } from "zod";
import { isIsoDate } from "../shared/dates.ts";
import { zIsoDate, zLine, zText } from "../shared/schemas.ts";
import type { LetterTemplateId } from "./letter-templates.ts";

/** Seed 000: a request or a convocation must give the client a date that is still ahead of them. */
function zDateAfter(issueDate: string) {
  return zIsoDate.refine((date) => !isIsoDate(date) || date > issueDate, {
    message: `must be a date after the date of the letter (${issueDate})`,
  });
}

function zDateNotAfter(issueDate: string) {
  return zIsoDate.refine((date) => !isIsoDate(date) || date <= issueDate, {
    message: `must not be after the date of the letter (${issueDate})`,
  });
}

const zTimeOfDay = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time written HH:MM on the 24-hour clock, e.g. 09:30");

/** One document per line: a form's text area gives a string, the API an array. */
const zDocumentList = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== "")
      : value,
  z.array(zLine(300)).min(1, "must name at least one document").max(50, "must name at most 50 documents"),
);

/** The values each letter needs, beyond what the file already holds (client, office, file number). */
export const LETTER_VALUE_SCHEMAS = {
  "request-documents": (issueDate: string) =>
    z.object({
      documents: zDocumentList,
      // Optional here only because the office's default period may supply it; the letter refuses
      // to render without one.
      responseDate: zDateAfter(issueDate).optional(),
    }),
  "interview-convocation": (issueDate: string) =>
    z.object({
      interviewDate: zDateAfter(issueDate),
      interviewTime: zTimeOfDay,
      interviewPlace: zText(500),
    }),
  approval: () => z.object({ nextSteps: zText(5_000) }),
  // The officer's grounds are printed as written: the decision's reasons are the officer's.
  refusal: () => z.object({ grounds: zText(20_000) }),
  "file-transfer": () =>
    z.object({
      toOffice: z.object({ nameEn: zLine(200), nameFr: zLine(200) }),
    }),
  withdrawal: (issueDate: string) => z.object({ requestDate: zDateNotAfter(issueDate) }),
  "free-text": () =>
    z.object({
      // One line only: the subject becomes an email header.
      subject: zLine(200),
      body: zText(50_000),
    }),
} as const;

type Schemas = typeof LETTER_VALUE_SCHEMAS;
/** What a caller passes as `values` for each template. */
export type LetterValuesInput = { [Id in LetterTemplateId]: z.input<ReturnType<Schemas[Id]>> };
/** The same values once checked. */
export type LetterValues = { [Id in LetterTemplateId]: z.output<ReturnType<Schemas[Id]>> };

// Building a zod schema (and its first parse, which compiles it) costs far more than a parse, and a
// bulk job checks thousands of letters of one template on one day: each is built once per day.
const BUILT_SCHEMAS = new Map<string, z.ZodType>();

/** The schema of one template's values, typed by template (so a caller keeps its template's fields). */
export function letterValuesSchema<Id extends LetterTemplateId>(
  templateId: Id,
  issueDate: string,
): z.ZodType<LetterValues[Id], LetterValuesInput[Id]> {
  const schemas: {
    [K in LetterTemplateId]: (issueDate: string) => z.ZodType<LetterValues[K], LetterValuesInput[K]>;
  } = LETTER_VALUE_SCHEMAS;
  const key = `${templateId} ${issueDate}`;
  let schema = BUILT_SCHEMAS.get(key);
  if (!schema) {
    // Only the current day's schemas are asked for again; a full cache is emptied, not pruned.
    if (BUILT_SCHEMAS.size >= 100) BUILT_SCHEMAS.clear();
    schema = schemas[templateId](issueDate);
    BUILT_SCHEMAS.set(key, schema);
  }
  return schema as z.ZodType<LetterValues[Id], LetterValuesInput[Id]>;
}
