import type { Context, Hono } from "hono";
import { type ApplicationFile, getApplicationFile } from "../../applications/get-application-file.ts";
import { composeLetter } from "../../correspondence/queue-letter.ts";
import { uploadEdoc } from "../../edocs/upload-edoc.ts";
import { type AddNoteInput, addNote } from "../../notes/add-note.ts";
import type { AppError } from "../../shared/errors.ts";
import { readUpload } from "../api/read-body.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, messages } from "../i18n.ts";
import {
  ActivitiesTable,
  AddNoteForm,
  EdocsTable,
  Empty,
  NotesList,
  SummaryList,
  UploadEdocForm,
} from "./components.tsx";
import {
  CorrespondenceDoneNotice,
  CorrespondenceLinks,
  CorrespondenceRowActions,
  ManualSendForm,
  ResendRefusedNotice,
} from "./correspondence-pages.tsx";
import { DecisionSection } from "./decision-pages.tsx";
import { EtaReviewLinkSection } from "./eta-review-pages.tsx";
import { FileExportSection } from "./file-export-pages.tsx";
import { clientName, displayUci, formatDateTime, withDone } from "./format.ts";
import { ErrorNotice, type FormState, formStateOf, SuccessNotice, statusOf } from "./forms.tsx";
import { describeAuditEvent } from "./history-text.ts";
import { Layout } from "./layout.tsx";
import { uploadLimit } from "./upload.ts";

export const TABS = ["correspondence", "notes", "edocs", "activities", "history"] as const;
export type Tab = (typeof TABS)[number];

export function registerApplication(pages: Hono<AppEnv>) {
  pages.get("/applications/:fileNumber", (c) => {
    const asked = c.req.query("tab");
    const tab = TABS.find((name) => name === asked) ?? "correspondence";
    return renderApplication(c, c.req.param("fileNumber"), tab, null);
  });

  pages.post("/applications/:fileNumber/notes", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    try {
      await addNote(c.var.database.db, c.var.actor!, { fileNumber }, body as AddNoteInput);
    } catch (error) {
      const state = formStateOf(c.var.locale, "note", body, error);
      return renderApplication(c, fileNumber, "notes", state, statusOf(error as AppError));
    }
    return c.redirect(
      withDone(`/applications/${encodeURIComponent(fileNumber)}?tab=notes`, "note-added"),
      303,
    );
  });

  pages.post("/applications/:fileNumber/edocs", uploadLimit, async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    try {
      await uploadEdoc(c.var.database.db, c.var.actor!, { fileNumber }, await readUpload(c));
    } catch (error) {
      const state = formStateOf(c.var.locale, "edoc", body, error);
      return renderApplication(c, fileNumber, "edocs", state, statusOf(error as AppError));
    }
    return c.redirect(
      withDone(`/applications/${encodeURIComponent(fileNumber)}?tab=edocs`, "edoc-uploaded"),
      303,
    );
  });
}

function tabName(locale: Locale, tab: Tab): string {
  const m = messages(locale);
  return {
    correspondence: m.correspondence,
    notes: m.notes,
    edocs: m.edocs,
    activities: m.activities,
    history: m.history,
  }[tab];
}

