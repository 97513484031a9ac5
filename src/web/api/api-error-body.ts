/**
 * The JSON body of an API error: `{"error":{"code","message","messageFr","field"}}`. `message` is
 * the English sentence integrators match on, `field` the input it is about; `messageFr` is the
 * same in French, for a client that shows the error to a person in French.
 */
import type { AppError } from "../../shared/errors.ts";
import { translateRule } from "../i18n.ts";

export interface ApiErrorBody {
  error: { code: string; message: string; messageFr: string; field?: string };
}

/** @example apiErrorBody(new AppError("invalid_input", "uci: must be 10 digits", { field: "uci" })) */
export function apiErrorBody(error: AppError): ApiErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      messageFr: error.messageFr ?? frenchOf(error),
      ...(error.field ? { field: error.field } : {}),
    },
  };
}

/** Operations write `field: rule`; the rule is translated by the table the pages use. */
function frenchOf(error: AppError): string {
  const separator = error.message.indexOf(": ");
  if (error.field && separator > 0 && error.message.slice(0, separator) === error.field) {
    return `${error.field} : ${translateRule("fr", error.message.slice(separator + 2))}`;
  }
  return translateRule("fr", error.message);
}
