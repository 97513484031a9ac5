import type { Context, Hono } from "hono";
import { getClientFile } from "../../clients/get-client-file.ts";
import { listDesignatedIndividuals } from "../../clients/list-designated-individuals.ts";
import { uploadEdoc } from "../../edocs/upload-edoc.ts";
import { type AddNoteInput, addNote } from "../../notes/add-note.ts";
import { todayIn } from "../../shared/dates.ts";
import { parseUci } from "../../shared/identifiers.ts";
import { readUpload } from "../api/read-body.ts";
import type { AppEnv } from "../env.ts";
import { codeLabel, messages } from "../i18n.ts";
import {
  AddNoteForm,
  EdocsTable,
  Empty,
  NotesList,
  Section,
  SummaryList,
  UploadEdocForm,
} from "./components.tsx";
import {
  DesignatedIndividualsSection,
  registerDesignatedIndividualForm,
} from "./designated-individuals-section.tsx";
import { clientName, displayUci, formatDateTime, withDone } from "./format.ts";
import { type FormState, formStateOf, SuccessNotice, statusOf } from "./forms.tsx";
import { Layout } from "./layout.tsx";
import { officeZones } from "./office-zones.ts";
import { uploadLimit } from "./upload.ts";

export function registerClient(pages: Hono<AppEnv>) {
  pages.get("/clients/:uci", (c) => renderClient(c, c.req.param("uci"), null));

  pages.post("/clients/:uci/notes", async (c) => {
    const uci = c.req.param("uci");
    const body = await c.req.parseBody();
    try {
      await addNote(c.var.database.db, c.var.actor!, { uci }, body as AddNoteInput);
    } catch (error) {
      const state = formStateOf(c.var.locale, "note", body, error);
      return renderClient(c, uci, state, statusOf(error as Parameters<typeof statusOf>[0]));
    }
    return c.redirect(withDone(`/clients/${encodeURIComponent(uci)}#notes`, "note-added"), 303);
  });

  pages.post("/clients/:uci/edocs", uploadLimit, async (c) => {
    const uci = c.req.param("uci");
    const body = await c.req.parseBody();
    try {
      await uploadEdoc(c.var.database.db, c.var.actor!, { uci }, await readUpload(c));
    } catch (error) {
      const state = formStateOf(c.var.locale, "edoc", body, error);
      return renderClient(c, uci, state, statusOf(error as Parameters<typeof statusOf>[0]));
    }
    return c.redirect(withDone(`/clients/${encodeURIComponent(uci)}#edocs`, "edoc-uploaded"), 303);
  });

  registerDesignatedIndividualForm(pages, renderClient);
}

