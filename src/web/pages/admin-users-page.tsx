import type { Context, Hono } from "hono";
import { listOffices } from "../../offices/find-office.ts";
import type { AppError } from "../../shared/errors.ts";
import { ROLES } from "../../users/actor.ts";
import { addUser } from "../../users/add-user.ts";
import { listUsers } from "../../users/list-users.ts";
import type { AddUserInput } from "../../users/user.schema.ts";
import type { AppEnv } from "../env.ts";
import { codeLabel, codeOptions, messages } from "../i18n.ts";
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

const ROLE_FIELD = "roles.";

export function registerAdminUsers(pages: Hono<AppEnv>) {
  pages.get("/admin/users", (c) => renderUsers(c, null));

  pages.post("/admin/users", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const one = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    // One group of role checkboxes per office, named `roles.<office code>`.
    const memberships = Object.entries(body)
      .filter(([name]) => name.startsWith(ROLE_FIELD))
      .flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value])
          .filter((role): role is string => typeof role === "string")
          .map((role) => ({ officeCode: name.slice(ROLE_FIELD.length), role })),
      );
    const input = {
      email: one("email"),
      displayName: one("displayName"),
      password: one("password"),
      locale: one("locale") || "en",
      memberships,
    } as AddUserInput;
    try {
      await addUser(c.var.database.db, c.var.actor!, input);
    } catch (error) {
      const values: Record<string, unknown> = {
        email: input.email,
        displayName: input.displayName,
        locale: input.locale,
      };
      for (const m of memberships) {
        const key = `${ROLE_FIELD}${m.officeCode}`;
        values[key] = values[key] ? `${values[key]},${m.role}` : m.role;
      }
      const state = formStateOf(c.var.locale, "user", values, error);
      return renderUsers(c, state, statusOf(error as AppError));
    }
    return c.redirect(withDone("/admin/users", "user-added"), 303);
  });
}

async function renderUsers(c: Context<AppEnv>, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const db = c.var.database.db;
  const users = await listUsers(db, actor);
  const offices = await listOffices(db);
  const form = "user";
  const input = (name: string, label: string, extra: Record<string, string | boolean | undefined> = {}) => (
    <gcds-input
      input-id={`user-${name}`}
      name={name}
      label={label}
      value={name === "password" ? "" : (typedValue(state, form, name) ?? "")}
      error-message={fieldError(state, form, name)}
      required
      {...extra}
    ></gcds-input>
  );
  const chosenLocale = typedValue(state, form, "locale") ?? "en";
  return c.html(
    <Layout
      locale={locale}
      title={m.usersTitle}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path="/admin/users"
      section="users"
    >
      <gcds-heading tag="h1">{m.usersTitle}</gcds-heading>
      <SuccessNotice c={c} />
      <div class="dossier-table-wrap">
        <table class="dossier-table">
          <caption>{m.usersCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.displayName}</th>
              <th scope="col">{m.email}</th>
              <th scope="col">{m.roles}</th>
              <th scope="col">{m.preferredLanguage}</th>
              <th scope="col">{m.active}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr>
                <td>{user.displayName}</td>
                <td>{user.email}</td>
                <td>
                  {user.memberships
                    .map((ms) => `${ms.officeCode} — ${codeLabel(locale, "role", ms.role)}`)
                    .join("; ")}
                </td>
                <td>{codeLabel(locale, "language", user.locale)}</td>
                <td>{user.active ? m.yes : m.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <Section id="add-user" title={m.addUser}>
        <form method="post" action="/admin/users" class="dossier-form">
          <ErrorNotice locale={locale} state={state} form={form} />
          <CsrfField token={c.var.csrfToken} />
          {input("displayName", m.displayName)}
          {input("email", m.email, { type: "email", autocomplete: "off" })}
          {input("password", m.password, {
            type: "password",
            autocomplete: "new-password",
            hint: m.passwordHint,
          })}
          <gcds-select select-id="user-locale" name="locale" label={m.preferredLanguage} value={chosenLocale}>
            {codeOptions(locale, "language").map((option) => (
              <option value={option.value} selected={option.value === chosenLocale}>
                {option.label}
              </option>
            ))}
          </gcds-select>
          {offices.map((office, i) => {
            const chosen = (typedValue(state, form, `${ROLE_FIELD}${office.code}`) ?? "")
              .split(",")
              .filter(Boolean);
            const options = ROLES.map((role) => ({
              id: `role-${office.code}-${role}`,
              label: codeLabel(locale, "role", role),
              value: role,
              checked: chosen.includes(role),
            }));
            return (
              <gcds-checkboxes
                name={`${ROLE_FIELD}${office.code}`}
                legend={m.rolesIn(`${office.code} — ${locale === "fr" ? office.nameFr : office.nameEn}`)}
                options={JSON.stringify(options)}
                value={JSON.stringify(chosen)}
                error-message={i === 0 ? fieldError(state, form, "memberships") : undefined}
              ></gcds-checkboxes>
            );
          })}
          <gcds-button type="submit">{m.addUserButton}</gcds-button>
        </form>
      </Section>
    </Layout>,
    status as 200,
  );
}
