/**
 * The officer's pages for outgoing letters: write a letter from a template (with a preview and the
 * recipient the file gives), record a paper letter as mailed, extend a response date, confirm the
 * note of a "Response overdue" activity, transfer a file to another office, and download the
 * evidence package of a sent email. Each handler parses the form and calls one operation; the
 * rules live in the operations. The Correspondence tab's own forms (resend an undelivered email,
 * record an email sent from Outlook) are drawn here and handled in `correspondence-tab-actions.tsx`.
 */

import type { Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { transferApplication } from "../../applications/transfer-application.ts";
import { confirmNonCompliance, loadNonComplianceDraft } from "../../correspondence/confirm-non-compliance.ts";
import { sameAddress } from "../../correspondence/decide-bounce-follow-up.ts";
import {
  overdueRequestOf,
  RESPONSE_OVERDUE_ACTIVITY,
} from "../../correspondence/detect-overdue-responses.ts";
import {
  draftNonComplianceNote,
  NON_COMPLIANCE_OUTCOMES,
} from "../../correspondence/draft-non-compliance-note.ts";
import { extendResponseDate } from "../../correspondence/extend-response-date.ts";
import { findVisibleCorrespondence } from "../../correspondence/find-visible-correspondence.ts";
import { markPaperLetterMailed } from "../../correspondence/mark-paper-letter-mailed.ts";
import { READ_RECEIPT_EDOC_KIND } from "../../correspondence/process-inbound-message.ts";
import {
  COMPOSABLE_LETTER_IDS,
  composeLetter,
  type LetterRecipient,
  type PreparedLetter,
  previewLetter,
  queueLetter,
} from "../../correspondence/queue-letter.ts";
import { sha256Hex } from "../../edocs/store-blob.ts";
import { buildApplicationEvidence } from "../../evidence/build-application-evidence.ts";
import { buildEvidencePackage } from "../../evidence/build-evidence-package.ts";
import type { EvidenceFile } from "../../evidence/evidence.schema.ts";
import { listOffices } from "../../offices/find-office.ts";
import type { AppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, fieldLabel, messages } from "../i18n.ts";
import { SummaryList } from "./components.tsx";
import { clientName, formatDateTime, localPath, withDone } from "./format.ts";
import {
  CsrfField,
  ErrorNotice,
  type FormState,
  fieldError,
  formStateOf,
  statusOf,
  textFields,
  typedValue,
} from "./forms.tsx";
import { Layout } from "./layout.tsx";
import { manualSendWarningText } from "./manual-send-warnings.ts";

/**
 * The letters an officer writes from the compose page. The transfer notice goes with a transfer, a
 * decision letter with the decision (Decisions and reconsideration page).
 */
const COMPOSABLE = COMPOSABLE_LETTER_IDS;
type Composable = (typeof COMPOSABLE_LETTER_IDS)[number];

interface FieldSpec {
  name: string;
  label: (m: Messages) => string;
  hint?: (m: Messages, context: { defaultDays: number }) => string;
  multiline?: boolean;
}
type Messages = ReturnType<typeof messages>;

/** Each template's fields, in the order the letter uses them. */
const TEMPLATE_FIELDS: Record<Composable, FieldSpec[]> = {
  "request-documents": [
    { name: "documents", label: (m) => m.documentsRequested, hint: (m) => m.documentsHint, multiline: true },
    { name: "responseDate", label: (m) => m.responseDate, hint: (m, x) => m.responseDateHint(x.defaultDays) },
  ],
  "interview-convocation": [
    { name: "interviewDate", label: (m) => m.interviewDate, hint: (m) => m.dateHint },
    { name: "interviewTime", label: (m) => m.interviewTime, hint: (m) => m.interviewTimeHint },
    { name: "interviewPlace", label: (m) => m.interviewPlace, multiline: true },
  ],
  "free-text": [
    { name: "subject", label: (m) => m.letterSubject },
    { name: "body", label: (m) => m.letterBody, multiline: true },
  ],
};

/** What a redirect back to the Correspondence tab may announce (`?done=`). */
const DONE: Record<string, (m: Messages) => string> = {
  "letter-queued": (m) => m.doneLetterQueued,
  "letter-mailed": (m) => m.doneLetterMailed,
  "response-date-extended": (m) => m.doneResponseDateExtended,
};

const LETTER_FORM = "letter";

export function registerCorrespondencePages(pages: Hono<AppEnv>) {
  pages.get("/applications/:fileNumber/letters/new", (c) => {
    const templateId = composable(c.req.query("template"));
    return renderCompose(c, c.req.param("fileNumber"), { templateId, typed: {}, state: null, preview: null });
  });

  pages.post("/applications/:fileNumber/letters", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    const typed = textFields(body);
    const { intent, templateId: asked, ...values } = typed;
    const templateId = composable(asked);
    const input = { templateId: asked ?? "", values };
    try {
      if (intent === "preview") {
        const preview = await previewLetter(c.var.database.db, c.var.actor!, fileNumber, input as never);
        return renderCompose(c, fileNumber, { templateId, typed, state: null, preview });
      }
      await queueLetter(c.var.database.db, c.var.actor!, fileNumber, input as never);
    } catch (error) {
      const state = letterFormState(c.var.locale, body, error);
      return renderCompose(
        c,
        fileNumber,
        { templateId, typed, state, preview: null },
        statusOf(error as AppError),
      );
    }
    return c.redirect(
      withDone(`/applications/${encodeURIComponent(fileNumber)}?tab=correspondence`, "letter-queued"),
      303,
    );
  });

  // Errors here (a letter already mailed, an email) are not about a form: the error page says why.
  pages.post("/correspondence/:id/mailed", async (c) => {
    const body = await c.req.parseBody();
    await markPaperLetterMailed(c.var.database.db, c.var.actor!, c.req.param("id"));
    return c.redirect(withDone(localPath(body.back, "/"), "letter-mailed"), 303);
  });

  pages.get("/correspondence/:id/extend", (c) => renderExtend(c, c.req.param("id"), null));

  pages.post("/correspondence/:id/extend", async (c) => {
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    let fileNumber: string;
    try {
      const { correspondence } = await extendResponseDate(c.var.database.db, c.var.actor!, id, {
        responseDate: String(body.responseDate ?? ""),
        reason: String(body.reason ?? ""),
      });
      fileNumber = await fileNumberOf(c, correspondence.id);
    } catch (error) {
      const state = formStateOf(c.var.locale, "extend", body, error);
      return renderExtend(c, id, state, statusOf(error as AppError));
    }
    return c.redirect(
      withDone(
        `/applications/${encodeURIComponent(fileNumber)}?tab=correspondence`,
        "response-date-extended",
      ),
      303,
    );
  });

  pages.get("/activities/:id/response-overdue", (c) => renderOverdue(c, c.req.param("id"), null));

  pages.post("/activities/:id/response-overdue", async (c) => {
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    let fileNumber: string;
    try {
      await confirmNonCompliance(c.var.database.db, c.var.actor!, id, {
        outcome: String(body.outcome ?? "") as never,
        remarks: typeof body.remarks === "string" ? body.remarks : undefined,
        language: c.var.locale,
      });
      fileNumber = (await loadNonComplianceDraft(c.var.database.db, c.var.actor!, id)).fileNumber;
    } catch (error) {
      const state = formStateOf(c.var.locale, "overdue", body, error);
      return renderOverdue(c, id, state, statusOf(error as AppError));
    }
    return c.redirect(
      withDone(`/applications/${encodeURIComponent(fileNumber)}?tab=notes`, "note-added"),
      303,
    );
  });

  // The evidence package of a sent email, as `dossier evidence` and the API make it. Another
  // office's record is "not found" (the operation checks the officer's offices).
  pages.get("/correspondence/:id/evidence.pdf", async (c) => {
    const { files } = await buildEvidencePackage(c.var.database.db, c.var.actor!, c.req.param("id"));
    return downloadEvidence(c, files.find((f) => f.mediaType === "application/pdf")!);
  });

  pages.get("/correspondence/:id/evidence.json", async (c) => {
    const { files } = await buildEvidencePackage(c.var.database.db, c.var.actor!, c.req.param("id"));
    return downloadEvidence(c, files.find((f) => f.mediaType === "application/json")!);
  });

  // Evidence for litigation on the whole file: every letter sent, each email's proof, the address history.
  pages.get("/applications/:fileNumber/evidence.pdf", async (c) => {
    const { files } = await buildApplicationEvidence(
      c.var.database.db,
      c.var.actor!,
      c.req.param("fileNumber"),
    );
    return downloadEvidence(c, files.find((f) => f.mediaType === "application/pdf")!);
  });

  pages.get("/applications/:fileNumber/evidence.json", async (c) => {
    const { files } = await buildApplicationEvidence(
      c.var.database.db,
      c.var.actor!,
      c.req.param("fileNumber"),
    );
    return downloadEvidence(c, files.find((f) => f.mediaType === "application/json")!);
  });

  pages.get("/applications/:fileNumber/transfer", (c) => renderTransfer(c, c.req.param("fileNumber"), null));

  pages.post("/applications/:fileNumber/transfer", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    try {
      const result = await transferApplication(c.var.database.db, c.var.actor!, fileNumber, {
        toOfficeCode: String(body.toOfficeCode ?? ""),
        reason: String(body.reason ?? ""),
      });
      return renderTransferred(c, result);
    } catch (error) {
      const state = formStateOf(c.var.locale, "transfer", body, error);
      return renderTransfer(c, fileNumber, state, statusOf(error as AppError));
    }
  });
}

