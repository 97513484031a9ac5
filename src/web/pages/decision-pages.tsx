/**
 * The decision screen of an application (its requests with their proof of sending, response dates
 * and drafted non-compliance note; why a decision cannot be recorded yet; the form to record one),
 * the page of a request for reconsideration (the facts of a non-receipt claim, the proposal to
 * reopen on an office error, the decision maker's form), and the section of the application page
 * that links here and lists a refusal's recourse. Handlers parse the form and call one operation.
 */
import type { Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ApplicationFile } from "../../applications/get-application-file.ts";
import { decideReconsideration } from "../../decisions/decide-reconsideration.ts";
import {
  ARISING,
  DECISION_OUTCOMES,
  type DecideReconsiderationInput,
  INADMISSIBILITY_GROUNDS,
  type RecordDecisionInput,
  type RecordReconsiderationInput,
} from "../../decisions/decision.schema.ts";
import { findStandingRefusal, listApplicationRecourse } from "../../decisions/decision-recourse.ts";
import { type DecisionScreen, loadDecisionScreen } from "../../decisions/load-decision-screen.ts";
import { loadReconsideration } from "../../decisions/load-reconsideration.ts";
import { LEGAL_BASIS_WORDS, recordDecision } from "../../decisions/record-decision.ts";
import { recordReconsideration } from "../../decisions/record-reconsideration.ts";
import { RECOURSE_TITLES } from "../../recourse/recourse-annex.ts";
import type { AppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, messages } from "../i18n.ts";
import { Empty, Section, SummaryList } from "./components.tsx";
import { formatDateTime, withDone } from "./format.ts";
import {
  CsrfField,
  ErrorNotice,
  type FormState,
  fieldError,
  formStateOf,
  statusOf,
  typedValue,
} from "./forms.tsx";
import { Layout } from "./layout.tsx";

type Messages = ReturnType<typeof messages>;
const DECISION_FORM = "decision";
const RECONSIDERATION_FORM = "reconsideration";
const OUTCOME_FORM = "reconsideration-outcome";

export function registerDecisionPages(pages: Hono<AppEnv>) {
  pages.get("/applications/:fileNumber/decisions", (c) =>
    renderDecisions(c, c.req.param("fileNumber"), null),
  );

  pages.post("/applications/:fileNumber/decisions", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    try {
      await recordDecision(
        c.var.database.db,
        c.var.actor!,
        fileNumber,
        formInput(body) as RecordDecisionInput,
      );
    } catch (error) {
      const state = formStateOf(c.var.locale, DECISION_FORM, body, error);
      return renderDecisions(c, fileNumber, state, statusOf(error as AppError));
    }
    return c.redirect(withDone(`/applications/${encodeURIComponent(fileNumber)}/decisions`, "decision"), 303);
  });

  pages.post("/applications/:fileNumber/reconsiderations", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    let id: string;
    try {
      const { reconsideration } = await recordReconsideration(
        c.var.database.db,
        c.var.actor!,
        fileNumber,
        formInput(body) as RecordReconsiderationInput,
      );
      id = reconsideration.id;
    } catch (error) {
      const state = formStateOf(c.var.locale, RECONSIDERATION_FORM, body, error);
      return renderDecisions(c, fileNumber, state, statusOf(error as AppError));
    }
    return c.redirect(withDone(`/reconsiderations/${id}`, "recorded"), 303);
  });

  pages.get("/reconsiderations/:id", (c) => renderReconsideration(c, c.req.param("id"), null));

  pages.post("/reconsiderations/:id/decision", async (c) => {
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    try {
      await decideReconsideration(
        c.var.database.db,
        c.var.actor!,
        id,
        formInput(body) as DecideReconsiderationInput,
      );
    } catch (error) {
      const state = formStateOf(c.var.locale, OUTCOME_FORM, body, error);
      return renderReconsideration(c, id, state, statusOf(error as AppError));
    }
    return c.redirect(withDone(`/reconsiderations/${id}`, "decided"), 303);
  });
}

/** The text fields of a form, without the token: the operation's schema checks them. */
function formInput(body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== "_csrf" && typeof value === "string") input[key] = value;
  }
  return input;
}

