/**
 * Fills `{{placeholder}}` slots in a template. One pass over the template only: a value is inserted
 * as it is and never read again, so a client who writes `{{officeEmail}}` into an address gets those
 * characters printed, not the office's mailbox (and a value can never pull in another value).
 */
import { AppError } from "../shared/errors.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The names of the placeholders a template uses, in order of first use. */
export function placeholdersIn(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] as string))];
}

/**
 * @example fillPlaceholders("File {{fileNumber}}", { fileNumber: "V000012345" }) // → "File V000012345"
 * Throws `internal` when the template names a placeholder that has no value: that is a mistake in
 * the template, caught by the test that renders every template, never something a user can cause.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_slot, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      throw new AppError("internal", `letter template uses an unknown placeholder {{${name}}}`);
    }
    return value;
  });
}