/** One file of an evidence package, always downloaded: it is kept by litigation staff, not read in the page. */
function downloadEvidence(c: Context<AppEnv>, file: EvidenceFile) {
  return c.body(new Uint8Array(file.bytes), 200, {
    "content-type":
      file.mediaType === "application/json" ? "application/json; charset=utf-8" : file.mediaType,
    "content-disposition": `attachment; filename="${file.name}"`,
    "x-content-type-options": "nosniff",
    "x-content-sha256": sha256Hex(file.bytes),
    "cache-control": "private, no-store",
  });
}

// ---------------------------------------------------------------------------------------------
// Pieces of the application's Correspondence tab

/** The notice after a letter was queued, a paper letter mailed, a date extended, an email resent or recorded. */
export function CorrespondenceDoneNotice(props: {
  c: Context<AppEnv>;
  /** The file's correspondence and history: what `?record=` names is looked up there, never taken from the URL. */
  file?: { correspondence: CorrespondenceRecordView[]; history: FileEventView[] };
  zone?: string;
}) {
  const done = props.c.req.query("done") ?? "";
  const locale = props.c.var.locale;
  const m = messages(locale);
  const recordId = props.c.req.query("record");
  const record = recordId ? props.file?.correspondence.find((r) => r.id === recordId) : undefined;
  if (record && done === "email-resent") {
    return (
      <gcds-notice type="success" notice-title-tag="h3" notice-title={m.done}>
        <gcds-text>{m.doneEmailResent(record.subject, record.address ?? "")}</gcds-text>
      </gcds-notice>
    );
  }
  if (record && done === "manual-send-recorded") {
    const warnings = manualSendWarnings(props.file?.history ?? [], record.id);
    return (
      <>
        <gcds-notice type="success" notice-title-tag="h3" notice-title={m.done}>
          <gcds-text>
            {m.doneManualSend(
              record.subject,
              record.address ?? "",
              formatDateTime(record.sentAt, props.zone ?? "UTC", locale),
            )}
          </gcds-text>
        </gcds-notice>
        {warnings.length > 0 ? (
          <gcds-notice type="warning" notice-title-tag="h3" notice-title={m.manualSendWarningsTitle}>
            {warnings.map((w) => (
              <gcds-text>{manualSendWarningText(locale, props.zone ?? "UTC", w)}</gcds-text>
            ))}
          </gcds-notice>
        ) : null}
      </>
    );
  }
  const text = DONE[done];
  if (!text) return null;
  return (
    <gcds-notice type="success" notice-title-tag="h3" notice-title={m.done}>
      <gcds-text>{text(m)}</gcds-text>
    </gcds-notice>
  );
}