function DoneNotice(props: { locale: Locale; text: string | null }) {
  if (!props.text) return null;
  return (
    <gcds-notice type="success" notice-title-tag="h2" notice-title={messages(props.locale).done}>
      <gcds-text>{props.text}</gcds-text>
    </gcds-notice>
  );
}

async function renderDecisions(
  c: Context<AppEnv>,
  fileNumber: string,
  state: FormState | null,
  status = 200,
) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const screen = await loadDecisionScreen(c.var.database.db, actor, fileNumber);
  const { application } = screen;
  const base = `/applications/${application.fileNumber}`;
  const zone = screen.office.timeZone;
  const standing = screen.decisions.find((d) => !d.setAsideAt) ?? null;
  const refusalStanding = standing && (standing.outcome === "refused" || standing.outcome === "abandoned");
  return c.html(
    <Layout
      locale={locale}
      title={m.decisionsTitle(application.fileNumber)}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`${base}/decisions`}
    >
      <gcds-heading tag="h1">{m.decisionsTitle(application.fileNumber)}</gcds-heading>
      <p class="dossier-lead">
        <a href={base}>{application.fileNumber}</a> —{" "}
        {codeLabel(locale, "lineOfBusiness", application.lineOfBusiness)} —{" "}
        {codeLabel(locale, "applicationStatus", application.status)}
      </p>
      <DoneNotice locale={locale} text={c.req.query("done") === "decision" ? m.decDoneRecorded : null} />
      <gcds-text>{m.decisionsIntro}</gcds-text>

      <Section id="requests" title={m.decRequests}>
        {screen.requests.length === 0 ? (
          <Empty>{m.decNoRequests}</Empty>
        ) : (
          screen.requests.map((item) => <RequestBlock locale={locale} zone={zone} item={item} />)
        )}
      </Section>

      <Section id="decisions" title={m.decHistory}>
        {screen.decisions.length === 0 ? (
          <Empty>{m.decNone}</Empty>
        ) : (
          <DecisionsTable locale={locale} zone={zone} screen={screen} />
        )}
      </Section>

      {standing ? null : (
        <Section id="record-decision" title={m.decRecordTitle}>
          <DecisionForm
            locale={locale}
            screen={screen}
            csrfToken={c.var.csrfToken}
            state={state}
            base={base}
          />
        </Section>
      )}

      <Section id="reconsiderations" title={m.recTitle}>
        {screen.reconsiderations.length === 0 ? (
          <Empty>{m.recNone}</Empty>
        ) : (
          <ul>
            {screen.reconsiderations.map((r) => (
              <li>
                <a href={`/reconsiderations/${r.id}`}>
                  {`${r.receivedOn} — ${r.requestedBy} — ${reconsiderationStatus(m, r.status)}`}
                </a>
              </li>
            ))}
          </ul>
        )}
        {refusalStanding ? (
          <>
            <h3 class="dossier-h3">{m.recRecordTitle}</h3>
            <ReconsiderationForm locale={locale} csrfToken={c.var.csrfToken} state={state} base={base} />
          </>
        ) : null}
      </Section>
    </Layout>,
    status as 200,
  );
}