/** Everything on a client that the officer may see, with the forms to add a note or an eDoc. */
export async function renderClient(c: Context<AppEnv>, uci: string, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const db = c.var.database.db;
  const file = await getClientFile(db, actor, uci);
  const zones = await officeZones(db, actor);
  const zone = zones.of(file.client.officeId);
  const designated = await listDesignatedIndividuals(db, file.client.id);
  const { client } = file;
  const name = clientName(client);
  const fileNumberOf = new Map(file.applications.map((a) => [a.id, a.fileNumber]));
  const base = `/clients/${client.uci}`;
  const url = new URL(c.req.url);
  // The UCI asked for was a client merged into this one (its UCI leads here).
  const asked = parseUci(uci);
  const mergedUci = asked && asked !== client.uci ? asked : null;
  return c.html(
    <Layout
      locale={locale}
      title={m.clientTitle(name, displayUci(client.uci))}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={url.pathname + url.search}
    >
      <gcds-heading tag="h1">{name}</gcds-heading>
      <p class="dossier-lead">
        {m.uci} {displayUci(client.uci)}
      </p>
      {mergedUci ? (
        <gcds-notice type="info" notice-title-tag="h2" notice-title={m.clientMergedTitle}>
          <gcds-text>{m.clientMergedNotice(displayUci(mergedUci), displayUci(client.uci))}</gcds-text>
        </gcds-notice>
      ) : null}
      <SuccessNotice c={c} />

      <Section id="identity" title={m.identity}>
        <SummaryList
          items={[
            [m.familyName, client.familyName],
            [m.givenNames, client.givenNames],
            [m.dateOfBirth, client.dateOfBirth ?? m.notRecorded],
            [m.sex, codeLabel(locale, "sex", client.sex)],
            [m.countryOfBirth, client.countryOfBirth],
            [m.citizenships, client.citizenships.join(", ")],
            [m.statusInCanada, codeLabel(locale, "statusInCanada", client.statusInCanada)],
            [
              m.aliases,
              file.aliases.length === 0
                ? m.noAliases
                : file.aliases.map((alias) => clientName(alias)).join("; "),
            ],
          ]}
        />
      </Section>

      <Section id="passports" title={m.passports}>
        {file.passports.length === 0 ? (
          <Empty>{m.noPassports}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.passports}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.passportNumber}</th>
                  <th scope="col">{m.passportType}</th>
                  <th scope="col">{m.issuingCountry}</th>
                  <th scope="col">{m.expiryDate}</th>
                </tr>
              </thead>
              <tbody>
                {file.passports.map((p) => (
                  <tr>
                    <td>{p.number}</td>
                    <td>{codeLabel(locale, "passportType", p.type)}</td>
                    <td>{p.country}</td>
                    <td>{p.expiryDate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="contacts" title={m.contactDetails}>
        {file.contacts.length === 0 ? (
          <Empty>{m.noContacts}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.contactDetailsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.kind}</th>
                  <th scope="col">{m.value}</th>
                  <th scope="col">{m.consentSource}</th>
                  <th scope="col">{m.recordedAt}</th>
                  <th scope="col">{m.status}</th>
                </tr>
              </thead>
              <tbody>
                {file.contacts.map((contact) => (
                  <tr class={contact.supersededAt ? "dossier-row--past" : undefined}>
                    <td>{codeLabel(locale, "contactKind", contact.kind)}</td>
                    <td class="dossier-pre">{contact.value}</td>
                    <td>{codeLabel(locale, "consentSource", contact.consentSource)}</td>
                    <td>{formatDateTime(contact.recordedAt, zone, locale)}</td>
                    <td>
                      {contact.supersededAt
                        ? m.supersededAt(formatDateTime(contact.supersededAt, zone, locale))
                        : m.current}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="info-alerts" title={m.infoAlerts}>
        {file.infoAlerts.length === 0 ? (
          <Empty>{m.noInfoAlerts}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.infoAlerts}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.alertType}</th>
                  <th scope="col">{m.validFrom}</th>
                  <th scope="col">{m.validTo}</th>
                  <th scope="col">{m.details}</th>
                </tr>
              </thead>
              <tbody>
                {file.infoAlerts.map((alert) => (
                  <tr>
                    <td>{alert.type}</td>
                    <td>{alert.validFrom}</td>
                    <td>{alert.validTo ?? ""}</td>
                    <td class="dossier-pre">{alert.details ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="applications" title={m.applications}>
        {file.applications.length === 0 ? (
          <Empty>{m.noApplications}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.applications}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.fileNumber}</th>
                  <th scope="col">{m.lineOfBusiness}</th>
                  <th scope="col">{m.office}</th>
                  <th scope="col">{m.status}</th>
                  <th scope="col">{m.receivedDate}</th>
                </tr>
              </thead>
              <tbody>
                {file.applications.map((a) => (
                  <tr>
                    <td>
                      <a href={`/applications/${a.fileNumber}`}>{a.fileNumber}</a>
                    </td>
                    <td>{codeLabel(locale, "lineOfBusiness", a.lineOfBusiness)}</td>
                    <td>{a.officeCode}</td>
                    <td>{codeLabel(locale, "applicationStatus", a.status)}</td>
                    <td>{a.receivedDate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <DesignatedIndividualsSection
        locale={locale}
        action={`${base}/designated-individuals`}
        csrfToken={c.var.csrfToken}
        state={state}
        today={todayIn(zone)}
        people={designated}
        fileNumbers={file.applications.map((a) => a.fileNumber)}
        edocs={file.edocs}
      />

      <Section id="notes" title={m.notes}>
        <NotesList
          locale={locale}
          timeZone={zone}
          notes={file.notes}
          fileOf={(note) => (note.applicationId ? (fileNumberOf.get(note.applicationId) ?? null) : null)}
        />
        <h3 class="dossier-h3">{m.addNote}</h3>
        <AddNoteForm locale={locale} action={`${base}/notes`} csrfToken={c.var.csrfToken} state={state} />
      </Section>

      <Section id="edocs" title={m.edocs}>
        <EdocsTable locale={locale} timeZone={zone} edocs={file.edocs} />
        <h3 class="dossier-h3">{m.uploadEdoc}</h3>
        <UploadEdocForm locale={locale} action={`${base}/edocs`} csrfToken={c.var.csrfToken} state={state} />
      </Section>
    </Layout>,
    status as 200,
  );
}