/** A refused resend, said above the correspondence list in the page's language. */
export function ResendRefusedNotice(props: { locale: Locale; state: FormState | null }) {
  if (props.state?.form !== RESEND_FORM) return null;
  return (
    <gcds-notice type="danger" notice-title-tag="h3" notice-title={messages(props.locale).resendRefusedTitle}>
      <gcds-text>{props.state.error.text}</gcds-text>
    </gcds-notice>
  );
}

/** "Write a letter" and "Transfer the file", above the correspondence list. */
export function CorrespondenceLinks(props: { locale: Locale; fileNumber: string }) {
  const m = messages(props.locale);
  const base = `/applications/${encodeURIComponent(props.fileNumber)}`;
  return (
    <p class="dossier-actions">
      <gcds-link href={`${base}/letters/new`}>{m.writeLetter}</gcds-link>
      <gcds-link href={`${base}/transfer`}>{m.transferFile}</gcds-link>
      <gcds-link href={`${base}/evidence.pdf`} download>
        {m.litigationEvidencePdf}
      </gcds-link>
    </p>
  );
}

/** An audit event of the file, as `getApplicationFile` gives it. */
export interface FileEventView {
  action: string;
  at: Date;
  before: unknown;
  after: unknown;
}

/** A record as the done notices name it. */
export interface CorrespondenceRecordView {
  id: string;
  subject: string;
  address: string | null;
  sentAt: Date | null;
}

export interface CorrespondenceRowView {
  id: string;
  address?: string | null;
  direction: string;
  channel: string;
  status: string;
  subject: string;
  templateId: string | null;
  responseDueDate: string | null;
  interviewAt: Date | null;
  sentAt: Date | null;
}

/**
 * What can be done with one record: mail a paper letter (and download its PDF), extend a sent
 * request's date, record the note of its "Response overdue" activity, download the evidence
 * package of an email a mail server accepted; and the read receipts that came back for it, each
 * said to be no proof of receipt.
 */
