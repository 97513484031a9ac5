import type { Context, Hono } from "hono";
import { createOffice, type Office } from "../../offices/create-office.ts";
import { listOffices } from "../../offices/find-office.ts";
import type { CreateOfficeInput, UpdateOfficeInput } from "../../offices/office.schema.ts";
import { updateOffice } from "../../offices/update-office.ts";
import { AppError } from "../../shared/errors.ts";
import { assertAdministrator } from "../../users/actor.ts";
import type { AppEnv, Locale } from "../env.ts";
import { messages } from "../i18n.ts";
import { Section } from "./components.tsx";
import { withDone } from "./format.ts";
import {
  CsrfField,
  ErrorNotice,
  type FormState,
  fieldError,
  formStateOf,
  SuccessNotice,
  statusOf,
  typedValue,
} from "./forms.tsx";
import { Layout } from "./layout.tsx";

const FIELDS = [
  "code",
  "nameEn",
  "nameFr",
  "mailboxEmail",
  "managerEmail",
  "postalAddress",
  "timeZone",
  "responseStandardDays",
] as const;

/** The form's fields with the empty ones left out: an optional field left blank is not given. */
function officeInput(body: Record<string, unknown>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = body[field];
    if (typeof value === "string" && value.trim() !== "") input[field] = value;
  }
  return input;
}

export function registerAdminOffices(pages: Hono<AppEnv>) {
  pages.get("/admin/offices", (c) => renderOffices(c, null));

  pages.post("/admin/offices", async (c) => {
    const body = await c.req.parseBody();
    try {
      await createOffice(c.var.database.db, c.var.actor!, officeInput(body) as CreateOfficeInput);
    } catch (error) {
      return renderOffices(c, formStateOf(c.var.locale, "office", body, error), statusOf(error as AppError));
    }
    return c.redirect(withDone("/admin/offices", "office-created"), 303);
  });

  pages.get("/admin/offices/:code", (c) => renderOfficeEdit(c, c.req.param("code"), null));

  pages.post("/admin/offices/:code", async (c) => {
    const code = c.req.param("code");
    const body = await c.req.parseBody();
    const { code: _ignored, ...changes } = officeInput(body);
    try {
      await updateOffice(c.var.database.db, c.var.actor!, code, changes as UpdateOfficeInput);
    } catch (error) {
      return renderOfficeEdit(
        c,
        code,
        formStateOf(c.var.locale, "office", body, error),
        statusOf(error as AppError),
      );
    }
    return c.redirect(withDone("/admin/offices", "office-updated"), 303);
  });
}

async function renderOffices(c: Context<AppEnv>, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  assertAdministrator(actor);
  const locale = c.var.locale;
  const m = messages(locale);
  const offices = await listOffices(c.var.database.db);
  return c.html(
    <Layout
      locale={locale}
      title={m.officesTitle}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path="/admin/offices"
      section="offices"
    >
      <gcds-heading tag="h1">{m.officesTitle}</gcds-heading>
      <SuccessNotice c={c} />
      <div class="dossier-table-wrap">
        <table class="dossier-table">
          <caption>{m.officesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.code}</th>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.mailboxEmail}</th>
              <th scope="col">{m.managerEmail}</th>
              <th scope="col">{m.timeZone}</th>
              <th scope="col">{m.responseStandardDays}</th>
              <th scope="col">{m.actions}</th>
            </tr>
          </thead>
          <tbody>
            {offices.map((office) => (
              <tr>
                <td>{office.code}</td>
                <td>{locale === "fr" ? office.nameFr : office.nameEn}</td>
                <td>{office.mailboxEmail}</td>
                <td>{office.managerEmail ?? ""}</td>
                <td>{office.timeZone}</td>
                <td>{office.responseStandardDays}</td>
                <td>
                  <a href={`/admin/offices/${encodeURIComponent(office.code)}`}>
                    {m.editOfficeLink(office.code)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Section id="create-office" title={m.createOffice}>
        <OfficeForm
          locale={locale}
          action="/admin/offices"
          csrfToken={c.var.csrfToken}
          state={state}
          office={null}
          submit={m.createOfficeButton}
        />
      </Section>
    </Layout>,
    status as 200,
  );
}

async function renderOfficeEdit(c: Context<AppEnv>, code: string, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  assertAdministrator(actor);
  const locale = c.var.locale;
  const m = messages(locale);
  const office = (await listOffices(c.var.database.db)).find((o) => o.code === code.toUpperCase());
  if (!office) {
    throw new AppError("not_found", `office: no office has the code ${code}`, {
      field: "office",
      messageFr: `office : aucun bureau n'a le code ${code}`,
    });
  }
  return c.html(
    <Layout
      locale={locale}
      title={m.editOffice(office.code)}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`/admin/offices/${office.code}`}
      section="offices"
    >
      <gcds-heading tag="h1">{m.editOffice(office.code)}</gcds-heading>
      <OfficeForm
        locale={locale}
        action={`/admin/offices/${office.code}`}
        csrfToken={c.var.csrfToken}
        state={state}
        office={office}
        submit={m.saveOffice}
      />
      <p>
        <gcds-link href="/admin/offices">{m.backToOffices}</gcds-link>
      </p>
    </Layout>,
    status as 200,
  );
}

function OfficeForm(props: {
  locale: Locale;
  action: string;
  csrfToken: string | null;
  state: FormState | null;
  office: Office | null;
  submit: string;
}) {
  const m = messages(props.locale);
  const form = "office";
  const value = (name: (typeof FIELDS)[number]) => {
    const typed = typedValue(props.state, form, name);
    if (typed !== undefined) return typed;
    const stored = props.office?.[name];
    return stored === null || stored === undefined ? "" : String(stored);
  };
  const input = (
    name: (typeof FIELDS)[number],
    label: string,
    extra: Record<string, string | number | boolean | undefined> = {},
  ) => (
    <gcds-input
      input-id={`office-${name}`}
      name={name}
      label={label}
      value={value(name)}
      error-message={fieldError(props.state, form, name)}
      {...extra}
    ></gcds-input>
  );
  return (
    <form method="post" action={props.action} class="dossier-form">
      <ErrorNotice locale={props.locale} state={props.state} form={form} />
      <CsrfField token={props.csrfToken} />
      {props.office ? null : input("code", m.code, { required: true })}
      {input("nameEn", m.nameEn, { required: true })}
      {input("nameFr", m.nameFr, { required: true })}
      {input("mailboxEmail", m.mailboxEmail, { type: "email", required: true })}
      {input("managerEmail", m.managerEmail, { type: "email" })}
      <gcds-textarea
        textarea-id="office-postalAddress"
        name="postalAddress"
        label={m.postalAddress}
        rows={3}
        required
        value={value("postalAddress")}
        error-message={fieldError(props.state, form, "postalAddress")}
      ></gcds-textarea>
      {input("timeZone", m.timeZone, { hint: m.timeZoneHint, required: true })}
      {input("responseStandardDays", m.responseStandardDays, {
        type: "number",
        min: 1,
        max: 365,
        required: true,
      })}
      <gcds-button type="submit">{props.submit}</gcds-button>
    </form>
  );
}
