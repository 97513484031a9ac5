import type { z } from "zod";
import { AppError } from "./errors.ts";

/**
 * Parses `input` with `schema` or throws an AppError naming the first bad field and its rule,
 * e.g. `dateOfBirth: must be a real date written YYYY-MM-DD`.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "input";
  const message =
    issue?.code === "invalid_type" && issue.input === undefined ? "is required" : issue?.message;
  throw new AppError("invalid_input", `${field}: ${message ?? "is invalid"}`, { field });
}