export function CorrespondenceRowActions(props: {
  locale: Locale;
  zone: string;
  row: CorrespondenceRowView;
  activities: { id: string; activity: string; status: string; details: string | null }[];
  edocs: { id: string; fileName: string; kind: string; correspondenceId: string | null; createdAt: Date }[];
  csrfToken: string | null;
  back: string;
  /** The email address the file gives now (`resolveRecipient`), or null when it gives none. */
  emailOnFile?: string | null;
  /** The file's audit events: they say which undelivered email was resent, and what a recorded send warned. */
  history?: FileEventView[];
}) {
  const { row, locale } = props;
  const m = messages(locale);
  const parts: Child[] = [];
  const history = props.history ?? [];
  if (row.direction === "out" && row.channel === "email" && row.status === "undelivered") {
    const resent = history.find(
      (e) => e.action === "correspondence.resent" && stringField(e.before, "correspondenceId") === row.id,
    );
    const onFile = props.emailOnFile;
    if (resent) {
      parts.push(
        <span class="dossier-meta">
          {m.resentTo(
            stringField(resent.after, "address") ?? "",
            formatDateTime(resent.at, props.zone, locale),
          )}
        </span>,
      );
    } else if (onFile && !sameAddress(onFile, row.address ?? "")) {
      // Seed 000: after a bounce, the email goes again "to the updated email address, supplied by the
      // client". The button names that address; the operation chooses it again from the file.
      parts.push(
        <form method="post" action={`/correspondence/${row.id}/resend`}>
          <CsrfField token={props.csrfToken} />
          <gcds-text size="small">{m.resendGoesTo(onFile)}</gcds-text>
          <gcds-button
            type="submit"
            size="small"
            button-role="secondary"
            aria-label={m.resendToUpdatedLabel(row.subject, onFile)}
          >
            {m.resendToUpdated}
          </gcds-button>
        </form>,
      );
    }
  }
  for (const warning of manualSendWarnings(history, row.id)) {
    parts.push(
      <span class="dossier-meta">
        {m.manualSendWarning(manualSendWarningText(locale, props.zone, warning))}
      </span>,
    );
  }
  if (row.templateId === "request-documents" && row.responseDueDate) {
    parts.push(<span class="dossier-meta">{m.responseDue(row.responseDueDate)}</span>);
  }
  if (row.templateId === "interview-convocation" && row.interviewAt) {
    parts.push(
      <span class="dossier-meta">{m.interviewOn(formatDateTime(row.interviewAt, props.zone, locale))}</span>,
    );
  }
  if (row.direction === "out" && row.channel === "paper" && row.status === "generate") {
    const pdf = props.edocs.find((e) => e.correspondenceId === row.id && e.kind === "paper-letter");
    if (pdf) {
      parts.push(
        <a href={`/edocs/${pdf.id}`} download={pdf.fileName}>
          {m.download(pdf.fileName)}
        </a>,
      );
    }
    parts.push(
      <form method="post" action={`/correspondence/${row.id}/mailed`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="back" value={props.back} />
        <gcds-button
          type="submit"
          size="small"
          button-role="secondary"
          aria-label={m.markMailedLabel(row.subject)}
        >
          {m.markMailed}
        </gcds-button>
      </form>,
    );
  }
  if (row.templateId === "request-documents" && row.status === "sent") {
    parts.push(
      <a href={`/correspondence/${row.id}/extend`} aria-label={m.extendResponseDateLabel(row.subject)}>
        {m.extendResponseDate}
      </a>,
    );
  }
  const overdue = props.activities.find(
    (a) =>
      a.activity === RESPONSE_OVERDUE_ACTIVITY &&
      (a.status === "review-required" || a.status === "in-progress") &&
      overdueRequestOf(a.details)?.correspondenceId === row.id,
  );
  if (overdue) parts.push(<a href={`/activities/${overdue.id}/response-overdue`}>{m.recordNonCompliance}</a>);
  // An email that was never accepted by a mail server has no sending to prove.
  if (row.direction === "out" && row.channel === "email" && row.sentAt) {
    parts.push(
      <a
        href={`/correspondence/${row.id}/evidence.pdf`}
        download
        aria-label={m.evidencePdfLabel(row.subject)}
      >
        {m.evidencePdf}
      </a>,
      <a
        href={`/correspondence/${row.id}/evidence.json`}
        download
        aria-label={m.evidenceJsonLabel(row.subject)}
      >
        {m.evidenceJson}
      </a>,
    );
  }
  for (const receipt of props.edocs.filter(
    (e) => e.correspondenceId === row.id && e.kind === READ_RECEIPT_EDOC_KIND,
  )) {
    parts.push(
      <span class="dossier-meta">
        {m.readReceipt(formatDateTime(receipt.createdAt, props.zone, locale))}{" "}
        <a href={`/edocs/${receipt.id}`} download={receipt.fileName}>
          {m.readReceiptDownload}
        </a>
      </span>,
    );
  }
  if (parts.length === 0) return null;
  return <div class="dossier-actions">{parts}</div>;
}

const RESEND_FORM = "resend";
const MANUAL_SEND_FORM = "manual-send";

/**
 * "Record an email sent outside Dossier": the saved .msg or .eml, uploaded as the eDoc form uploads
 * (multipart, field `file`). The recipient, date and subject come from the file, never typed.
 */
export function ManualSendForm(props: {
  locale: Locale;
  fileNumber: string;
  csrfToken: string | null;
  state: FormState | null;
}) {
  const m = messages(props.locale);
  return (
    <section aria-labelledby="manual-send-heading" class="dossier-section">
      <h3 id="manual-send-heading" class="dossier-h3">
        {m.recordManualSend}
      </h3>
      <gcds-text>{m.recordManualSendIntro}</gcds-text>
      <form
        method="post"
        action={`/applications/${encodeURIComponent(props.fileNumber)}/correspondence/manual`}
        enctype="multipart/form-data"
        class="dossier-form"
        id="record-manual-send"
      >
        <ErrorNotice locale={props.locale} state={props.state} form={MANUAL_SEND_FORM} />
        <CsrfField token={props.csrfToken} />
        <gcds-file-uploader
          uploader-id="manual-send-file"
          name="file"
          label={m.manualSendFile}
          hint={m.manualSendHint}
          accept=".msg,.eml"
          required
          error-message={
            fieldError(props.state, MANUAL_SEND_FORM, "file") ??
            fieldError(props.state, MANUAL_SEND_FORM, "fileName")
          }
        ></gcds-file-uploader>
        <gcds-button type="submit">{m.manualSendButton}</gcds-button>
      </form>
    </section>
  );
}

/**
 * A refused upload of a saved email as a form state. The operation names the field `file`; the
 * person reads the label of the field they used, "Saved email (.msg or .eml)".
 */
export function manualSendFormState(
  locale: Locale,
  body: Record<string, unknown>,
  error: unknown,
): FormState {
  const state = formStateOf(locale, MANUAL_SEND_FORM, body, error);
  const field = state.error.field;
  if (field !== "file" && field !== "fileName") return state;
  const label = fieldLabel(locale, field);
  const text = state.error.text.startsWith(label)
    ? `${messages(locale).manualSendFile}${state.error.text.slice(label.length)}`
    : state.error.text;
  return { ...state, error: { ...state.error, text } };
}

/** The resend refused (already resent; the file holds only the address that bounced) as a form state. */
export function resendFormState(locale: Locale, error: unknown): FormState {
  return formStateOf(locale, RESEND_FORM, {}, error);
}

/** What `recordManualSend` warned about this record, as its audit event keeps it. */
function manualSendWarnings(history: FileEventView[], correspondenceId: string): string[] {
  const event = history.find(
    (e) =>
      e.action === "correspondence.recorded-manual-send" &&
      stringField(e.after, "correspondenceId") === correspondenceId,
  );
  const warnings = event && (event.after as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === "string") : [];
}

function stringField(record: unknown, name: string): string | null {
  if (!record || typeof record !== "object") return null;
  const value = (record as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Write a letter

async function renderCompose(
  c: Context<AppEnv>,
  fileNumber: string,
  form: {
    templateId: Composable;
    typed: Record<string, string>;
    state: FormState | null;
    preview: PreparedLetter | null;
  },
  status = 200,
) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const composition = await composeLetter(c.var.database.db, actor, fileNumber);
  const { application, office } = composition;
  const file = application.fileNumber;
  const { templateId, typed, state, preview } = form;
  const defaults: Record<string, string> = { responseDate: composition.defaultResponseDate };
  const value = (name: string) => typed[name] ?? typedValue(state, LETTER_FORM, name) ?? defaults[name] ?? "";
  const title = m.writeLetterTitle(file);
  return c.html(
    <Layout
      locale={locale}
      title={title}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`/applications/${file}/letters/new?template=${templateId}`}
    >
      <gcds-heading tag="h1">{title}</gcds-heading>
      <p class="dossier-lead">
        <a href={`/applications/${file}?tab=correspondence`}>{m.backToFile(file)}</a> —{" "}
        {clientName(composition.client)}
      </p>

      <h2 class="dossier-h2">{m.letterRecipient}</h2>
      {composition.recipient ? (
        <gcds-text>{recipientText(locale, composition.recipient)}</gcds-text>
      ) : (
        <gcds-notice type="danger" notice-title-tag="h3" notice-title={m.errorTitle}>
          <gcds-text>
            {locale === "fr" && composition.noRecipient?.messageFr
              ? composition.noRecipient.messageFr
              : composition.noRecipient?.message}
          </gcds-text>
        </gcds-notice>
      )}
      <gcds-text size="small">{m.recipientNeverTyped}</gcds-text>

      <form
        method="get"
        action={`/applications/${file}/letters/new`}
        class="dossier-form"
        id="choose-template"
      >
        <gcds-select select-id="letter-template" name="template" label={m.letterTemplate} value={templateId}>
          {COMPOSABLE.map((id) => (
            <option value={id} selected={id === templateId}>
              {codeLabel(locale, "letterTemplate", id)}
            </option>
          ))}
        </gcds-select>
        <gcds-button type="submit" button-role="secondary">
          {m.chooseTemplate}
        </gcds-button>
      </form>
      <gcds-text size="small">
        {m.composeDecisionLetters} <a href={`/applications/${file}/decisions`}>{m.decisionsLink}</a>
      </gcds-text>

      <form method="post" action={`/applications/${file}/letters`} class="dossier-form" id="write-letter">
        <ErrorNotice locale={locale} state={state} form={LETTER_FORM} />
        <CsrfField token={c.var.csrfToken} />
        <input type="hidden" name="templateId" value={templateId} />
        <h2 class="dossier-h2">{codeLabel(locale, "letterTemplate", templateId)}</h2>
        {TEMPLATE_FIELDS[templateId].map((field) => {
          const hint = field.hint?.(m, { defaultDays: office.defaultResponseDays });
          const error = fieldError(state, LETTER_FORM, field.name);
          return field.multiline ? (
            <gcds-textarea
              textarea-id={`letter-${field.name}`}
              name={field.name}
              label={field.label(m)}
              hint={hint}
              rows={field.name === "documents" ? 5 : 8}
              required
              value={value(field.name)}
              error-message={error}
            ></gcds-textarea>
          ) : (
            <gcds-input
              input-id={`letter-${field.name}`}
              name={field.name}
              label={field.label(m)}
              hint={hint}
              required
              value={value(field.name)}
              error-message={error}
            ></gcds-input>
          );
        })}
        <div class="dossier-actions">
          <gcds-button type="submit" name="intent" value="preview" button-role="secondary">
            {m.previewButton}
          </gcds-button>
          <gcds-button
            type="submit"
            name="intent"
            value="send"
            disabled={composition.recipient ? undefined : true}
          >
            {m.sendLetter}
          </gcds-button>
        </div>
      </form>

      {preview ? (
        <section id="preview" aria-labelledby="preview-heading" class="dossier-section">
          <h2 id="preview-heading" class="dossier-h2">
            {m.previewTitle}
          </h2>
          <gcds-text>
            {m.previewSentTo(
              codeLabel(locale, "channel", preview.recipient.channel),
              preview.recipient.address,
            )}
          </gcds-text>
          <SummaryList items={[[m.letterSubject, preview.letter.subject]]} />
          {/* The letter as text: whatever a value holds (HTML, placeholders) is shown as typed. */}
          <pre class="dossier-mail-text">{preview.letter.text}</pre>
        </section>
      ) : null}
    </Layout>,
    status as 200,
  );
}

/** Who the letter goes to and why, in the officer's words. */
function recipientText(locale: Locale, recipient: LetterRecipient): string {
  const m = messages(locale);
  const address = recipient.address.split(/\r?\n/).join(", ");
  const since = recipient.representativeValidFrom ?? "";
  if (recipient.addressee === "representative") {
    return recipient.channel === "email"
      ? m.recipientRepresentativeEmail(recipient.representativeName, since, address)
      : m.recipientRepresentativePaper(recipient.representativeName, since, address);
  }
  return recipient.channel === "email"
    ? m.recipientClientEmail(address, codeLabel(locale, "consentSource", recipient.consentSource))
    : m.recipientClientPaper(address);
}

/** A template id from a form or a query; the compose page falls back to the first letter. */
function composable(value: unknown): Composable {
  return (COMPOSABLE as readonly string[]).includes(String(value)) ? (value as Composable) : COMPOSABLE[0]!;
}

/**
 * The refusal as a form state. A free-text letter's `body` is the letter's text, not a note, so its
 * label is the letter's own.
 */
function letterFormState(locale: Locale, body: Record<string, unknown>, error: unknown): FormState {
  const state = formStateOf(locale, LETTER_FORM, body, error);
  if (state.error.field !== "body") return state;
  const m = messages(locale);
  return { ...state, error: { ...state.error, text: state.error.text.replace(/^Note/, m.letterBody) } };
}

// ---------------------------------------------------------------------------------------------
// Extend a response date

async function renderExtend(c: Context<AppEnv>, id: string, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const { row, application } = await findVisibleCorrespondence(c.var.database.db, actor, id);
  const file = application.fileNumber;
  const title = m.extendTitle(file);
  const form = "extend";
  return c.html(
    <Layout
      locale={locale}
      title={title}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`/correspondence/${id}/extend`}
    >
      <gcds-heading tag="h1">{title}</gcds-heading>
      <p class="dossier-lead">
        <a href={`/applications/${file}?tab=correspondence`}>{m.backToFile(file)}</a>
      </p>
      <SummaryList
        items={[
          [m.overdueRequest, row.subject],
          [m.currentResponseDate, row.responseDueDate ?? m.none],
        ]}
      />
      <form
        method="post"
        action={`/correspondence/${id}/extend`}
        class="dossier-form"
        id="extend-response-date"
      >
        <ErrorNotice locale={locale} state={state} form={form} />
        <CsrfField token={c.var.csrfToken} />
        <gcds-input
          input-id="extend-responseDate"
          name="responseDate"
          label={m.newResponseDate}
          hint={m.dateHint}
          required
          value={typedValue(state, form, "responseDate") ?? ""}
          error-message={fieldError(state, form, "responseDate")}
        ></gcds-input>
        <gcds-textarea
          textarea-id="extend-reason"
          name="reason"
          label={m.extensionReason}
          hint={m.extensionReasonHint}
          rows={4}
          required
          value={typedValue(state, form, "reason") ?? ""}
          error-message={fieldError(state, form, "reason")}
        ></gcds-textarea>
        <gcds-button type="submit">{m.extendButton}</gcds-button>
      </form>
    </Layout>,
    status as 200,
  );
}

