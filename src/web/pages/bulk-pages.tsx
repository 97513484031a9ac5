/**
 * Bulk correspondence pages: the office's jobs, a new job (a group by filters or an uploaded list,
 * a template and its values, a preview), and a job's progress with pause, resume and cancel. Each
 * handler parses the form and calls one operation of `src/bulk`.
 */
import type { Context, Hono } from "hono";
import type { BulkRowError, CreateBulkJobInput } from "../../bulk/bulk.schema.ts";
import { canRunBulkJobs } from "../../bulk/bulk-job-access.ts";
import { BulkRowsError } from "../../bulk/bulk-rows-error.ts";
import { cancelBulkJob } from "../../bulk/cancel-bulk-job.ts";
import { createBulkJob } from "../../bulk/create-bulk-job.ts";
import { getBulkJob } from "../../bulk/get-bulk-job.ts";
import { listBulkJobs } from "../../bulk/list-bulk-jobs.ts";
import { parseFileNumberCsv } from "../../bulk/parse-file-number-csv.ts";
import { pauseBulkJob } from "../../bulk/pause-bulk-job.ts";
import { previewBulkJob } from "../../bulk/preview-bulk-job.ts";
import { resumeBulkJob } from "../../bulk/resume-bulk-job.ts";
import { COMPOSABLE_LETTER_IDS } from "../../correspondence/queue-letter.ts";
import { LETTER_TEMPLATE_IDS, type LetterTemplateId } from "../../letters/letter-templates.ts";
import { LETTER_FRAMES } from "../../letters/templates/index.ts";
import { listOffices } from "../../offices/find-office.ts";
import { AppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, codeOptions } from "../i18n.ts";
import { Empty, Section, SummaryList } from "./components.tsx";
import { formatDateTime } from "./format.ts";
import { CsrfField, ErrorNotice, type FormState, formStateOf, typedValue } from "./forms.tsx";
import { Layout } from "./layout.tsx";
import { officeZones } from "./office-zones.ts";
import { uploadLimit } from "./upload.ts";

/**
 * The words of these pages, in English and French. `fr` is typed by `en`, so a word missing in one
 * language does not compile (the rule of `i18n.ts`, kept here beside the only pages that use them).
 */
const en = {
  listTitle: "Bulk correspondence",
  listIntro: "One letter from a template to each application of a group, sent by the office's mailbox.",
  newJob: "New bulk job",
  noJobs: "No bulk job in your offices yet.",
  jobsCaption: "Bulk jobs, newest first",
  created: "Created",
  office: "Office",
  template: "Template",
  letters: "Letters",
  status: "Status",
  newTitle: "New bulk job",
  newIntro:
    "Every letter is checked before anything is created: if one application cannot receive it, nothing is sent and the first problems are listed.",
  chooseTemplate: "Show this template's fields",
  decisionLetters:
    "Decision letters (approval, refusal, abandonment, withdrawal) are not sent in bulk: each is produced by recording the decision, application by application, on that application's page Decisions and reconsideration, which adds the recourse annex.",
  group: "Applications",
  groupHint:
    "Filter the office's applications, or upload a CSV of file numbers (one column, or a file_number column).",
  anyValue: "Any",
  lineOfBusiness: "Line of business",
  applicationStatus: "Application status",
  csv: "CSV of file numbers (UTF-8)",
  values: "Letter",
  preview: "Check and count",
  create: "Create and send",
  previewTitle: "Ready to send",
  previewText: (total: number, email: number, paper: number) =>
    `${total} letters: ${email} by email, ${paper} on paper (an activity asks to print and mail each). Nothing is created yet.`,
  rowsTitle: (total: number) => `${total} application(s) cannot receive this letter; nothing was created`,
  rowsCaption: "First problems (up to 20)",
  line: "Line",
  fileNumber: "File number",
  field: "Field",
  problem: "Problem",
  jobTitle: (template: string) => `Bulk job: ${template}`,
  timing:
    "The dispatcher sends these emails at once, oldest first; the office's rule is that bulk letters leave within 24 hours. Paper letters wait in the queue as “Mail paper letter” activities.",
  progress: "Progress",
  finished: (done: number, total: number) => `${done} of ${total} finished`,
  countsCaption: "Letters by status",
  count: "Count",
  recipients: "Recipients",
  recipientsCaption: "Each letter, by file number",
  client: "Client",
  channel: "Channel",
  address: "Address",
  pause: "Pause sending",
  resume: "Resume sending",
  cancel: "Cancel the letters not sent",
  pauseHint: "Letters already handed to the mail server cannot be recalled.",
  next: "Next recipients",
  back: "All bulk jobs",
  jobStatus: { active: "Sending", paused: "Paused", cancelled: "Cancelled" } as Record<string, string>,
  held: "Held (paused)",
  fields: {
    documents: "Documents requested (one per line)",
    responseDate: "Respond by (empty: the office's default period)",
    interviewDate: "Interview date",
    interviewTime: "Interview time (HH:MM)",
    interviewPlace: "Interview place",
    subject: "Subject",
    body: "Text",
  } as Record<string, string>,
};
type Words = typeof en;

