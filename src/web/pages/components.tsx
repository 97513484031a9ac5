/** Pieces that several pages show the same way: notes, eDocs, activities and their forms. */
import type { Child } from "hono/jsx";
import { ACCEPTED_EXTENSIONS } from "../../edocs/check-edoc-upload.ts";
import type { Locale } from "../env.ts";
import { codeLabel, messages } from "../i18n.ts";
import { formatDateTime, formatSize } from "./format.ts";
import { CsrfField, ErrorNotice, type FormState, fieldError, typedValue } from "./forms.tsx";

export function SummaryList(props: { items: [string, Child][] }) {
  return (
    <dl class="dossier-summary">
      {props.items.map(([term, detail]) => (
        <div class="dossier-summary__row">
          <dt>{term}</dt>
          <dd>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Section(props: { id: string; title: string; children?: Child }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-heading`} class="dossier-section">
      <h2 id={`${props.id}-heading`} class="dossier-h2">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

export function Empty(props: { children?: Child }) {
  return <p class="dossier-empty">{props.children}</p>;
}

export interface NoteView {
  id: string;
  createdAt: Date;
  authorLabel: string;
  restricted: boolean;
  body: string | null;
  correctsNoteId: string | null;
  applicationId?: string | null;
}

export function NotesList(props: {
  locale: Locale;
  timeZone: string;
  notes: NoteView[];
  /** The file a note is on, when the list mixes the client's notes and its applications'. */
  fileOf?: (note: NoteView) => string | null;
}) {
  const m = messages(props.locale);
  if (props.notes.length === 0) return <Empty>{m.noNotes}</Empty>;
  return (
    <ol class="dossier-notes" aria-label={m.notesCaption}>
      {props.notes.map((note) => {
        const file = props.fileOf?.(note) ?? null;
        return (
          <li class="dossier-note">
            <p class="dossier-note__meta">
              <span>{formatDateTime(note.createdAt, props.timeZone, props.locale)}</span>
              {" · "}
              <span>{note.authorLabel}</span>
              {file ? (
                <>
                  {" · "}
                  <a href={`/applications/${encodeURIComponent(file)}?tab=notes`}>{file}</a>
                </>
              ) : null}
              {note.restricted ? <strong class="dossier-tag">{m.restrictedNote}</strong> : null}
              {note.correctsNoteId ? (
                <span class="dossier-tag dossier-tag--plain">{m.correctsNote}</span>
              ) : null}
            </p>
            {note.body === null ? (
              <p class="dossier-note__hidden">{m.restrictedHidden}</p>
            ) : (
              <p class="dossier-note__body">{note.body}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function AddNoteForm(props: {
  locale: Locale;
  action: string;
  csrfToken: string | null;
  state: FormState | null;
}) {
  const m = messages(props.locale);
  const form = "note";
  const restricted = typedValue(props.state, form, "restricted") === "on";
  const options = [
    {
      id: "note-restricted",
      label: m.restrictedNote,
      value: "on",
      hint: m.restrictedHint,
      checked: restricted,
    },
  ];
  return (
    <form method="post" action={props.action} class="dossier-form" id="add-note">
      <ErrorNotice locale={props.locale} state={props.state} form={form} />
      <CsrfField token={props.csrfToken} />
      <gcds-textarea
        textarea-id="note-body"
        name="body"
        label={m.note}
        hint={m.addNoteHint}
        rows={5}
        required
        value={typedValue(props.state, form, "body") ?? ""}
        error-message={fieldError(props.state, form, "body")}
      ></gcds-textarea>
      <gcds-checkboxes
        name="restricted"
        options={JSON.stringify(options)}
        value={restricted ? '["on"]' : "[]"}
      ></gcds-checkboxes>
      <gcds-button type="submit">{m.saveNote}</gcds-button>
    </form>
  );
}

export function UploadEdocForm(props: {
  locale: Locale;
  action: string;
  csrfToken: string | null;
  state: FormState | null;
}) {
  const m = messages(props.locale);
  const form = "edoc";
  const fileError = fieldError(props.state, form, "file") ?? fieldError(props.state, form, "fileName");
  return (
    <form
      method="post"
      action={props.action}
      enctype="multipart/form-data"
      class="dossier-form"
      id="upload-edoc"
    >
      <ErrorNotice locale={props.locale} state={props.state} form={form} />
      <CsrfField token={props.csrfToken} />
      <gcds-file-uploader
        uploader-id="edoc-file"
        name="file"
        label={m.chooseFile}
        hint={m.uploadHint(ACCEPTED_EXTENSIONS.join(", "))}
        accept={ACCEPTED_EXTENSIONS.join(",")}
        required
        error-message={fileError}
      ></gcds-file-uploader>
      <gcds-input
        input-id="edoc-description"
        name="description"
        label={m.description}
        value={typedValue(props.state, form, "description") ?? ""}
        error-message={fieldError(props.state, form, "description")}
      ></gcds-input>
      <gcds-button type="submit">{m.uploadButton}</gcds-button>
    </form>
  );
}

export interface EdocView {
  id: string;
  fileName: string;
  kind: string;
  size: number;
  createdAt: Date;
}

export function EdocsTable(props: { locale: Locale; timeZone: string; edocs: EdocView[] }) {
  const m = messages(props.locale);
  if (props.edocs.length === 0) return <Empty>{m.noEdocs}</Empty>;
  return (
    <div class="dossier-table-wrap">
      <table class="dossier-table">
        <caption>{m.edocsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.fileName}</th>
            <th scope="col">{m.kind}</th>
            <th scope="col">{m.size}</th>
            <th scope="col">{m.added}</th>
          </tr>
        </thead>
        <tbody>
          {props.edocs.map((edoc) => (
            <tr>
              <td>
                <a href={`/edocs/${edoc.id}`} download={edoc.fileName}>
                  {edoc.fileName}
                </a>
              </td>
              <td>{codeLabel(props.locale, "edocKind", edoc.kind)}</td>
              <td>{formatSize(edoc.size, props.locale)}</td>
              <td>{formatDateTime(edoc.createdAt, props.timeZone, props.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface ActivityView {
  id: string;
  activity: string;
  subActivity: string | null;
  status: string;
  dueDate: string | null;
  fileNumber: string | null;
  uci: string | null;
  clientName: string | null;
  assignee: string | null;
  /** Assigned to the person looking at the page. */
  mine: boolean;
}

const OPEN = new Set(["review-required", "in-progress"]);

/**
 * Take, Complete and Reassign for one activity. `back` is the page to return to after the POST,
 * which is also the page shown again when the change is refused.
 */
export function ActivityActions(props: {
  locale: Locale;
  activity: ActivityView;
  csrfToken: string | null;
  back: string;
  state: FormState | null;
}) {
  const { activity, locale } = props;
  const m = messages(locale);
  if (!OPEN.has(activity.status)) return null;
  const action = (verb: string) => `/activities/${activity.id}/${verb}`;
  const form = `reassign:${activity.id}`;
  const reassignError = fieldError(props.state, form, "assigneeEmail");
  return (
    <div class="dossier-actions">
      {activity.mine ? null : (
        <form method="post" action={action("take")}>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="back" value={props.back} />
          <gcds-button type="submit" size="small" aria-label={m.takeLabel(activity.activity)}>
            {m.take}
          </gcds-button>
        </form>
      )}
      <form method="post" action={action("complete")}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="back" value={props.back} />
        <gcds-button
          type="submit"
          size="small"
          button-role="secondary"
          aria-label={m.completeLabel(activity.activity)}
        >
          {m.complete}
        </gcds-button>
      </form>
      <gcds-details details-title={m.reassignTo(activity.activity)} open={reassignError ? true : undefined}>
        <form method="post" action={action("reassign")} class="dossier-reassign">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="back" value={props.back} />
          <gcds-input
            input-id={`reassign-${activity.id}`}
            name="assigneeEmail"
            type="email"
            label={m.reassignEmail}
            hint={m.reassignHint}
            value={typedValue(props.state, form, "assigneeEmail") ?? ""}
            error-message={reassignError}
          ></gcds-input>
          <gcds-button type="submit" size="small" button-role="secondary">
            {m.reassign}
          </gcds-button>
        </form>
      </gcds-details>
    </div>
  );
}

export function ActivitiesTable(props: {
  locale: Locale;
  caption: string;
  /** The caption repeats the heading just above the table: read to screen readers only. */
  hideCaption?: boolean;
  activities: ActivityView[];
  csrfToken: string | null;
  back: string;
  state: FormState | null;
  /** Leave out the file and client columns on the file's own page. */
  showFile?: boolean;
}) {
  const m = messages(props.locale);
  const showFile = props.showFile ?? true;
  return (
    <div class="dossier-table-wrap">
      <table class="dossier-table">
        <caption class={props.hideCaption ? "dossier-visually-hidden" : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.activity}</th>
            <th scope="col">{m.subActivity}</th>
            <th scope="col">{m.status}</th>
            <th scope="col">{m.dueDate}</th>
            {showFile ? <th scope="col">{m.file}</th> : null}
            {showFile ? <th scope="col">{m.client}</th> : null}
            <th scope="col">{m.assignee}</th>
            <th scope="col">{m.actions}</th>
          </tr>
        </thead>
        <tbody>
          {props.activities.map((a) => (
            <tr>
              <td>{a.activity}</td>
              <td>{a.subActivity ?? ""}</td>
              <td>{codeLabel(props.locale, "activityStatus", a.status)}</td>
              <td class="dossier-nowrap">{a.dueDate ?? ""}</td>
              {showFile ? (
                <td>
                  {a.fileNumber ? (
                    <a href={`/applications/${encodeURIComponent(a.fileNumber)}`}>{a.fileNumber}</a>
                  ) : (
                    ""
                  )}
                </td>
              ) : null}
              {showFile ? (
                <td>
                  {a.uci ? <a href={`/clients/${encodeURIComponent(a.uci)}`}>{a.clientName ?? a.uci}</a> : ""}
                </td>
              ) : null}
              <td>{a.assignee ?? m.officeQueue}</td>
              <td>
                <ActivityActions
                  locale={props.locale}
                  activity={a}
                  csrfToken={props.csrfToken}
                  back={props.back}
                  state={props.state}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