async function fileNumberOf(c: Context<AppEnv>, correspondenceId: string): Promise<string> {
  return (await findVisibleCorrespondence(c.var.database.db, c.var.actor!, correspondenceId)).application
    .fileNumber;
}

// ---------------------------------------------------------------------------------------------
// Confirm the note of a "Response overdue" activity

async function renderOverdue(c: Context<AppEnv>, id: string, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const draft = await loadNonComplianceDraft(c.var.database.db, actor, id);
  const { activity, request, facts, fileNumber } = draft;
  const form = "overdue";
  const chosen = typedValue(state, form, "outcome");
  const outcome = NON_COMPLIANCE_OUTCOMES.find((o) => o === chosen) ?? null;
  const open = activity.status === "review-required" || activity.status === "in-progress";
  const title = m.responseOverdueTitle(fileNumber);
  const options = [
    {
      id: "outcome-failed",
      label: m.outcomeFailed,
      value: "failed-to-comply",
      checked: outcome === "failed-to-comply",
    },
    {
      id: "outcome-extension",
      label: m.outcomeExtension,
      value: "requested-extension",
      checked: outcome === "requested-extension",
    },
  ];
  return c.html(
    <Layout
      locale={locale}
      title={title}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`/activities/${id}/response-overdue`}
    >
      <gcds-heading tag="h1">{title}</gcds-heading>
      <p class="dossier-lead">
        <a href={`/applications/${fileNumber}?tab=correspondence`}>{m.backToFile(fileNumber)}</a>
      </p>
      <SummaryList
        items={[
          [m.overdueRequest, `${codeLabel(locale, "letterTemplate", facts.templateId)} — ${request.subject}`],
          [
            m.overdueSentOn,
            `${facts.sentOn} — ${codeLabel(locale, "channel", facts.channel)} — ${facts.address.split(/\r?\n/).join(", ")}`,
          ],
          [m.overdueDueDate, facts.dueDate],
          [m.status, codeLabel(locale, "activityStatus", activity.status)],
        ]}
      />
      {open ? (
        <>
          <gcds-text>{m.responseOverdueIntro}</gcds-text>
          <form
            method="post"
            action={`/activities/${id}/response-overdue`}
            class="dossier-form"
            id="confirm-note"
          >
            <ErrorNotice locale={locale} state={state} form={form} />
            <CsrfField token={c.var.csrfToken} />
            <gcds-radios
              name="outcome"
              legend={m.outcomeLegend}
              options={JSON.stringify(options)}
              value={outcome ?? ""}
              required
              error-message={fieldError(state, form, "outcome")}
            ></gcds-radios>
            <h2 class="dossier-h2">{m.noteToAdd}</h2>
            <pre class="dossier-mail-text">{draftNonComplianceNote(facts, outcome, locale)}</pre>
            <gcds-textarea
              textarea-id="overdue-remarks"
              name="remarks"
              label={m.remarks}
              rows={3}
              value={typedValue(state, form, "remarks") ?? ""}
              error-message={fieldError(state, form, "remarks")}
            ></gcds-textarea>
            <gcds-button type="submit">{m.confirmNote}</gcds-button>
          </form>
          {facts.templateId === "request-documents" && request.status === "sent" ? (
            <p>
              <a href={`/correspondence/${request.id}/extend`}>{m.extendResponseDate}</a>
            </p>
          ) : null}
        </>
      ) : (
        <gcds-text>{m.activityClosed(codeLabel(locale, "activityStatus", activity.status))}</gcds-text>
      )}
    </Layout>,
    status as 200,
  );
}