const fr: Words = {
  listTitle: "Correspondance en lot",
  listIntro: "Une lettre modèle à chaque demande d’un groupe, envoyée par la boîte générique du bureau.",
  newJob: "Nouvel envoi en lot",
  noJobs: "Aucun envoi en lot dans vos bureaux pour l’instant.",
  jobsCaption: "Envois en lot, du plus récent au plus ancien",
  created: "Créé",
  office: "Bureau",
  template: "Modèle",
  letters: "Lettres",
  status: "État",
  newTitle: "Nouvel envoi en lot",
  newIntro:
    "Chaque lettre est vérifiée avant toute création : si une demande ne peut pas la recevoir, rien n’est envoyé et les premiers problèmes sont énumérés.",
  chooseTemplate: "Afficher les champs de ce modèle",
  decisionLetters:
    "Les lettres de décision (approbation, refus, abandon, retrait) ne sont pas envoyées en lot : chacune est produite en consignant la décision, demande par demande, à la page Décisions et réexamen de la demande, qui ajoute l’annexe sur les recours.",
  group: "Demandes",
  groupHint:
    "Filtrez les demandes du bureau, ou versez un CSV de numéros de dossier (une colonne, ou une colonne file_number).",
  anyValue: "Toutes",
  lineOfBusiness: "Secteur d'activité",
  applicationStatus: "État de la demande",
  csv: "CSV de numéros de dossier (UTF-8)",
  values: "Lettre",
  preview: "Vérifier et compter",
  create: "Créer et envoyer",
  previewTitle: "Prêt à envoyer",
  previewText: (total: number, email: number, paper: number) =>
    `${total} lettres : ${email} par courriel, ${paper} sur papier (une activité demande d’imprimer et de poster chacune). Rien n’est encore créé.`,
  rowsTitle: (total: number) => `${total} demande(s) ne peuvent pas recevoir cette lettre; rien n’a été créé`,
  rowsCaption: "Premiers problèmes (20 au plus)",
  line: "Ligne",
  fileNumber: "Numéro de dossier",
  field: "Champ",
  problem: "Problème",
  jobTitle: (template: string) => `Envoi en lot : ${template}`,
  timing:
    "Le répartiteur envoie ces courriels tout de suite, les plus anciens d’abord; la règle du bureau veut que les lettres en lot partent dans les 24 heures. Les lettres papier attendent dans la file comme activités « Poster la lettre papier ».",
  progress: "Avancement",
  finished: (done: number, total: number) => `${done} sur ${total} terminées`,
  countsCaption: "Lettres par état",
  count: "Nombre",
  recipients: "Destinataires",
  recipientsCaption: "Chaque lettre, par numéro de dossier",
  client: "Client",
  channel: "Mode",
  address: "Adresse",
  pause: "Suspendre l’envoi",
  resume: "Reprendre l’envoi",
  cancel: "Annuler les lettres non envoyées",
  pauseHint: "Les lettres déjà remises au serveur de courriel ne peuvent pas être rappelées.",
  next: "Destinataires suivants",
  back: "Tous les envois en lot",
  jobStatus: { active: "Envoi en cours", paused: "Suspendu", cancelled: "Annulé" },
  held: "Retenue (suspendu)",
  fields: {
    documents: "Documents demandés (un par ligne)",
    responseDate: "Répondre au plus tard le (vide : délai par défaut du bureau)",
    interviewDate: "Date de l’entrevue",
    interviewTime: "Heure de l’entrevue (HH:MM)",
    interviewPlace: "Lieu de l’entrevue",
    subject: "Objet",
    body: "Texte",
  },
};

const words = (locale: Locale): Words => (locale === "fr" ? fr : en);

/**
 * The templates a bulk job may send: a file transfer notice is sent by the transfer itself, a
 * decision letter by recording the decision on one application, never in bulk.
 */
const BULK_TEMPLATES = COMPOSABLE_LETTER_IDS;
type BulkTemplate = (typeof BULK_TEMPLATES)[number];

