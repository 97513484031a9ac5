import type { Hono } from "hono";
import { type ClientHit, searchClients } from "../../clients/search-clients.ts";
import type { AppEnv } from "../env.ts";
import { messages } from "../i18n.ts";
import { Empty, Section } from "./components.tsx";
import { clientName, displayUci } from "./format.ts";
import { ErrorNotice, type FormState, fieldError, formStateOf, statusOf, typedValue } from "./forms.tsx";
import { Layout } from "./layout.tsx";

const FIELDS = ["uci", "fileNumber", "name", "dateOfBirth"] as const;

/**
 * One search form, sent by GET so that results can be bookmarked and the back button works. It
 * changes nothing, so it carries no CSRF token (a token in a URL would leak into logs and history).
 */
export function registerSearch(pages: Hono<AppEnv>) {
  pages.get("/search", async (c) => {
    const locale = c.var.locale;
    const m = messages(locale);
    const asked = FIELDS.some((field) => c.req.query(field) !== undefined);
    const values: Record<string, string> = {};
    for (const field of FIELDS) values[field] = c.req.query(field) ?? "";
    let hits: ClientHit[] | null = null;
    let state: FormState | null = null;
    let status = 200;
    if (asked) {
      // A field left empty is not part of the search (the schema reads "" as a value to check).
      const query = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ""));
      try {
        hits = await searchClients(c.var.database.db, c.var.actor!, query);
      } catch (error) {
        state = formStateOf(locale, "search", values, error);
        status = statusOf(error as Parameters<typeof statusOf>[0]);
      }
    }
    const url = new URL(c.req.url);
    const title = hits ? `${m.searchResultsTitle(hits.length)} — ${m.searchTitle}` : m.searchTitle;
    const input = (field: (typeof FIELDS)[number], label: string, hint?: string) => (
      <gcds-input
        input-id={`search-${field}`}
        name={field}
        label={label}
        hint={hint}
        value={typedValue(state, "search", field) ?? values[field]}
        error-message={fieldError(state, "search", field)}
      ></gcds-input>
    );
    return c.html(
      <Layout
        locale={locale}
        title={title}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path={url.pathname + url.search}
        section="search"
      >
        <gcds-heading tag="h1">{m.searchTitle}</gcds-heading>
        <gcds-text>{m.searchIntro}</gcds-text>
        <ErrorNotice locale={locale} state={state} />
        <form method="get" action="/search" class="dossier-form dossier-form--grid">
          {input("name", m.name)}
          {input("uci", m.uci)}
          {input("fileNumber", m.fileNumber)}
          {input("dateOfBirth", m.dateOfBirth, m.dateHint)}
          <div class="dossier-form__actions">
            <gcds-button type="submit">{m.searchButton}</gcds-button>
          </div>
        </form>
        {hits ? (
          <Section id="results" title={m.searchResultsTitle(hits.length)}>
            {hits.length === 0 ? (
              <Empty>{m.searchNoResults}</Empty>
            ) : (
              <ResultsTable locale={locale} hits={hits} />
            )}
          </Section>
        ) : null}
      </Layout>,
      status as 200,
    );
  });
}

function ResultsTable(props: { locale: "en" | "fr"; hits: ClientHit[] }) {
  const m = messages(props.locale);
  return (
    <div class="dossier-table-wrap">
      <table class="dossier-table">
        <caption>{m.searchResultsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.name}</th>
            <th scope="col">{m.uci}</th>
            <th scope="col">{m.dateOfBirth}</th>
            <th scope="col">{m.countryOfBirth}</th>
            <th scope="col">{m.matchedAlias}</th>
          </tr>
        </thead>
        <tbody>
          {props.hits.map((hit) => (
            <tr>
              <td>
                <a href={`/clients/${hit.uci}`}>{clientName(hit)}</a>
              </td>
              <td>{displayUci(hit.uci)}</td>
              <td>{hit.dateOfBirth ?? ""}</td>
              <td>{hit.countryOfBirth}</td>
              <td>{hit.matchedAlias ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