function RequestBlock(props: { locale: Locale; zone: string; item: DecisionScreen["requests"][number] }) {
  const { locale, zone, item } = props;
  const m = messages(locale);
  const { request, check } = item;
  return (
    <div class="dossier-section" id={`request-${request.correspondenceId}`}>
      <h3 class="dossier-h3">{request.subject}</h3>
      <SummaryList items={[[m.decResponseDate, request.dueDate ?? m.decNoResponseDate]]} />
      <div class="dossier-table-wrap">
        <table class="dossier-table">
          <caption>{m.decSendingsCaption(request.subject)}</caption>
          <thead>
            <tr>
              <th scope="col">{m.decSentAt}</th>
              <th scope="col">{m.decAddress}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">{m.decProof}</th>
            </tr>
          </thead>
          <tbody>
            {request.sendings.map((s) => (
              <tr>
                <td class="dossier-nowrap">
                  {s.sentAt ? formatDateTime(s.sentAt, zone, locale) : m.decNotSent}
                </td>
                <td class="dossier-pre-line">{`${codeLabel(locale, "channel", s.channel)}: ${s.address ?? ""}`}</td>
                <td>
                  {codeLabel(locale, "correspondenceStatus", s.status)}
                  {s.undelivered ? ` — ${m.decBounced}` : ""}
                </td>
                <td>{proofWords(m, s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {check.allowed ? (
        <gcds-notice type="info" notice-title-tag="h4" notice-title={m.decCanDecide}>
          <gcds-text>{`${m.decLegalBasis}: ${check.legalBasis ? LEGAL_BASIS_WORDS[locale][check.legalBasis] : ""}`}</gcds-text>
        </gcds-notice>
      ) : (
        <gcds-notice type="warning" notice-title-tag="h4" notice-title={m.decCannotDecide}>
          {check.refusals.map((r) => (
            <gcds-text>{locale === "fr" ? r.fr : r.en}</gcds-text>
          ))}
        </gcds-notice>
      )}
      {item.addressWarning ? (
        <gcds-notice type="warning" notice-title-tag="h4" notice-title={m.decAddressWarning}>
          <gcds-text>{locale === "fr" ? item.addressWarning.fr : item.addressWarning.en}</gcds-text>
        </gcds-notice>
      ) : null}
      {item.noteDraft ? (
        <details>
          <summary>{m.decNoteDraft}</summary>
          <pre class="dossier-mail-text">{locale === "fr" ? item.noteDraft.fr : item.noteDraft.en}</pre>
        </details>
      ) : null}
    </div>
  );
}

function proofWords(
  m: Messages,
  s: { channel: string; status: string; sentAt: Date | null; smtpAccepted: boolean; archivedCopy: boolean },
): string {
  const proofs = [
    s.smtpAccepted ? m.decProofSmtp : null,
    s.archivedCopy ? m.decProofArchived : null,
    s.channel === "paper" && s.status === "sent" && s.sentAt ? m.decProofMailed : null,
  ].filter(Boolean);
  return proofs.length > 0 ? proofs.join("; ") : m.decProofNone;
}

function DecisionsTable(props: { locale: Locale; zone: string; screen: DecisionScreen }) {
  const { locale, zone } = props;
  const m = messages(locale);
  return (
    <div class="dossier-table-wrap">
      <table class="dossier-table">
        <caption>{m.decHistory}</caption>
        <thead>
          <tr>
            <th scope="col">{m.decDecidedAt}</th>
            <th scope="col">{m.decOutcome}</th>
            <th scope="col">{m.decLegalBasis}</th>
            <th scope="col">{m.decNotified}</th>
          </tr>
        </thead>
        <tbody>
          {props.screen.decisions.map((d) => (
            <tr>
              <td class="dossier-nowrap">{`${formatDateTime(d.decidedAt, zone, locale)} — ${d.decidedByLabel}`}</td>
              <td>
                {codeLabel(locale, "applicationStatus", d.outcome)}
                {d.setAsideAt ? ` — ${m.decSetAside}` : ""}
              </td>
              <td>{d.legalBasis ? LEGAL_BASIS_WORDS[locale][d.legalBasis as "irpr-s10"] : "—"}</td>
              <td>{d.notifiedAt ? formatDateTime(d.notifiedAt, zone, locale) : m.decNotYetNotified}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DecisionForm(props: {
  locale: Locale;
  screen: DecisionScreen;
  csrfToken: string | null;
  state: FormState | null;
  base: string;
}) {
  const { locale, state, screen } = props;
  const m = messages(locale);
  const form = DECISION_FORM;
  const typed = (name: string) => typedValue(state, form, name) ?? "";
  const proposed = screen.requests.find((r) => r.check.allowed);
  const outcome = typed("outcome") || (proposed ? proposed.outcome : "");
  const request = typed("requestCorrespondenceId") || proposed?.request.correspondenceId || "";
  return (
    <form method="post" action={`${props.base}/decisions`} class="dossier-form" id="decision-form">
      <ErrorNotice locale={locale} state={state} form={form} />
      <CsrfField token={props.csrfToken} />
      <gcds-select select-id="decision-outcome" name="outcome" label={m.decOutcome} value={outcome} required>
        {DECISION_OUTCOMES.map((o) => (
          <option value={o} selected={o === outcome}>
            {codeLabel(locale, "applicationStatus", o)}
          </option>
        ))}
      </gcds-select>
      <gcds-select
        select-id="decision-basis"
        name="basis"
        label={m.decBasis}
        value={typed("basis") || (proposed?.outcome === "refused" ? "non-compliance" : "merits")}
        error-message={fieldError(state, form, "basis")}
      >
        <option value="merits">{m.decBasisMerits}</option>
        <option
          value="non-compliance"
          selected={
            (typed("basis") || (proposed?.outcome === "refused" ? "non-compliance" : "")) === "non-compliance"
          }
        >
          {m.decBasisNonCompliance}
        </option>
      </gcds-select>
      <gcds-select
        select-id="decision-request"
        name="requestCorrespondenceId"
        label={m.decRequest}
        value={request}
        error-message={fieldError(state, form, "requestCorrespondenceId")}
      >
        <option value="">{m.decRequestNone}</option>
        {screen.requests.map((r) => (
          <option value={r.request.correspondenceId} selected={r.request.correspondenceId === request}>
            {`${r.request.subject} (${m.decResponseDate}: ${r.request.dueDate ?? m.decNoResponseDate})`}
          </option>
        ))}
      </gcds-select>
      <gcds-textarea
        textarea-id="decision-grounds"
        name="grounds"
        label={m.decGrounds}
        hint={m.decGroundsHint}
        rows={5}
        value={typed("grounds")}
        error-message={fieldError(state, form, "grounds")}
      ></gcds-textarea>
      <gcds-textarea
        textarea-id="decision-rationale"
        name="rationale"
        label={m.decRationale}
        hint={m.decRationaleHint}
        rows={5}
        required
        value={typed("rationale")}
        error-message={fieldError(state, form, "rationale")}
      ></gcds-textarea>
      <gcds-select
        select-id="decision-arising"
        name="arising"
        label={m.decArising}
        hint={m.decArisingHint}
        value={typed("arising")}
        error-message={fieldError(state, form, "arising")}
      >
        <option value="">—</option>
        {ARISING.map((a) => (
          <option value={a} selected={typed("arising") === a}>
            {a === "canada" ? m.decArisingCanada : m.decArisingOutside}
          </option>
        ))}
      </gcds-select>
      <gcds-select
        select-id="decision-inadmissibility"
        name="inadmissibilityGround"
        label={m.decInadmissibility}
        value={typed("inadmissibilityGround")}
      >
        <option value="">—</option>
        {INADMISSIBILITY_GROUNDS.map((g) => (
          <option value={g} selected={typed("inadmissibilityGround") === g}>
            {g}
          </option>
        ))}
      </gcds-select>
      <gcds-textarea
        textarea-id="decision-next-steps"
        name="nextSteps"
        label={m.decNextSteps}
        rows={3}
        value={typed("nextSteps")}
        error-message={fieldError(state, form, "nextSteps")}
      ></gcds-textarea>
      <gcds-input
        input-id="decision-withdrawal-date"
        name="withdrawalRequestDate"
        label={m.decWithdrawalDate}
        value={typed("withdrawalRequestDate")}
        error-message={fieldError(state, form, "withdrawalRequestDate")}
      ></gcds-input>
      <gcds-button type="submit">{m.decRecordButton}</gcds-button>
    </form>
  );
}

function ReconsiderationForm(props: {
  locale: Locale;
  csrfToken: string | null;
  state: FormState | null;
  base: string;
}) {
  const { locale, state } = props;
  const m = messages(locale);
  const form = RECONSIDERATION_FORM;
  const typed = (name: string) => typedValue(state, form, name) ?? "";
  const channel = typed("channel") || "by-hand";
  const kind = typed("groundsKind") || "non-receipt";
  return (
    <form
      method="post"
      action={`${props.base}/reconsiderations`}
      class="dossier-form"
      id="reconsideration-form"
    >
      <ErrorNotice locale={locale} state={state} form={form} />
      <CsrfField token={props.csrfToken} />
      <gcds-input
        input-id="rec-requested-by"
        name="requestedBy"
        label={m.recRequestedBy}
        required
        value={typed("requestedBy")}
        error-message={fieldError(state, form, "requestedBy")}
      ></gcds-input>
      <gcds-input
        input-id="rec-received-on"
        name="receivedOn"
        label={m.recReceivedOn}
        required
        value={typed("receivedOn")}
        error-message={fieldError(state, form, "receivedOn")}
      ></gcds-input>
      <gcds-select select-id="rec-channel" name="channel" label={m.recChannel} value={channel}>
        <option value="web-form" selected={channel === "web-form"}>
          {m.recChannelWebForm}
        </option>
        <option value="enquiry" selected={channel === "enquiry"}>
          {m.recChannelEnquiry}
        </option>
        <option value="by-hand" selected={channel === "by-hand"}>
          {m.recChannelByHand}
        </option>
      </gcds-select>
      <gcds-input
        input-id="rec-enquiry-reference"
        name="enquiryReference"
        label={m.recEnquiryReference}
        value={typed("enquiryReference")}
        error-message={fieldError(state, form, "enquiryReference")}
      ></gcds-input>
      <gcds-select select-id="rec-grounds-kind" name="groundsKind" label={m.recGroundsKind} value={kind}>
        <option value="non-receipt" selected={kind === "non-receipt"}>
          {m.recNonReceipt}
        </option>
        <option value="other" selected={kind === "other"}>
          {m.recOther}
        </option>
      </gcds-select>
      <gcds-textarea
        textarea-id="rec-grounds"
        name="grounds"
        label={m.recGrounds}
        rows={5}
        required
        value={typed("grounds")}
        error-message={fieldError(state, form, "grounds")}
      ></gcds-textarea>
      <gcds-textarea
        textarea-id="rec-documents"
        name="documentEdocIds"
        label={m.recDocuments}
        rows={2}
        value={typed("documentEdocIds")}
        error-message={fieldError(state, form, "documentEdocIds")}
      ></gcds-textarea>
      <gcds-button type="submit">{m.recRecordButton}</gcds-button>
    </form>
  );
}

function reconsiderationStatus(m: Messages, status: string): string {
  return status === "reopened"
    ? m.recStatusReopened
    : status === "maintained"
      ? m.recStatusMaintained
      : m.recStatusReceived;
}

async function renderReconsideration(c: Context<AppEnv>, id: string, state: FormState | null, status = 200) {
  const actor = c.var.actor!;
  const locale = c.var.locale;
  const m = messages(locale);
  const {
    reconsideration: r,
    application,
    decision,
    office,
    facts,
  } = await loadReconsideration(c.var.database.db, actor, id);
  const zone = office.timeZone;
  const done = c.req.query("done");
  const form = OUTCOME_FORM;
  const typed = (name: string) => typedValue(state, form, name) ?? "";
  const outcome = typed("outcome") || (facts?.proposal === "reopen" ? "reopen" : "maintain");
  return c.html(
    <Layout
      locale={locale}
      title={m.recPageTitle}
      actor={actor}
      csrfToken={c.var.csrfToken}
      path={`/reconsiderations/${r.id}`}
    >
      <gcds-heading tag="h1">{m.recPageTitle}</gcds-heading>
      <p class="dossier-lead">
        <a href={`/applications/${application.fileNumber}/decisions`}>{application.fileNumber}</a> —{" "}
        {codeLabel(locale, "applicationStatus", decision.outcome)}
        {decision.legalBasis ? ` (${LEGAL_BASIS_WORDS[locale][decision.legalBasis as "irpr-s10"]})` : ""}
      </p>
      <DoneNotice
        locale={locale}
        text={done === "recorded" ? m.recDoneRecorded : done === "decided" ? m.recDoneDecided : null}
      />
      <SummaryList
        items={[
          [m.recStatus, reconsiderationStatus(m, r.status)],
          [m.recRequestedBy, r.requestedBy],
          [m.recReceivedOn, r.receivedOn],
          [
            m.recChannel,
            r.channel === "web-form"
              ? m.recChannelWebForm
              : r.channel === "enquiry"
                ? m.recChannelEnquiry
                : m.recChannelByHand,
          ],
          [m.recGroundsKind, r.groundsKind === "non-receipt" ? m.recNonReceipt : m.recOther],
          [m.recGrounds, <span class="dossier-pre-line">{r.grounds}</span>],
          [
            m.recDocuments,
            r.documentEdocIds.length === 0
              ? m.none
              : r.documentEdocIds.map((e) => <a href={`/edocs/${e}`}>{e} </a>),
          ],
          ...(r.outcome
            ? ([
                [
                  m.recOutcome,
                  r.outcome === "reopen" ? `${m.recReopen}: ${r.newResponseDate}` : m.recMaintain,
                ],
                [m.recRationale, <span class="dossier-pre-line">{r.outcomeRationale ?? ""}</span>],
                [m.recDecidedBy, `${r.decidedByLabel ?? ""} — ${formatDateTime(r.decidedAt, zone, locale)}`],
              ] as [string, Child][])
            : []),
        ]}
      />
      {facts ? (
        <Section id="facts" title={m.recFacts}>
          {facts.officeError ? (
            <gcds-notice type="warning" notice-title-tag="h3" notice-title={m.recOfficeError}>
              <gcds-text>{locale === "fr" ? facts.officeError.fr : facts.officeError.en}</gcds-text>
              {r.status === "received" ? <gcds-text>{m.recProposeReopen}</gcds-text> : null}
            </gcds-notice>
          ) : (
            <gcds-notice type="info" notice-title-tag="h3" notice-title={m.recNoOfficeError}>
              <gcds-text>{m.recNoOfficeError}</gcds-text>
            </gcds-notice>
          )}
          <ul>
            {facts.findings.map((f) => (
              <li>{locale === "fr" ? f.fr : f.en}</li>
            ))}
          </ul>
        </Section>
      ) : null}
      {r.status === "received" ? (
        <Section id="decide" title={m.recDecideTitle}>
          <form
            method="post"
            action={`/reconsiderations/${r.id}/decision`}
            class="dossier-form"
            id="outcome-form"
          >
            <ErrorNotice locale={locale} state={state} form={form} />
            <CsrfField token={c.var.csrfToken} />
            <gcds-select select-id="rec-outcome" name="outcome" label={m.recOutcome} value={outcome}>
              <option value="reopen" selected={outcome === "reopen"}>
                {m.recReopen}
              </option>
              <option value="maintain" selected={outcome === "maintain"}>
                {m.recMaintain}
              </option>
            </gcds-select>
            <gcds-input
              input-id="rec-new-date"
              name="newResponseDate"
              label={m.recNewResponseDate}
              value={typed("newResponseDate")}
              error-message={fieldError(state, form, "newResponseDate")}
            ></gcds-input>
            <gcds-textarea
              textarea-id="rec-rationale"
              name="rationale"
              label={m.recRationale}
              rows={5}
              required
              value={typed("rationale")}
              error-message={fieldError(state, form, "rationale")}
            ></gcds-textarea>
            <gcds-button type="submit">{m.recDecideButton}</gcds-button>
          </form>
        </Section>
      ) : null}
    </Layout>,
    status as 200,
  );
}

/**
 * On the application page: the link to the decision screen and, for a refused application, its
 * recourse options and deadlines.
 */
export async function DecisionSection(props: { c: Context<AppEnv>; file: ApplicationFile }) {
  const { c, file } = props;
  const locale = c.var.locale;
  const m = messages(locale);
  const fileNumber = file.application.fileNumber;
  const link = (
    <p>
      <a href={`/applications/${fileNumber}/decisions`}>{m.decisionsLink}</a>
    </p>
  );
  const refusal = await findStandingRefusal(c.var.database.db, file.application.id);
  if (!refusal) return link;
  const recourse = await listApplicationRecourse(c.var.database.db, c.var.actor!, fileNumber);
  return (
    <>
      {link}
      <Section id="recourse" title={m.recourseTitle}>
        <gcds-text>
          {recourse.notifiedOn ? m.recourseCountedFrom(recourse.notifiedOn) : m.recourseNotNotified}
        </gcds-text>
        <div class="dossier-table-wrap">
          <table class="dossier-table">
            <caption>{m.recourseCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{m.recourseOption}</th>
                <th scope="col">{m.recourseAvailable}</th>
                <th scope="col">{m.recourseDeadline}</th>
                <th scope="col">{m.recourseWhy}</th>
                <th scope="col">{m.recourseBasis}</th>
              </tr>
            </thead>
            <tbody>
              {recourse.options.map((o) => (
                <tr>
                  <td>{RECOURSE_TITLES[o.kind][locale]}</td>
                  <td>{o.available ? m.yes : m.no}</td>
                  <td class="dossier-nowrap">{o.deadline ?? "—"}</td>
                  <td>{locale === "fr" ? o.reasonFr : o.reason}</td>
                  <td>{locale === "fr" ? o.basisFr : o.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}