/** The values each template asks for, as form fields (`LETTER_VALUE_SCHEMAS` checks them). */
const TEMPLATE_FIELDS: Record<BulkTemplate, { name: string; kind: "text" | "area" | "date" }[]> = {
  "request-documents": [
    { name: "documents", kind: "area" },
    { name: "responseDate", kind: "date" },
  ],
  "interview-convocation": [
    { name: "interviewDate", kind: "date" },
    { name: "interviewTime", kind: "text" },
    { name: "interviewPlace", kind: "area" },
  ],
  "free-text": [
    { name: "subject", kind: "text" },
    { name: "body", kind: "area" },
  ],
};

function templateOf(value: unknown): BulkTemplate {
  return (BULK_TEMPLATES as readonly string[]).includes(String(value))
    ? (value as BulkTemplate)
    : "request-documents";
}

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated", "Sign in first.");
  return actor;
}

/** Any template's label: a job written before a template was withdrawn from bulk keeps its own name. */
function templateLabel(locale: Locale, templateId: string): string {
  return (LETTER_TEMPLATE_IDS as readonly string[]).includes(templateId)
    ? LETTER_FRAMES[locale].templateLabel[templateId as LetterTemplateId]
    : templateId;
}

function statusLabel(locale: Locale, status: string): string {
  return status === "held" ? words(locale).held : codeLabel(locale, "correspondenceStatus", status);
}

