/**
 * The public enquiry form (seed 001: offices must "provide clear instructions to clients on what
 * address to use and what information to include with an enquiry"). No sign-in. Built from plain
 * HTML controls, so it works without JavaScript; the design system's components, which need it,
 * only frame the page. Everything typed is put back as text, never as markup.
 */
import type { Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { ENQUIRER_ROLES } from "../../enquiries/enquiry.schema.ts";
import {
  enquiryFormProblems,
  type FormProblem,
  submitEnquiryForm,
} from "../../enquiries/submit-enquiry-form.ts";
import type { Office } from "../../offices/create-office.ts";
import { listOffices } from "../../offices/find-office.ts";
import { AppError, isAppError } from "../../shared/errors.ts";
import { clientAddress } from "../client-address.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, fieldLabel, messages, translateRule } from "../i18n.ts";
import { CsrfField, showError } from "./forms.tsx";
import { Layout } from "./layout.tsx";

/** The fields of the form, in the order a person meets them (and the error summary lists them). */
const FIELDS = [
  "enquirerName",
  "enquirerRole",
  "enquirerEmail",
  "applicantGivenName",
  "applicantFamilyName",
  "applicantDateOfBirth",
  "fileNumber",
  "uci",
  "language",
  "message",
] as const;
type Field = (typeof FIELDS)[number];

/**
 * The largest form accepted, encoded: a 20,000-character question in any script, with the other
 * fields. Anything larger is refused before it is read as an enquiry.
 */
const FORM_LIMIT_BYTES = 256 * 1024;

const STYLESHEET = "/assets/enquiry-form.css";
const SCRIPT = "/assets/enquiry-form.js";

export function registerEnquiryForm(pages: Hono<AppEnv>) {
  pages.get("/enquiry", async (c) => {
    const offices = await listOffices(c.var.database.db);
    return c.html(<OfficeChoicePage c={c} offices={offices} />);
  });

  pages.get("/enquiry/:officeCode", async (c) => {
    const office = await officeOf(c);
    return c.html(<FormPage c={c} office={office} values={{}} problems={[]} notice={null} />);
  });

  pages.post("/enquiry/:officeCode", async (c) => {
    const office = await officeOf(c);
    const locale = c.var.locale;
    const declared = Number(c.req.header("content-length") ?? "0");
    const body = await c.req.parseBody();
    const values: Partial<Record<Field, string>> = {};
    let size = 0;
    for (const [name, value] of Object.entries(body)) {
      size += typeof value === "string" ? name.length + value.length : FORM_LIMIT_BYTES + 1;
      if (typeof value === "string" && (FIELDS as readonly string[]).includes(name)) {
        values[name as Field] = value;
      }
    }
    if (declared > FORM_LIMIT_BYTES || size > FORM_LIMIT_BYTES) {
      return c.html(
        <FormPage
          c={c}
          office={office}
          values={{}}
          problems={[]}
          notice={{ title: messages(locale).errorTitle, text: messages(locale).enquiryTooLarge }}
        />,
        413,
      );
    }
    const input = formInput(values);
    const problems = enquiryFormProblems(input);
    if (problems.length > 0) {
      return c.html(
        <FormPage c={c} office={office} values={values} problems={problems} notice={null} />,
        400,
      );
    }
    try {
      const sent = await submitEnquiryForm(c.var.database.db, office.code, input, {
        clientAddress: clientAddress(c),
      });
      return c.html(<SentPage c={c} office={office} reference={sent.reference} days={sent.responseDays} />);
    } catch (error) {
      if (!isAppError(error) || error.code === "internal" || error.code === "not_found") throw error;
      const m = messages(locale);
      const status = error.code === "rate_limited" ? 429 : 400;
      return c.html(
        <FormPage
          c={c}
          office={office}
          values={values}
          problems={[]}
          notice={{
            title: status === 429 ? m.tooManyTitle : m.errorTitle,
            text: showError(locale, error).text,
          }}
        />,
        status,
      );
    }
  });
}

async function officeOf(c: Context<AppEnv>): Promise<Office> {
  const code = c.req.param("officeCode") ?? "";
  const office = (await listOffices(c.var.database.db)).find((o) => o.code === code.trim().toUpperCase());
  if (!office) {
    throw new AppError("not_found", `officeCode: no office has the code ${code.slice(0, 20)}`, {
      field: "officeCode",
      messageFr: `officeCode : aucun bureau n'a le code ${code.slice(0, 20)}`,
    });
  }
  return office;
}

/** The form as the schema reads it; an optional identifier left blank is not given. */
function formInput(values: Partial<Record<Field, string>>): Record<string, string> {
  const input: Record<string, string> = { channel: "web-form" };
  for (const field of FIELDS) {
    const value = values[field];
    if (value === undefined) continue;
    if ((field === "fileNumber" || field === "uci") && value.trim() === "") continue;
    input[field] = value;
  }
  return input;
}

function officeName(office: Office, locale: Locale): string {
  return locale === "fr" ? office.nameFr : office.nameEn;
}

function pathOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

function OfficeChoicePage(props: { c: Context<AppEnv>; offices: Office[] }) {
  const { c } = props;
  const locale = c.var.locale;
  const m = messages(locale);
  return (
    <Layout
      locale={locale}
      title={m.enquiryFormTitle}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path={pathOf(c)}
    >
      <link rel="stylesheet" href={STYLESHEET} />
      <h1 class="dossier-h1">{m.enquiryFormTitle}</h1>
      {props.offices.length === 0 ? (
        <p class="dossier-empty">{m.enquiryNoOffices}</p>
      ) : (
        <>
          <p>{m.enquiryChooseOffice}</p>
          <ul class="dossier-office-list">
            {props.offices.map((office) => (
              <li>
                <a href={`/enquiry/${encodeURIComponent(office.code)}`}>{officeName(office, locale)}</a>{" "}
                <span class="dossier-meta">({m.enquiryOfficeAnswers(office.responseStandardDays)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

function FormPage(props: {
  c: Context<AppEnv>;
  office: Office;
  values: Partial<Record<Field, string>>;
  problems: FormProblem[];
  notice: { title: string; text: string } | null;
}) {
  const { c, office, values } = props;
  const locale = c.var.locale;
  const m = messages(locale);
  const name = officeName(office, locale);
  const errors = new Map<string, string>();
  for (const problem of props.problems) {
    errors.set(
      problem.field,
      `${fieldLabel(locale, problem.field)}${locale === "fr" ? " : " : ": "}${translateRule(locale, problem.rule)}`,
    );
  }
  const ordered = FIELDS.filter((field) => errors.has(field));
  const title = m.enquiryOfficeTitle(name);
  const action = `/enquiry/${encodeURIComponent(office.code)}`;
  const field = (
    id: Field,
    label: string,
    options: { hint?: string; type?: string; autocomplete?: string; required?: boolean; width?: string } = {},
  ) => (
    <Control
      id={id}
      label={label}
      hint={options.hint}
      error={errors.get(id)}
      required={options.required ?? true}
      m={m}
    >
      <input
        id={id}
        name={id}
        type={options.type ?? "text"}
        class={`dossier-input${options.width ? ` dossier-input--${options.width}` : ""}`}
        value={values[id] ?? ""}
        autocomplete={options.autocomplete ?? "off"}
        spellcheck={false}
        required={options.required ?? true}
        aria-invalid={errors.has(id) ? "true" : undefined}
        aria-describedby={describedBy(id, Boolean(options.hint), errors.has(id))}
      />
    </Control>
  );
  const language = values.language ?? locale;
  return (
    <Layout
      locale={locale}
      title={ordered.length > 0 ? `${m.fixTheForm} — ${title}` : title}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path={pathOf(c)}
    >
      <link rel="stylesheet" href={STYLESHEET} />
      <h1 class="dossier-h1">{title}</h1>
      {ordered.length > 0 ? (
        // The design system's error summary pattern, in plain HTML so it shows without scripts.
        <section
          class="dossier-error-summary"
          aria-labelledby="error-summary-title"
          tabindex={-1}
          autofocus
          role="alert"
        >
          <h2 id="error-summary-title" class="dossier-error-summary__title">
            {m.fixTheForm}
          </h2>
          <p>{m.enquiryErrorCount(ordered.length)}</p>
          <ul>
            {ordered.map((id) => (
              <li>
                <a href={`#${anchorOf(id)}`}>{errors.get(id)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.notice ? (
        <section class="dossier-error-summary" aria-labelledby="form-notice-title" role="alert">
          <h2 id="form-notice-title" class="dossier-error-summary__title">
            {props.notice.title}
          </h2>
          <p>{props.notice.text}</p>
        </section>
      ) : null}
      {ordered.length > 0 ? <script type="module" src={SCRIPT}></script> : null}
      <p>{m.enquiryIntro(office.responseStandardDays)}</p>
      <section class="dossier-caution" aria-labelledby="caution-title">
        <h2 id="caution-title" class="dossier-caution__title">
          {m.enquiryCautionTitle}
        </h2>
        <p>{m.enquiryCaution}</p>
      </section>
      <form method="post" action={action} class="dossier-enquiry-form" novalidate>
        <CsrfField token={c.var.csrfToken} />
        <fieldset class="dossier-group">
          <legend class="dossier-group__legend">{m.enquiryAboutYou}</legend>
          {field("enquirerName", m.enquirerName, { autocomplete: "name" })}
          <Choice
            id="enquirerRole"
            legend={m.enquirerRole}
            options={ENQUIRER_ROLES.map((role) => ({
              value: role,
              label: codeLabel(locale, "enquirerRole", role),
            }))}
            chosen={values.enquirerRole}
            error={errors.get("enquirerRole")}
            m={m}
          />
          {field("enquirerEmail", m.enquirerEmail, {
            type: "email",
            autocomplete: "email",
            hint: m.enquirerEmailHint,
          })}
        </fieldset>
        <fieldset class="dossier-group">
          <legend class="dossier-group__legend">{m.enquiryAboutApplicant}</legend>
          {field("applicantGivenName", m.applicantGivenName)}
          {field("applicantFamilyName", m.applicantFamilyName)}
          {field("applicantDateOfBirth", m.applicantDateOfBirth, { hint: m.dateHint, width: "short" })}
          {field("fileNumber", m.enquiryFileNumber, {
            hint: m.enquiryFileNumberHint,
            width: "short",
            required: false,
          })}
          {field("uci", m.enquiryUci, { hint: m.enquiryUciHint, width: "short", required: false })}
        </fieldset>
        <fieldset class="dossier-group">
          <legend class="dossier-group__legend">{m.enquiryYourQuestion}</legend>
          <Choice
            id="language"
            legend={m.enquiryLanguage}
            options={(["en", "fr"] as const).map((value) => ({
              value,
              label: codeLabel(locale, "language", value),
              lang: value,
            }))}
            chosen={language}
            error={errors.get("language")}
            m={m}
          />
          <Control
            id="message"
            label={m.enquiryMessage}
            hint={m.enquiryMessageHint}
            error={errors.get("message")}
            required
            m={m}
          >
            <textarea
              id="message"
              name="message"
              class="dossier-input dossier-textarea"
              rows={10}
              required
              aria-invalid={errors.has("message") ? "true" : undefined}
              aria-describedby={describedBy("message", true, errors.has("message"))}
            >
              {values.message ?? ""}
            </textarea>
          </Control>
        </fieldset>
        <button type="submit" class="dossier-button">
          {m.enquirySend}
        </button>
      </form>
    </Layout>
  );
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** Where the summary's link puts the focus: a group of choices is reached by its first choice. */
function anchorOf(id: Field): string {
  if (id === "enquirerRole") return `${id}-${ENQUIRER_ROLES[0]}`;
  if (id === "language") return `${id}-en`;
  return id;
}

type Words = ReturnType<typeof messages>;

function Control(props: {
  id: string;
  label: string;
  hint: string | undefined;
  error: string | undefined;
  required: boolean;
  m: Words;
  children?: Child;
}) {
  return (
    <div class={`dossier-field${props.error ? " dossier-field--error" : ""}`}>
      <label for={props.id} class="dossier-field__label">
        {props.label}
        {props.required ? <span class="dossier-field__required"> {props.m.requiredMark}</span> : null}
      </label>
      {props.hint ? (
        <p id={`${props.id}-hint`} class="dossier-field__hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} class="dossier-field__error">
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

function Choice(props: {
  id: "enquirerRole" | "language";
  legend: string;
  options: { value: string; label: string; lang?: string }[];
  chosen: string | undefined;
  error: string | undefined;
  m: Words;
}) {
  return (
    <fieldset
      class={`dossier-field dossier-choice${props.error ? " dossier-field--error" : ""}`}
      aria-describedby={props.error ? `${props.id}-error` : undefined}
    >
      <legend class="dossier-field__label">
        {props.legend}
        <span class="dossier-field__required"> {props.m.requiredMark}</span>
      </legend>
      {props.error ? (
        <p id={`${props.id}-error`} class="dossier-field__error">
          {props.error}
        </p>
      ) : null}
      {props.options.map((option) => (
        <div class="dossier-choice__option">
          <input
            type="radio"
            id={`${props.id}-${option.value}`}
            name={props.id}
            value={option.value}
            checked={props.chosen === option.value}
            required
          />
          <label for={`${props.id}-${option.value}`} lang={option.lang}>
            {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function SentPage(props: { c: Context<AppEnv>; office: Office; reference: string; days: number }) {
  const { c, office } = props;
  const locale = c.var.locale;
  const m = messages(locale);
  return (
    <Layout
      locale={locale}
      title={m.enquirySentTitle}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path={`/enquiry/${office.code}`}
    >
      <link rel="stylesheet" href={STYLESHEET} />
      <h1 class="dossier-h1">{m.enquirySentTitle}</h1>
      <section class="dossier-confirmation" aria-labelledby="reference-title">
        <h2 id="reference-title" class="dossier-confirmation__title">
          {m.enquiryYourReference}
        </h2>
        <p class="dossier-confirmation__reference">{props.reference}</p>
      </section>
      <p>{m.enquirySentBody(officeName(office, locale), props.days)}</p>
      <p>
        <a href={`/enquiry/${encodeURIComponent(office.code)}`}>{m.enquiryAnother}</a>
      </p>
    </Layout>
  );
}
