/**
 * The input of a recourse calculation, as it arrives from the command line, an API query or a
 * page: every field checked, the rule named, then the combinations that fit no recourse refused
 * (recourseInputProblem), so nothing is counted from an input that makes no sense.
 */
import { z } from "zod";
import { AppError } from "../shared/errors.ts";
import { zIsoDate } from "../shared/schemas.ts";
import {
  ARISING,
  INADMISSIBILITY_GROUNDS,
  LINES_OF_BUSINESS,
  RECOURSE_DECISIONS,
  type RecourseInput,
  recourseInputProblem,
  SPONSORED_RELATIONSHIPS,
} from "./list-recourse-options.ts";

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { message: `must be one of ${values.join(", ")}` });
}

/** Each field on its own; ZRecourseInput adds the rules that tie them together. */
export const ZRecourseFields = z.object({
  decision: oneOf(RECOURSE_DECISIONS),
  line: oneOf(LINES_OF_BUSINESS),
  notified: zIsoDate,
  arising: oneOf(ARISING),
  inadmissibility: oneOf(INADMISSIBILITY_GROUNDS).optional(),
  relationship: oneOf(SPONSORED_RELATIONSHIPS).optional(),
  today: zIsoDate,
});

export const ZRecourseInput = ZRecourseFields.superRefine((input, ctx) => {
  const problem = recourseInputProblem(input);
  if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.en });
});

export type RecourseInputRaw = z.input<typeof ZRecourseInput>;

const RULES_FR: [RegExp, (...groups: string[]) => string][] = [
  [/^is required$/, () => "est obligatoire"],
  [/^must be a real date written YYYY-MM-DD$/, () => "doit être une date réelle écrite AAAA-MM-JJ"],
  [/^must be one of (.+)$/, (values) => `doit être l'une des valeurs suivantes : ${values}`],
];

/**
 * A checked RecourseInput, or an AppError("invalid_input") naming the first bad field and its rule
 * in English and French, e.g. `line: must be one of temporary-residence, eta, …`.
 *
 * @example parseRecourseInput({ decision: "refusal", line: "eta", notified: "2026-02-30", arising: "outside", today: "2026-12-01" })
 * // throws "notified: must be a real date written YYYY-MM-DD"
 */
export function parseRecourseInput(raw: unknown): RecourseInput {
  const result = ZRecourseFields.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join(".") || "input";
    const given =
      typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)[field] : undefined;
    const rule = given === undefined ? "is required" : (issue?.message ?? "is invalid");
    let ruleFr = "n'est pas valide";
    for (const [pattern, render] of RULES_FR) {
      const match = pattern.exec(rule);
      if (match) {
        ruleFr = render(...match.slice(1));
        break;
      }
    }
    throw new AppError("invalid_input", `${field}: ${rule}`, { field, messageFr: `${field} : ${ruleFr}` });
  }
  const problem = recourseInputProblem(result.data);
  if (problem) {
    throw new AppError("invalid_input", `${problem.field}: ${problem.en}`, {
      field: problem.field,
      messageFr: `${problem.field} : ${problem.fr}`,
    });
  }
  return result.data;
}
