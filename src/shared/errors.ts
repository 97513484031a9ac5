/**
 * The one error type of Dossier. Operations throw it; transports map `code` to an HTTP status,
 * a CLI exit code or a page. `message` is for people and never contains internals.
 */
export type ErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "invalid_state"
  | "internal";

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The field the error is about, when it is about one (`dateOfBirth`, `file`, `_csrf`). */
  readonly field: string | undefined;
  /** French wording of the same message, when the operation provides one. */
  readonly messageFr: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; messageFr?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.messageFr = options.messageFr;
  }
}

export const HTTP_STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