// ---------------------------------------------------------------------------------------------
// Transfer a file

async function renderTransfer(c: Context<AppEnv>, fileNumber: string, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const composition = await composeLetter(c.var.database.db, actor, fileNumber);
  const { application, office } = composition;
  const file = application.fileNumber;
  const others = (await listOffices(c.var.database.db)).filter((o) => o.id !== office.id);
  const form = "transfer";
  const chosen = typedValue(state, form, "toOfficeCode") ?? "";
  const title = m.transferTitle(file);
  const officeName = (o: { code: string; nameEn: string; nameFr: string }) =>
    `${o.code} — ${locale === "fr" ? o.nameFr : o.nameEn}`;
  return c.html(
    <Layout
      locale={locale}
      title={title}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`/applications/${file}/transfer`}
    >
      <gcds-heading tag="h1">{title}</gcds-heading>
      <p class="dossier-lead">
        <a href={`/applications/${file}?tab=correspondence`}>{m.backToFile(file)}</a>
      </p>
      <gcds-text>{m.transferIntro}</gcds-text>
      <SummaryList
        items={[
          [m.office, officeName(office)],
          [
            m.transferNoticeTo,
            composition.recipient
              ? recipientText(locale, composition.recipient)
              : ((locale === "fr" ? composition.noRecipient?.messageFr : undefined) ??
                composition.noRecipient?.message ??
                ""),
          ],
        ]}
      />
      <form method="post" action={`/applications/${file}/transfer`} class="dossier-form" id="transfer-file">
        <ErrorNotice locale={locale} state={state} form={form} />
        <CsrfField token={c.var.csrfToken} />
        <gcds-select
          select-id="transfer-office"
          name="toOfficeCode"
          label={m.transferTo}
          required
          value={chosen}
          error-message={fieldError(state, form, "toOfficeCode")}
        >
          <option value="">—</option>
          {others.map((o) => (
            <option value={o.code} selected={o.code === chosen}>
              {officeName(o)}
            </option>
          ))}
        </gcds-select>
        <gcds-textarea
          textarea-id="transfer-reason"
          name="reason"
          label={m.transferReason}
          rows={3}
          required
          value={typedValue(state, form, "reason") ?? ""}
          error-message={fieldError(state, form, "reason")}
        ></gcds-textarea>
        <gcds-button type="submit">{m.transferButton}</gcds-button>
      </form>
    </Layout>,
    status as 200,
  );
}

