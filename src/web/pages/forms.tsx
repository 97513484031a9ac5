import type { Context } from "hono";
import { type AppError, HTTP_STATUS, isAppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import { fieldLabel, messages, type StringKey, t, translateRule } from "../i18n.ts";

/** What a person typed in a form that was refused, and why, so the page can show it back. */
export interface FormState {
  /** Which form on the page the state belongs to (a page may hold several, e.g. one per activity). */
  form: string;
  values: Record<string, string>;
  error: ShownError;
}

export interface ShownError {
  field: string | undefined;
  /** The whole sentence, field named first: "Note: is required" / "Note : est obligatoire". */
  text: string;
}

/** Errors that are about what the person typed: the form is shown again instead of an error page. */
const FORM_ERRORS = new Set([
  "invalid_input",
  "conflict",
  "too_large",
  "unsupported_media_type",
  "invalid_state",
]);

export function isFormError(error: unknown): error is AppError {
  return isAppError(error) && FORM_ERRORS.has(error.code);
}

export function statusOf(error: AppError) {
  return HTTP_STATUS[error.code];
}

/**
 * An operation's error in the page's language. Operations write `field: rule`; the field becomes its
 * label and the rule is translated (their own French when they give it, else the rule table).
 */
export function showError(locale: Locale, error: AppError): ShownError {
  const field = error.field;
  const own = locale === "fr" && error.messageFr ? error.messageFr : error.message;
  let rule = own;
  if (field) {
    const prefix = new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s?:\\s*`);
    rule = own.replace(prefix, "");
  }
  if (locale === "fr" && !error.messageFr) rule = translateRule(locale, rule);
  if (!field) return { field, text: rule };
  return { field, text: `${fieldLabel(locale, field)}${locale === "fr" ? " : " : ": "}${rule}` };
}

/** The error of `name` when the refused form is this one and the error is about that field. */
export function fieldError(
  state: FormState | null | undefined,
  form: string,
  name: string,
): string | undefined {
  if (!state || state.form !== form || !state.error.field) return undefined;
  const field = state.error.field.split(".")[0];
  return field === name ? state.error.text : undefined;
}

export function typedValue(
  state: FormState | null | undefined,
  form: string,
  name: string,
): string | undefined {
  if (!state || state.form !== form) return undefined;
  return state.values[name];
}

/** Text fields of a parsed form body (files and repeated fields left out). */
export function textFields(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== "_csrf" && typeof value === "string") values[key] = value;
  }
  return values;
}

export function CsrfField(props: { token: string | null }) {
  return <input type="hidden" name="_csrf" value={props.token ?? ""} />;
}

/** The danger notice at the top of a refused form; names the field and the rule. */
export function ErrorNotice(props: { locale: Locale; state: FormState | null | undefined; form?: string }) {
  const { state } = props;
  if (!state || (props.form !== undefined && state.form !== props.form)) return null;
  return (
    <gcds-notice type="danger" notice-title-tag="h2" notice-title={t(props.locale, "fixTheForm")}>
      <gcds-text>{state.error.text}</gcds-text>
    </gcds-notice>
  );
}

/** What a redirect after a successful POST may announce (`?done=`); anything else is ignored. */
const DONE_MESSAGES: Record<string, StringKey> = {
  "note-added": "doneNoteAdded",
  "edoc-uploaded": "doneEdocUploaded",
  taken: "doneTaken",
  completed: "doneCompleted",
  reassigned: "doneReassigned",
  "user-added": "doneUserAdded",
  "office-created": "doneOfficeCreated",
  "office-updated": "doneOfficeUpdated",
  "designated-added": "doneDesignatedAdded",
};

export function SuccessNotice(props: { c: Context<AppEnv> }) {
  const key = DONE_MESSAGES[props.c.req.query("done") ?? ""];
  if (!key) return null;
  const locale = props.c.var.locale;
  return (
    <gcds-notice type="success" notice-title-tag="h2" notice-title={messages(locale).done}>
      <gcds-text>{t(locale, key)}</gcds-text>
    </gcds-notice>
  );
}

/** The refusal as a form state, or the error again when it is not about the form (403, 404, 500). */
export function formStateOf(
  locale: Locale,
  form: string,
  body: Record<string, unknown>,
  error: unknown,
): FormState {
  if (!isFormError(error)) throw error;
  return { form, values: textFields(body), error: showError(locale, error) };
}
