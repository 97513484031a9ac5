/**
 * The eTA review page (`/eta/:fileNumber/review`): the application, why it was referred, the
 * identity candidates, the client's history, and the forms for the nine-step decision, the answer
 * to a request to relinquish permanent resident status, and revalidation. The revalidation report
 * (`/eta/revalidation`, and `.csv`). Each POST calls one operation; a refused form comes back with
 * what was typed and the field named.
 */
import type { Context, Hono } from "hono";
import { decideEtaRevalidation } from "../../eta/decide-eta-revalidation.ts";
import { CANCELLATION_GROUNDS } from "../../eta/eta.schema.ts";
import {
  ETA_REVIEW_OUTCOMES,
  type EtaReviewDecisionInput,
  NEW_CLIENT,
  PROBATIVE_VALUES,
} from "../../eta/eta-review.schema.ts";
import { listEtaRevalidationReport, revalidationReportCsv } from "../../eta/list-eta-revalidation-report.ts";
import { type EtaReviewView, loadEtaReview } from "../../eta/load-eta-review.ts";
import { recordEtaRelinquishment } from "../../eta/record-eta-relinquishment.ts";
import { recordEtaReviewDecision } from "../../eta/record-eta-review-decision.ts";
import { utcDay } from "../../eta/submit-eta-applications.ts";
import type { AppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import { Empty, Section, SummaryList } from "./components.tsx";
import { type EtaReviewWords, etaReviewWords } from "./eta-review-words.ts";
import { clientName, displayUci } from "./format.ts";
import { CsrfField, ErrorNotice, type FormState, formStateOf, statusOf, textFields } from "./forms.tsx";
import { Layout } from "./layout.tsx";

const DECISION_FORM = "eta-decision";
const RELINQUISH_FORM = "eta-relinquishment";
const REVALIDATION_FORM = "eta-revalidation";
/** Evidence rows the form offers; the API takes up to 20. */
const EVIDENCE_ROWS = 3;
const EVIDENCE_FIELDS = [
  "description",
  "credibility",
  "credibilityReasons",
  "probativeValue",
  "probativeReasons",
] as const;

const DONE = {
  decided: "doneDecided",
  relinquishment: "doneRelinquishment",
  revalidation: "doneRevalidation",
} as const;

export function registerEtaReviewPages(pages: Hono<AppEnv>) {
  pages.get("/eta/revalidation.csv", async (c) => {
    const rows = await listEtaRevalidationReport(c.var.database.db, c.var.actor!, utcDay(new Date()));
    return c.body(revalidationReportCsv(rows), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="eta-revalidation-${utcDay(new Date())}.csv"`,
    });
  });
  pages.get("/eta/revalidation", (c) => renderReport(c));
  pages.get("/eta/:fileNumber/review", (c) => renderReview(c, c.req.param("fileNumber"), null));

  pages.post("/eta/:fileNumber/review", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = textFields(await c.req.parseBody());
    try {
      await recordEtaReviewDecision(c.var.database.db, c.var.actor!, fileNumber, decisionInput(body));
    } catch (error) {
      const state = formStateOf(c.var.locale, DECISION_FORM, body, error);
      return renderReview(c, fileNumber, state, statusOf(error as AppError));
    }
    return c.redirect(`/eta/${encodeURIComponent(fileNumber)}/review?done=decided`, 303);
  });

  pages.post("/eta/:fileNumber/relinquishment", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = textFields(await c.req.parseBody());
    try {
      await recordEtaRelinquishment(c.var.database.db, c.var.actor!, fileNumber, {
        answer: body.answer as "relinquished",
        answeredOn: body.answeredOn ?? "",
        details: body.details ?? "",
      });
    } catch (error) {
      const state = formStateOf(c.var.locale, RELINQUISH_FORM, body, error);
      return renderReview(c, fileNumber, state, statusOf(error as AppError));
    }
    return c.redirect(`/eta/${encodeURIComponent(fileNumber)}/review?done=relinquishment`, 303);
  });

  pages.post("/eta/:fileNumber/revalidation", async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = textFields(await c.req.parseBody());
    try {
      await decideEtaRevalidation(c.var.database.db, c.var.actor!, fileNumber, {
        decision: body.decision as "keep",
        ...(body.ground ? { ground: body.ground as "r12.06-a-inadmissible" } : {}),
        notes: body.notes ?? "",
      });
    } catch (error) {
      const state = formStateOf(c.var.locale, REVALIDATION_FORM, body, error);
      return renderReview(c, fileNumber, state, statusOf(error as AppError));
    }
    return c.redirect(`/eta/${encodeURIComponent(fileNumber)}/review?done=revalidation`, 303);
  });
}

/** The form's fields as the operation's input; evidence rows left wholly empty are not evidence. */
function decisionInput(body: Record<string, string>): EtaReviewDecisionInput {
  const evidence = [];
  for (let i = 0; i < EVIDENCE_ROWS; i++) {
    const row = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, body[`evidence.${i}.${f}`] ?? ""]));
    if (EVIDENCE_FIELDS.some((f) => row[f]?.trim())) evidence.push(row);
  }
  const optional = (name: string) => (body[name]?.trim() ? { [name]: body[name] } : {});
  return {
    requirements: body.requirements ?? "",
    facts: body.facts ?? "",
    evidence,
    sufficiency: body.sufficiency ?? "",
    sufficiencyReasons: body.sufficiencyReasons ?? "",
    outcome: body.outcome ?? "",
    reasons: body.reasons ?? "",
    ...optional("informationRequested"),
    ...optional("identity"),
    ...optional("responseDate"),
    // The form's text as typed: the operation's zod schema checks every field and names a wrong one.
  } as EtaReviewDecisionInput;
}

function errorOf(state: FormState | null, form: string, name: string): string | undefined {
  if (!state || state.form !== form || !state.error.field) return undefined;
  // An empty evidence list is reported on the first row's description.
  const field = state.error.field === "evidence" ? "evidence.0.description" : state.error.field;
  return field === name ? state.error.text : undefined;
}

function typed(state: FormState | null, form: string, name: string): string | undefined {
  return state && state.form === form ? state.values[name] : undefined;
}

async function renderReview(c: Context<AppEnv>, fileNumber: string, state: FormState | null, status = 200) {
  const locale = c.var.locale;
  const w = etaReviewWords(locale);
  const today = utcDay(new Date());
  const view = await loadEtaReview(c.var.database.db, c.var.actor!, fileNumber, today);
  const { application, eta } = view;
  const done = DONE[(c.req.query("done") ?? "") as keyof typeof DONE];
  return c.html(
    <Layout
      locale={locale}
      title={w.reviewTitle(application.fileNumber)}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path={`/eta/${application.fileNumber}/review`}
    >
      <gcds-heading tag="h1">{w.reviewTitle(application.fileNumber)}</gcds-heading>
      <p>
        <a href="/eta/revalidation">{w.reportTitle}</a>
      </p>
      {done ? (
        <gcds-notice type="success" notice-title-tag="h2" notice-title={w.done}>
          <gcds-text>{w[done]}</gcds-text>
        </gcds-notice>
      ) : null}
      <Section id="eta-application" title={w.application}>
        <SummaryList
          items={[
            [w.applicant, clientName(eta)],
            [w.dateOfBirth, eta.dateOfBirth],
            [w.sex, eta.sex],
            [w.countryOfBirth, eta.countryOfBirth],
            [w.citizenship, eta.citizenship],
            [
              w.passport,
              w.passportText(
                eta.passportNumber,
                eta.passportType,
                eta.passportCountry,
                eta.passportExpiryDate,
              ),
            ],
            [w.email, eta.email],
            [w.submittedOn, eta.submittedOn],
            [w.status, w.statuses[eta.status] ?? eta.status],
            [w.uci, <a href={`/clients/${view.uci}`}>{displayUci(view.uci)}</a>],
            [w.language, application.language === "fr" ? "Français" : "English"],
            [
              w.validity,
              eta.validFrom && eta.validUntil ? w.validityText(eta.validFrom, eta.validUntil) : w.notIssued,
            ],
          ]}
        />
        <p>
          <a href={`/applications/${application.fileNumber}?tab=notes`}>
            {w.openFile(application.fileNumber)}
          </a>
        </p>
      </Section>
      <Section id="eta-referral" title={w.referralTitle}>
        {view.reasons.length === 0 ? (
          <Empty>{w.noReferral}</Empty>
        ) : (
          <ul>
            {view.reasons.map((reason) => (
              <li>
                <strong>
                  {reason.activity}
                  {reason.subActivity ? ` / ${reason.subActivity}` : ""}
                </strong>
                {" — "}
                {locale === "fr" ? reason.fr : reason.en}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {view.candidates.length > 0 ? <Candidates w={w} view={view} /> : null}
      <History w={w} view={view} locale={locale} />
      {view.decisions.length > 0 ? (
        <Section id="eta-decisions" title={w.decisionsTitle}>
          <ul>
            {view.decisions.map((d) => (
              <li>
                {d.createdAt.toISOString().slice(0, 10)} —{" "}
                {w.decidedBy(d.decidedByLabel, w.outcomes[d.outcome] ?? d.outcome)}
                {d.merged
                  ? `; ${w.mergedOnDecision(displayUci(d.merged.uci), displayUci(d.merged.intoUci))}`
                  : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {view.relinquishment ? <Relinquishment c={c} w={w} view={view} state={state} /> : null}
      {eta.status === "referred" ? <DecisionForm c={c} w={w} view={view} state={state} /> : null}
      {view.active || view.revalidations.length > 0 ? (
        <Revalidation c={c} w={w} view={view} state={state} />
      ) : null}
    </Layout>,
    status as 200,
  );
}

function Candidates(props: { w: EtaReviewWords; view: EtaReviewView }) {
  const { w, view } = props;
  return (
    <Section id="eta-candidates" title={w.candidatesTitle}>
      <gcds-text>{w.candidatesIntro}</gcds-text>
      <div class="dossier-table-wrap">
        <table class="dossier-table">
          <caption>{w.candidatesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.rank}</th>
              <th scope="col">{w.candidate}</th>
              <th scope="col">{w.score}</th>
              <th scope="col">{w.probability}</th>
              <th scope="col">{w.comparisons}</th>
            </tr>
          </thead>
          <tbody>
            {view.candidates.map((candidate) => (
              <tr>
                <td>{candidate.rank}</td>
                <td>
                  {candidate.uci ? (
                    <a href={`/clients/${candidate.uci}`}>{displayUci(candidate.uci)}</a>
                  ) : null}
                  {candidate.client
                    ? ` — ${clientName(candidate.client)}, ${candidate.client.dateOfBirth ?? ""}`
                    : null}
                </td>
                <td>{candidate.score.toFixed(2)}</td>
                <td>{candidate.probability.toFixed(4)}</td>
                <td>
                  <ul class="dossier-compact-list">
                    {candidate.comparisons.map((comparison) => (
                      <li>
                        {w.comparison(comparison.field, comparison.level, comparison.weight.toFixed(2))}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function History(props: { w: EtaReviewWords; view: EtaReviewView; locale: Locale }) {
  const { w, view } = props;
  const h = view.history;
  const table = (caption: string, heads: string[], rows: (string | null)[][]) => (
    <div class="dossier-table-wrap">
      <table class="dossier-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {heads.map((head) => (
              <th scope="col">{head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {row.map((cell) => (
                <td>{cell ?? ""}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Section id="eta-history" title={w.historyTitle}>
      <h3 class="dossier-h3">{w.otherEtas}</h3>
      {h.otherEtas.length === 0 ? (
        <Empty>{w.noOtherEtas}</Empty>
      ) : (
        table(
          w.otherEtas,
          [w.file, w.submittedOn, w.status, w.validity],
          h.otherEtas.map((o) => [
            o.fileNumber,
            o.eta.submittedOn,
            w.statuses[o.eta.status] ?? o.eta.status,
            o.eta.validFrom && o.eta.validUntil
              ? w.validityText(o.eta.validFrom, o.eta.validUntil)
              : w.notIssued,
          ]),
        )
      )}
      <h3 class="dossier-h3">{w.otherApplications}</h3>
      {h.otherApplications.length === 0 ? (
        <Empty>{w.noOtherApplications}</Empty>
      ) : (
        table(
          w.otherApplications,
          [w.file, w.lineOfBusiness, w.status],
          h.otherApplications.map((a) => [a.fileNumber, a.lineOfBusiness, a.status]),
        )
      )}
      <h3 class="dossier-h3">{w.adverse}</h3>
      {h.adverse.length === 0 ? (
        <Empty>{w.noAdverse}</Empty>
      ) : (
        table(
          w.adverse,
          [w.source, w.recordedOn, w.details],
          h.adverse.map((a) => [w.sources[a.source] ?? a.source, a.recordedOn, a.details]),
        )
      )}
      <h3 class="dossier-h3">{w.visas}</h3>
      {h.visas.length === 0 ? (
        <Empty>{w.noVisas}</Empty>
      ) : (
        table(
          w.visas,
          [w.issuedOn, w.expiryDate],
          h.visas.map((v) => [v.issuedOn, v.expiryDate]),
        )
      )}
      <h3 class="dossier-h3">{w.usChecks}</h3>
      {h.usChecks.length === 0 ? (
        <Empty>{w.noUsChecks}</Empty>
      ) : (
        table(
          w.usChecks,
          [w.checkedOn, w.result],
          h.usChecks.map((u) => [u.checkedOn, u.result]),
        )
      )}
      <h3 class="dossier-h3">{w.alerts}</h3>
      {h.alerts.length === 0 ? (
        <Empty>{w.noAlerts}</Empty>
      ) : (
        table(
          w.alerts,
          [w.type, w.valid, w.details],
          h.alerts.map((a) => [a.type, w.validityText(a.validFrom, a.validTo ?? ""), a.details]),
        )
      )}
    </Section>
  );
}

function DecisionForm(props: {
  c: Context<AppEnv>;
  w: EtaReviewWords;
  view: EtaReviewView;
  state: FormState | null;
}) {
  const { c, w, view, state } = props;
  const locale = c.var.locale;
  const value = (name: string) => typed(state, DECISION_FORM, name) ?? "";
  const error = (name: string) => errorOf(state, DECISION_FORM, name);
  const identityReferral = view.reasons.some((r) => r.code === "identity-review");
  const select = (name: string, label: string, options: [string, string][], hint?: string) => (
    <gcds-select
      select-id={`eta-${name}`}
      name={name}
      label={label}
      hint={hint}
      value={value(name)}
      error-message={error(name)}
    >
      <option value="" selected={value(name) === ""}>
        {w.choose}
      </option>
      {options.map(([v, text]) => (
        <option value={v} selected={value(name) === v}>
          {text}
        </option>
      ))}
    </gcds-select>
  );
  const textarea = (name: string, label: string, hint?: string, required = true) => (
    <gcds-textarea
      textarea-id={`eta-${name.replace(/\./g, "-")}`}
      name={name}
      label={label}
      hint={hint}
      rows={3}
      required={required}
      value={value(name)}
      error-message={error(name)}
    ></gcds-textarea>
  );
  return (
    <Section id="eta-decision" title={w.formTitle}>
      <gcds-text>{w.formIntro}</gcds-text>
      <form method="post" action={`/eta/${view.application.fileNumber}/review`} class="dossier-form">
        <ErrorNotice locale={locale} state={state} form={DECISION_FORM} />
        <CsrfField token={c.var.csrfToken} />
        {identityReferral ? (
          <gcds-fieldset legend={w.identityLegend}>
            {select("identity", w.identityLabel, [
              [NEW_CLIENT, w.newClient(displayUci(view.uci))],
              ...view.candidates
                .filter((candidate) => candidate.uci)
                .map(
                  (candidate) =>
                    [
                      candidate.uci!,
                      w.matchTo(
                        displayUci(candidate.uci),
                        candidate.client ? clientName(candidate.client) : "",
                      ),
                    ] as [string, string],
                ),
            ])}
          </gcds-fieldset>
        ) : null}
        {textarea("requirements", w.step1, w.step1Hint)}
        {textarea("facts", w.step2, w.step2Hint)}
        <h3 class="dossier-h3">{w.step3}</h3>
        <p>{w.step3Text}</p>
        <h3 class="dossier-h3">{w.step4}</h3>
        <gcds-text>{w.step4Hint}</gcds-text>
        {Array.from({ length: EVIDENCE_ROWS }, (_, i) => (
          <gcds-fieldset legend={w.evidenceLegend(i + 1)}>
            {textarea(`evidence.${i}.description`, w.evidenceDescription, undefined, i === 0)}
            {select(`evidence.${i}.credibility`, w.step5, [
              ["credible", w.credible],
              ["not-credible", w.notCredible],
            ])}
            {textarea(`evidence.${i}.credibilityReasons`, w.credibilityReasons, undefined, i === 0)}
            {select(
              `evidence.${i}.probativeValue`,
              w.step6,
              PROBATIVE_VALUES.map((v) => [v, w.probative[v] ?? v]),
            )}
            {textarea(`evidence.${i}.probativeReasons`, w.probativeReasons, undefined, i === 0)}
          </gcds-fieldset>
        ))}
        {select("sufficiency", w.step7, [
          ["sufficient", w.sufficient],
          ["insufficient", w.insufficient],
        ])}
        {textarea("sufficiencyReasons", w.sufficiencyReasons)}
        {textarea("informationRequested", w.informationRequested, undefined, false)}
        {select(
          "outcome",
          w.step8,
          ETA_REVIEW_OUTCOMES.map((o) => [o, w.outcomes[o] ?? o]),
        )}
        <gcds-input
          input-id="eta-responseDate"
          name="responseDate"
          label={w.responseDate}
          value={value("responseDate")}
          error-message={error("responseDate")}
        ></gcds-input>
        {textarea("reasons", w.step9, w.step9Hint)}
        <gcds-button type="submit">{w.save}</gcds-button>
      </form>
    </Section>
  );
}

function Relinquishment(props: {
  c: Context<AppEnv>;
  w: EtaReviewWords;
  view: EtaReviewView;
  state: FormState | null;
}) {
  const { c, w, view, state } = props;
  const r = view.relinquishment!;
  const value = (name: string) => typed(state, RELINQUISH_FORM, name) ?? "";
  const error = (name: string) => errorOf(state, RELINQUISH_FORM, name);
  return (
    <Section id="eta-relinquishment" title={w.relinquishTitle}>
      <p>{w.relinquishAsked(r.requestedOn, r.replyDueDate)}</p>
      {r.answer ? (
        <p>{w.relinquishAnswered(w.answers[r.answer] ?? r.answer, r.answeredOn ?? "")}</p>
      ) : (
        <form
          method="post"
          action={`/eta/${view.application.fileNumber}/relinquishment`}
          class="dossier-form"
        >
          <ErrorNotice locale={c.var.locale} state={state} form={RELINQUISH_FORM} />
          <CsrfField token={c.var.csrfToken} />
          <gcds-select
            select-id="eta-answer"
            name="answer"
            label={w.answerLabel}
            value={value("answer")}
            error-message={error("answer")}
          >
            <option value="" selected={value("answer") === ""}>
              {w.choose}
            </option>
            {(["relinquished", "declined"] as const).map((a) => (
              <option value={a} selected={value("answer") === a}>
                {w.answers[a]}
              </option>
            ))}
          </gcds-select>
          <gcds-input
            input-id="eta-answeredOn"
            name="answeredOn"
            label={w.answeredOn}
            required
            value={value("answeredOn") || utcDay(new Date())}
            error-message={error("answeredOn")}
          ></gcds-input>
          <gcds-textarea
            textarea-id="eta-answer-details"
            name="details"
            label={w.answerDetails}
            rows={3}
            required
            value={value("details")}
            error-message={error("details")}
          ></gcds-textarea>
          <gcds-button type="submit">{w.recordAnswer}</gcds-button>
        </form>
      )}
    </Section>
  );
}

function Revalidation(props: {
  c: Context<AppEnv>;
  w: EtaReviewWords;
  view: EtaReviewView;
  state: FormState | null;
}) {
  const { c, w, view, state } = props;
  const value = (name: string) => typed(state, REVALIDATION_FORM, name) ?? "";
  const error = (name: string) => errorOf(state, REVALIDATION_FORM, name);
  return (
    <Section id="eta-revalidation" title={w.revalidationTitle}>
      <gcds-text>{w.revalidationIntro}</gcds-text>
      {view.revalidations.length > 0 ? (
        <ul>
          {view.revalidations.map((r) => (
            <li>
              {r.decision
                ? w.revalidationDone(
                    w.revalidationDecisions[r.decision] ?? r.decision,
                    r.decidedAt?.toISOString().slice(0, 10) ?? "",
                  )
                : w.revalidationOpen(r.openedOn)}
              {r.notes ? ` — ${r.notes}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {view.active ? (
        <form method="post" action={`/eta/${view.application.fileNumber}/revalidation`} class="dossier-form">
          <ErrorNotice locale={c.var.locale} state={state} form={REVALIDATION_FORM} />
          <CsrfField token={c.var.csrfToken} />
          <gcds-select
            select-id="eta-revalidation-decision"
            name="decision"
            label={w.revalidationDecision}
            value={value("decision")}
            error-message={error("decision")}
          >
            <option value="" selected={value("decision") === ""}>
              {w.choose}
            </option>
            {(["cancel", "keep", "info-alert"] as const).map((d) => (
              <option value={d} selected={value("decision") === d}>
                {w.revalidationDecisions[d]}
              </option>
            ))}
          </gcds-select>
          <gcds-select
            select-id="eta-revalidation-ground"
            name="ground"
            label={w.ground}
            value={value("ground")}
            error-message={error("ground")}
          >
            <option value="" selected={value("ground") === ""}>
              {w.choose}
            </option>
            {CANCELLATION_GROUNDS.map((g) => (
              <option value={g} selected={value("ground") === g}>
                {w.grounds[g] ?? g}
              </option>
            ))}
          </gcds-select>
          <gcds-textarea
            textarea-id="eta-revalidation-notes"
            name="notes"
            label={w.notes}
            rows={4}
            required
            value={value("notes")}
            error-message={error("notes")}
          ></gcds-textarea>
          <gcds-button type="submit">{w.recordRevalidation}</gcds-button>
        </form>
      ) : (
        <Empty>{w.noRevalidationForm}</Empty>
      )}
    </Section>
  );
}

async function renderReport(c: Context<AppEnv>) {
  const locale = c.var.locale;
  const w = etaReviewWords(locale);
  const today = utcDay(new Date());
  const rows = await listEtaRevalidationReport(c.var.database.db, c.var.actor!, today);
  return c.html(
    <Layout
      locale={locale}
      title={w.reportTitle}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path="/eta/revalidation"
      section="eta-revalidation"
    >
      <gcds-heading tag="h1">{w.reportTitle}</gcds-heading>
      <gcds-text>{w.reportIntro(today)}</gcds-text>
      <p>
        <a href="/eta/revalidation.csv" download>
          {w.csv}
        </a>
      </p>
      {rows.length === 0 ? (
        <Empty>{w.reportEmpty}</Empty>
      ) : (
        <div class="dossier-table-wrap">
          <table class="dossier-table">
            <caption>{w.reportCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{w.file}</th>
                <th scope="col">{w.holder}</th>
                <th scope="col">{w.passport}</th>
                <th scope="col">{w.validUntil}</th>
                <th scope="col">{w.adverse}</th>
                <th scope="col">{w.openedOn}</th>
                <th scope="col">{w.office}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/eta/${row.fileNumber}/review#eta-revalidation`}>{row.fileNumber}</a>
                  </td>
                  <td>
                    {clientName(row)} ({displayUci(row.uci)})
                  </td>
                  <td>
                    {row.passportNumber} ({row.passportCountry})
                  </td>
                  <td>{row.validUntil}</td>
                  <td>
                    {row.adverseSource
                      ? `${w.sources[row.adverseSource] ?? row.adverseSource}, ${row.adverseRecordedOn}: `
                      : ""}
                    {row.adverseDetails ?? ""}
                  </td>
                  <td>{row.openedOn}</td>
                  <td>{row.officeCode}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}

/** On an eTA application's page: the way to its review. Renders nothing for other files. */
export function EtaReviewLinkSection(props: { locale: Locale; fileNumber: string; lineOfBusiness: string }) {
  if (props.lineOfBusiness !== "eta") return null;
  const w = etaReviewWords(props.locale);
  return (
    <Section id="eta-review-link" title={w.review}>
      <gcds-text>{w.reviewLinkIntro}</gcds-text>
      <p>
        <a href={`/eta/${props.fileNumber}/review`}>{w.reviewLink}</a>
      </p>
    </Section>
  );
}