/** An application with its summary and one tab; tabs are links, so the page works without scripts. */
export async function renderApplication(
  c: Context<AppEnv>,
  fileNumber: string,
  tab: Tab,
  state: FormState | null,
  status = 200,
) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const file = await getApplicationFile(c.var.database.db, actor, fileNumber);
  const { application, client, office } = file;
  const zone = office.timeZone;
  const base = `/applications/${application.fileNumber}`;
  // An undelivered email may go again to a newer address: the one the file gives now, by the same
  // rule that chooses every recipient. Read only when the tab shows such an email.
  const undelivered = file.correspondence.some(
    (r) => r.direction === "out" && r.channel === "email" && r.status === "undelivered",
  );
  const recipientNow =
    tab === "correspondence" && undelivered
      ? (await composeLetter(c.var.database.db, actor, application.fileNumber)).recipient
      : null;
  const emailOnFile = recipientNow?.channel === "email" ? recipientNow.address : null;
  return c.html(
    <Layout
      locale={locale}
      title={m.applicationTabTitle(application.fileNumber, tabName(locale, tab))}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`${base}?tab=${tab}`}
    >
      <gcds-heading tag="h1">{m.applicationTitle(application.fileNumber)}</gcds-heading>
      <p class="dossier-lead">
        <a href={`/clients/${client.uci}`}>{clientName(client)}</a> — {m.uci} {displayUci(client.uci)}
      </p>
      <SuccessNotice c={c} />
      <SummaryList
        items={[
          [m.lineOfBusiness, codeLabel(locale, "lineOfBusiness", application.lineOfBusiness)],
          [m.office, `${office.code} — ${locale === "fr" ? office.nameFr : office.nameEn}`],
          [m.status, codeLabel(locale, "applicationStatus", application.status)],
          ...(application.statusReason
            ? [[m.statusReason, application.statusReason] as [string, string]]
            : []),
          [m.receivedDate, application.receivedDate],
          [m.correspondenceLanguage, codeLabel(locale, "language", application.language)],
          [
            m.representatives,
            file.representatives.length === 0
              ? m.noRepresentatives
              : file.representatives.map((r) => [r.name, r.email].filter(Boolean).join(" — ")).join("; "),
          ],
        ]}
      />
      <DecisionSection c={c} file={file} />
      <EtaReviewLinkSection
        locale={locale}
        fileNumber={application.fileNumber}
        lineOfBusiness={application.lineOfBusiness}
      />
      <nav aria-label={m.fileSections} class="dossier-tabs">
        <ul>
          {TABS.map((name) => (
            <li>
              <a href={`${base}?tab=${name}`} aria-current={name === tab ? "page" : undefined}>
                {tabName(locale, name)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section id="tab-panel" aria-labelledby="tab-heading" class="dossier-tab-panel">
        <h2 id="tab-heading" class="dossier-h2">
          {tabName(locale, tab)}
        </h2>
        <TabContent
          c={c}
          tab={tab}
          file={file}
          zone={zone}
          base={base}
          state={state}
          emailOnFile={emailOnFile}
        />
      </section>
      <FileExportSection locale={locale} fileNumber={application.fileNumber} />
    </Layout>,
    status as 200,
  );
}

function TabContent(props: {
  c: Context<AppEnv>;
  tab: Tab;
  file: ApplicationFile;
  zone: string;
  base: string;
  state: FormState | null;
  emailOnFile: string | null;
}) {
  const { c, file, zone, base, state } = props;
  const locale = c.var.locale;
  const m = messages(locale);
  switch (props.tab) {
    case "correspondence":
      return (
        <>
          <CorrespondenceDoneNotice c={c} file={file} zone={zone} />
          <ResendRefusedNotice locale={locale} state={state} />
          <CorrespondenceLinks locale={locale} fileNumber={file.application.fileNumber} />
          <CorrespondenceTable
            locale={locale}
            zone={zone}
            file={file}
            csrfToken={c.var.csrfToken}
            back={`${base}?tab=correspondence`}
            emailOnFile={props.emailOnFile}
          />
          <ManualSendForm
            locale={locale}
            fileNumber={file.application.fileNumber}
            csrfToken={c.var.csrfToken}
            state={state}
          />
        </>
      );
    case "notes":
      return (
        <>
          <NotesList locale={locale} timeZone={zone} notes={file.notes} />
          <h3 class="dossier-h3">{m.addNote}</h3>
          <AddNoteForm locale={locale} action={`${base}/notes`} csrfToken={c.var.csrfToken} state={state} />
        </>
      );
    case "edocs":
      return (
        <>
          <EdocsTable locale={locale} timeZone={zone} edocs={file.edocs} />
          <h3 class="dossier-h3">{m.uploadEdoc}</h3>
          <UploadEdocForm
            locale={locale}
            action={`${base}/edocs`}
            csrfToken={c.var.csrfToken}
            state={state}
          />
        </>
      );
    case "activities": {
      const actor = c.var.actor!;
      const activities = file.activities.map((a) => ({
        ...a,
        fileNumber: file.application.fileNumber,
        uci: file.client.uci,
        clientName: clientName(file.client),
        mine: a.assigneeUserId !== null && a.assigneeUserId === actor.userId,
      }));
      return (
        <>
          <ErrorNotice locale={locale} state={state} />
          {activities.length === 0 ? (
            <Empty>{m.noActivities}</Empty>
          ) : (
            <ActivitiesTable
              locale={locale}
              caption={m.activitiesCaption}
              activities={activities}
              csrfToken={c.var.csrfToken}
              back={`${base}?tab=activities`}
              state={state}
              showFile={false}
            />
          )}
        </>
      );
    }
    case "history":
      return file.history.length === 0 ? (
        <Empty>{m.noHistory}</Empty>
      ) : (
        <div class="dossier-table-wrap">
          <table class="dossier-table">
            <caption>{m.historyCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.when}</th>
                <th scope="col">{m.who}</th>
                <th scope="col">{m.what}</th>
              </tr>
            </thead>
            <tbody>
              {file.history.map((event) => (
                <tr>
                  <td class="dossier-nowrap">{formatDateTime(event.at, zone, locale)}</td>
                  <td>{event.actorLabel}</td>
                  <td>{describeAuditEvent(locale, event)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

function CorrespondenceTable(props: {
  locale: Locale;
  zone: string;
  file: ApplicationFile;
  csrfToken: string | null;
  back: string;
  emailOnFile: string | null;
}) {
  const { locale, zone } = props;
  const m = messages(locale);
  const rows = props.file.correspondence;
  if (rows.length === 0) return <Empty>{m.noCorrespondence}</Empty>;
  return (
    <div class="dossier-table-wrap">
      <table class="dossier-table">
        <caption>{m.correspondenceCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.created}</th>
            <th scope="col">{m.direction}</th>
            <th scope="col">{m.subject}</th>
            <th scope="col">{m.status}</th>
            <th scope="col">{m.actions}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td class="dossier-nowrap">{formatDateTime(row.createdAt, zone, locale)}</td>
              <td>{codeLabel(locale, "direction", row.direction)}</td>
              <td>{row.subject}</td>
              <td>
                {row.status === "sent" && row.address
                  ? m.sentVia(codeLabel(locale, "channel", row.channel), row.address)
                  : codeLabel(locale, "correspondenceStatus", row.status)}
                {row.status === "sent" && row.sentAt ? (
                  <span class="dossier-meta"> ({formatDateTime(row.sentAt, zone, locale)})</span>
                ) : null}
                {row.statusReason && row.status === "undelivered" ? (
                  <span class="dossier-meta"> — {row.statusReason}</span>
                ) : null}
              </td>
              <td>
                <CorrespondenceRowActions
                  locale={locale}
                  zone={zone}
                  row={row}
                  activities={props.file.activities}
                  edocs={props.file.edocs}
                  csrfToken={props.csrfToken}
                  back={props.back}
                  emailOnFile={props.emailOnFile}
                  history={props.file.history}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