export function registerBulkPages(pages: Hono<AppEnv>) {
  pages.get("/bulk", async (c) => {
    const locale = c.var.locale;
    const w = words(locale);
    const jobs = await listBulkJobs(c.var.database.db, actorOf(c));
    const zones = await officeZones(c.var.database.db, actorOf(c));
    return c.html(
      <Layout
        section="bulk"
        locale={locale}
        title={w.listTitle}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path="/bulk"
      >
        <gcds-heading tag="h1">{w.listTitle}</gcds-heading>
        <gcds-text>{w.listIntro}</gcds-text>
        <p>
          <gcds-link href="/bulk/new">{w.newJob}</gcds-link>
        </p>
        {jobs.length === 0 ? (
          <Empty>{w.noJobs}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{w.jobsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.created}</th>
                  <th scope="col">{w.office}</th>
                  <th scope="col">{w.template}</th>
                  <th scope="col">{w.letters}</th>
                  <th scope="col">{w.status}</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr>
                    <td class="dossier-nowrap">
                      <a href={`/bulk/${job.id}`}>
                        {formatDateTime(job.createdAt, zones.of(job.officeId), locale)}
                      </a>
                    </td>
                    <td>{job.officeCode}</td>
                    <td>{templateLabel(locale, job.templateId)}</td>
                    <td>{job.total}</td>
                    <td>{w.jobStatus[job.status] ?? job.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Layout>,
    );
  });

  pages.get("/bulk/new", async (c) => renderNewJob(c, templateOf(c.req.query("templateId")), null, null));

  pages.post("/bulk/new", uploadLimit, async (c) => {
    const body = await c.req.parseBody();
    const templateId = templateOf(body.templateId);
    const input: CreateBulkJobInput = {
      officeCode: String(body.officeCode ?? ""),
      // As posted, not as the form would show it: the operation refuses a template a bulk job may
      // not send (a decision letter) rather than this page sending another in its place.
      templateId: String(body.templateId ?? "") as never,
      values: valuesOf(templateId, body),
    };
    let lines: number[] | undefined;
    const file = body.file;
    try {
      if (file instanceof File && file.size > 0) {
        const listed = parseFileNumberCsv(new Uint8Array(await file.arrayBuffer()));
        input.fileNumbers = listed.map((entry) => entry.fileNumber);
        input.fileName = file.name.slice(0, 200);
        lines = listed.map((entry) => entry.line);
      } else {
        if (body.lineOfBusiness) input.lineOfBusiness = String(body.lineOfBusiness) as never;
        if (body.status) input.status = String(body.status) as never;
      }
      const options = lines ? { lines } : {};
      if (body.intent === "preview") {
        const preview = await previewBulkJob(c.var.database.db, actorOf(c), input, options);
        return renderNewJob(c, templateId, { form: "bulk", values: textValues(body), preview }, null);
      }
      const created = await createBulkJob(c.var.database.db, actorOf(c), input, options);
      return c.redirect(`/bulk/${created.job.id}`, 303);
    } catch (error) {
      if (error instanceof BulkRowsError) {
        return renderNewJob(
          c,
          templateId,
          { form: "bulk", values: textValues(body), rows: error },
          null,
          400,
        );
      }
      const state = formStateOf(c.var.locale, "bulk", body, error);
      return renderNewJob(c, templateId, { form: "bulk", values: textValues(body) }, state, 400);
    }
  });

  pages.get("/bulk/:id", async (c) => {
    const locale = c.var.locale;
    const w = words(locale);
    const offset = Math.max(Number(c.req.query("offset") ?? 0) || 0, 0);
    const progress = await getBulkJob(c.var.database.db, actorOf(c), c.req.param("id"), {
      limit: 200,
      offset,
    });
    const { job } = progress;
    const zones = await officeZones(c.var.database.db, actorOf(c));
    const title = w.jobTitle(templateLabel(locale, job.templateId));
    const action = (name: string, label: string, secondary = true) => (
      <form method="post" action={`/bulk/${job.id}/${name}`} class="dossier-inline-form">
        <CsrfField token={c.var.csrfToken} />
        <gcds-button type="submit" button-role={secondary ? "secondary" : "danger"}>
          {label}
        </gcds-button>
      </form>
    );
    return c.html(
      <Layout
        section="bulk"
        locale={locale}
        title={title}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path={`/bulk/${job.id}`}
      >
        <gcds-heading tag="h1">{title}</gcds-heading>
        <gcds-notice type="info" notice-title-tag="h2" notice-title={w.jobStatus[job.status] ?? job.status}>
          <gcds-text>{w.timing}</gcds-text>
        </gcds-notice>
        <Section id="progress" title={w.progress}>
          <SummaryList
            items={[
              [w.office, progress.officeCode],
              [w.created, formatDateTime(job.createdAt, zones.of(job.officeId), locale)],
              [w.status, w.jobStatus[job.status] ?? job.status],
              [w.progress, w.finished(progress.finished, job.total)],
            ]}
          />
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{w.countsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.status}</th>
                  <th scope="col">{w.count}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(progress.counts).map(([status, n]) => (
                  <tr>
                    <td>{statusLabel(locale, status)}</td>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {job.status === "cancelled" ? null : (
            <div>
              {job.status === "active" ? action("pause", w.pause) : action("resume", w.resume)}
              {action("cancel", w.cancel, false)}
              <gcds-text size="small">{w.pauseHint}</gcds-text>
            </div>
          )}
        </Section>
        <Section id="recipients" title={w.recipients}>
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{w.recipientsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.fileNumber}</th>
                  <th scope="col">{w.client}</th>
                  <th scope="col">{w.channel}</th>
                  <th scope="col">{w.address}</th>
                  <th scope="col">{w.status}</th>
                </tr>
              </thead>
              <tbody>
                {progress.recipients.map((r) => (
                  <tr>
                    <td>
                      <a href={`/applications/${r.fileNumber}`}>{r.fileNumber}</a>
                    </td>
                    <td>{r.clientName}</td>
                    <td>{codeLabel(locale, "channel", r.channel)}</td>
                    <td class="dossier-pre-line">{r.address ?? ""}</td>
                    <td>{statusLabel(locale, r.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {offset + progress.recipients.length < job.total ? (
            <p>
              <gcds-link href={`/bulk/${job.id}?offset=${offset + 200}`}>{w.next}</gcds-link>
            </p>
          ) : null}
        </Section>
        <p>
          <gcds-link href="/bulk">{w.back}</gcds-link>
        </p>
      </Layout>,
    );
  });

  const transitions = { pause: pauseBulkJob, resume: resumeBulkJob, cancel: cancelBulkJob };
  for (const [name, operation] of Object.entries(transitions)) {
    pages.post(`/bulk/:id/${name}`, async (c) => {
      const { job } = await operation(c.var.database.db, actorOf(c), c.req.param("id"));
      return c.redirect(`/bulk/${job.id}`, 303);
    });
  }
}

/** The template's fields from the form; empty ones left out, so the template says which it needs. */
function valuesOf(templateId: BulkTemplate, body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of TEMPLATE_FIELDS[templateId]) {
    const value = body[field.name];
    if (typeof value === "string" && value.trim() !== "") values[field.name] = value;
  }
  return values;
}

function textValues(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body))
    if (typeof value === "string" && key !== "_csrf") values[key] = value;
  return values;
}

interface NewJobState {
  form: "bulk";
  values: Record<string, string>;
  preview?: { total: number; email: number; paper: number };
  rows?: BulkRowsError;
}

async function renderNewJob(
  c: Context<AppEnv>,
  templateId: BulkTemplate,
  state: NewJobState | null,
  error: FormState | null,
  status: 200 | 400 = 200,
) {
  const locale = c.var.locale;
  const w = words(locale);
  const actor = actorOf(c);
  const offices = (await listOffices(c.var.database.db)).filter((office) => canRunBulkJobs(actor, office.id));
  const typed = (name: string) => state?.values[name] ?? typedValue(error, "bulk", name) ?? "";
  const select = (name: string, label: string, options: { value: string; label: string }[], any: boolean) => (
    <gcds-select select-id={`bulk-${name}`} name={name} label={label} value={typed(name)}>
      {any ? <option value="">{w.anyValue}</option> : null}
      {options.map((option) => (
        <option value={option.value} selected={option.value === typed(name)}>
          {option.label}
        </option>
      ))}
    </gcds-select>
  );
  return c.html(
    <Layout
      section="bulk"
      locale={locale}
      title={w.newTitle}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path="/bulk/new"
    >
      <gcds-heading tag="h1">{w.newTitle}</gcds-heading>
      <gcds-text>{w.newIntro}</gcds-text>
      {state?.preview ? (
        <gcds-notice type="success" notice-title-tag="h2" notice-title={w.previewTitle}>
          <gcds-text>
            {w.previewText(state.preview.total, state.preview.email, state.preview.paper)}
          </gcds-text>
        </gcds-notice>
      ) : null}
      {state?.rows ? <RowsNotice locale={locale} error={state.rows} /> : null}
      <ErrorNotice locale={locale} state={error} form="bulk" />
      <form method="get" action="/bulk/new" class="dossier-form">
        {select(
          "templateId",
          w.template,
          BULK_TEMPLATES.map((id) => ({ value: id, label: templateLabel(locale, id) })),
          false,
        )}
        <gcds-button type="submit" button-role="secondary">
          {w.chooseTemplate}
        </gcds-button>
      </form>
      <gcds-text size="small">{w.decisionLetters}</gcds-text>
      <form method="post" action="/bulk/new" enctype="multipart/form-data" class="dossier-form">
        <CsrfField token={c.var.csrfToken} />
        <input type="hidden" name="templateId" value={templateId} />
        {select(
          "officeCode",
          w.office,
          offices.map((office) => ({
            value: office.code,
            label: `${office.code} — ${locale === "fr" ? office.nameFr : office.nameEn}`,
          })),
          false,
        )}
        <gcds-fieldset legend={w.group} hint={w.groupHint}>
          {select("lineOfBusiness", w.lineOfBusiness, codeOptions(locale, "lineOfBusiness"), true)}
          {select("status", w.applicationStatus, codeOptions(locale, "applicationStatus"), true)}
          <gcds-file-uploader
            uploader-id="bulk-file"
            name="file"
            label={w.csv}
            accept=".csv,.txt,text/csv"
          ></gcds-file-uploader>
        </gcds-fieldset>
        <gcds-fieldset legend={`${w.values}: ${templateLabel(locale, templateId)}`}>
          {TEMPLATE_FIELDS[templateId].map((field) =>
            field.kind === "area" ? (
              <gcds-textarea
                textarea-id={`bulk-${field.name}`}
                name={field.name}
                label={w.fields[field.name] ?? field.name}
                rows={4}
                value={typed(field.name)}
              ></gcds-textarea>
            ) : (
              <gcds-input
                input-id={`bulk-${field.name}`}
                name={field.name}
                label={w.fields[field.name] ?? field.name}
                type={field.kind === "date" ? "date" : "text"}
                value={typed(field.name)}
              ></gcds-input>
            ),
          )}
        </gcds-fieldset>
        <gcds-button type="submit" name="intent" value="preview" button-role="secondary">
          {w.preview}
        </gcds-button>{" "}
        <gcds-button type="submit" name="intent" value="create">
          {w.create}
        </gcds-button>
      </form>
      <p>
        <gcds-link href="/bulk">{w.back}</gcds-link>
      </p>
    </Layout>,
    status,
  );
}

function RowsNotice(props: { locale: Locale; error: BulkRowsError }) {
  const w = words(props.locale);
  const rows: BulkRowError[] = props.error.rows;
  return (
    <gcds-notice type="danger" notice-title-tag="h2" notice-title={w.rowsTitle(props.error.totalErrors)}>
      <div class="dossier-table-wrap">
        <table class="dossier-table">
          <caption>{w.rowsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.line}</th>
              <th scope="col">{w.fileNumber}</th>
              <th scope="col">{w.field}</th>
              <th scope="col">{w.problem}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>{row.line ?? ""}</td>
                <td>{row.fileNumber}</td>
                <td>{row.field}</td>
                <td>{props.locale === "fr" ? row.messageFr : row.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </gcds-notice>
  );
}