/**
 * After a transfer the officer may no longer see the file (it belongs to another office), so the
 * result is shown here rather than on the file's page.
 */
async function renderTransferred(
  c: Context<AppEnv>,
  result: Awaited<ReturnType<typeof transferApplication>>,
) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const file = result.application.fileNumber;
  const office = (await listOffices(c.var.database.db)).find((o) => o.id === result.application.officeId);
  const notice = result.notice.correspondence;
  const stillMine = actor.memberships.some((ms) => ms.officeId === result.application.officeId);
  const title = m.transferDoneTitle(file);
  return c.html(
    <Layout locale={locale} title={title} actor={actor} csrfToken={c.var.csrfToken} path="/">
      <gcds-heading tag="h1">{title}</gcds-heading>
      <gcds-notice type="success" notice-title-tag="h2" notice-title={m.done}>
        <gcds-text>
          {m.transferDone(
            file,
            office ? `${office.code} — ${locale === "fr" ? office.nameFr : office.nameEn}` : "",
          )}
        </gcds-text>
        <gcds-text>
          {m.transferNoticeQueued(
            codeLabel(locale, "channel", notice.channel),
            (notice.address ?? "").split(/\r?\n/).join(", "),
          )}
        </gcds-text>
        {result.movedActivityIds.length > 0 ? (
          <gcds-text>{m.transferMovedActivities(result.movedActivityIds.length)}</gcds-text>
        ) : null}
      </gcds-notice>
      <p class="dossier-actions">
        {stillMine ? (
          <gcds-link href={`/applications/${file}?tab=correspondence`}>{m.openFile(file)}</gcds-link>
        ) : null}
        <gcds-link href="/">{m.backHome}</gcds-link>
      </p>
    </Layout>,
  );
}
