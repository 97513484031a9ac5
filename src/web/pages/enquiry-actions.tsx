/**
 * What an officer does to an enquiry besides answering it: read whether and why it went up a
 * level, record that the enquirer disagrees with the office's reply (`recordDisagreement`), and
 * correct the category the rules gave it (`correctCategory`). The forms post to
 * `/enquiries/{reference}/disagreement` and `/enquiries/{reference}/category`, which call the same
 * operations as the API; a refusal shows the page again with the reason in the page's language
 * and what was typed kept.
 */
import type { Context, Hono } from "hono";
import { correctCategory, queueForCategory } from "../../enquiries/correct-category.ts";
import {
  CATEGORY_NAMES,
  type CategoryRule,
  ENQUIRY_CATEGORIES,
  type EnquiryCategory,
  type EnquiryQueue,
  QUEUE_NAMES,
  type Wording,
} from "../../enquiries/enquiry.schema.ts";
import type { EnquiryView } from "../../enquiries/get-enquiry.ts";
import { recordDisagreement } from "../../enquiries/record-disagreement.ts";
import { type AppError, isAppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, fieldLabel } from "../i18n.ts";
import { Empty, Section, SummaryList } from "./components.tsx";
import { formatDateTime } from "./format.ts";
import { CsrfField, type FormState, showError, statusOf, textFields, typedValue } from "./forms.tsx";

export const DISAGREEMENT_FORM = "disagreement";
export const CATEGORY_FORM = "category-correction";

const WORDS = {
  en: {
    escalationTitle: "Escalation",
    notEscalated: "This enquiry has not gone up a level.",
    escalatedTo: "Went up to",
    escalatedAt: "When",
    trigger: "On what ground",
    why: "Why",
    triggers: {
      "no-reply-30-days": "No reply within 30 days",
      disagreement: "The enquirer disagrees with the reply",
      "manager-mailbox": "Accepted by the manager mailbox",
    } as Record<string, string>,
    disagreementTitle: "The enquirer disagrees with the reply",
    disagreementAt: "Recorded",
    disagreementNote: "What the enquirer disagrees with",
    disagreementNoReply:
      "The office has not replied yet, so there is no reply to disagree with. An enquiry left unanswered goes up on its own after 30 days.",
    disagreementClosed: "This enquiry is closed.",
    disagreementLabel: "What the enquirer disagrees with",
    disagreementHint:
      "Record it only when the enquirer says they disagree with the office's reply. A case-specific enquiry then goes up to the Case Management Branch at once; a local-procedure one stays with the office, which answers it.",
    disagreementSubmit: "Record the disagreement",
    disagreementRefused: "The disagreement was not recorded",
    disagreementDone: (to: string | null) =>
      to
        ? `The disagreement is recorded and the enquiry went up to: ${to}.`
        : "The disagreement is recorded; the enquiry stays with the office.",
    categoryTitle: "Category",
    category: "Category",
    queue: "Answered by",
    decided: "How it was decided",
    previous: "Before the correction",
    correctedAt: "Corrected",
    correctTitle: "Correct the category",
    correctLabel: "Category",
    correctHint: "The queue that answers the enquiry follows the category.",
    reasonLabel: "Why this category",
    reasonHint: "Say what in the enquiry shows it; your words are kept with the correction.",
    correctSubmit: "Correct the category",
    correctRefused: "The category was not corrected",
    correctDone: "The category is corrected; the enquiry now goes to the queue shown.",
    cannotCorrect: "This enquiry is closed: its category stays as it is.",
    done: "Done",
  },
  fr: {
    escalationTitle: "Transmission au niveau supérieur",
    notEscalated: "Cette demande n'a pas été transmise au niveau supérieur.",
    escalatedTo: "Transmise à",
    escalatedAt: "Date",
    trigger: "Motif de la transmission",
    why: "Explication",
    triggers: {
      "no-reply-30-days": "Aucune réponse dans les 30 jours",
      disagreement: "La personne conteste la réponse",
      "manager-mailbox": "Acceptée par la boîte des gestionnaires",
    } as Record<string, string>,
    disagreementTitle: "La personne conteste la réponse",
    disagreementAt: "Enregistré le",
    disagreementNote: "Ce que la personne conteste",
    disagreementNoReply:
      "Le bureau n'a pas encore répondu : il n'y a donc aucune réponse à contester. Une demande restée sans réponse est transmise d'elle-même après 30 jours.",
    disagreementClosed: "Cette demande est fermée.",
    disagreementLabel: "Ce que la personne conteste",
    disagreementHint:
      "Ne l'enregistrez que si la personne dit contester la réponse du bureau. Une demande sur un cas précis est alors transmise aussitôt à la Direction générale du règlement des cas; une demande sur les procédures locales reste au bureau, qui y répond.",
    disagreementSubmit: "Enregistrer le désaccord",
    disagreementRefused: "Le désaccord n'a pas été enregistré",
    disagreementDone: (to: string | null) =>
      to
        ? `Le désaccord est enregistré et la demande a été transmise : ${to}.`
        : "Le désaccord est enregistré; la demande reste au bureau.",
    categoryTitle: "Catégorie",
    category: "Catégorie",
    queue: "Traitée par",
    decided: "Comment elle a été établie",
    previous: "Avant la correction",
    correctedAt: "Corrigée le",
    correctTitle: "Corriger la catégorie",
    correctLabel: "Catégorie",
    correctHint: "La file qui répond à la demande suit la catégorie.",
    reasonLabel: "Pourquoi cette catégorie",
    reasonHint: "Indiquez ce qui, dans la demande, le montre; vos mots sont conservés avec la correction.",
    correctSubmit: "Corriger la catégorie",
    correctRefused: "La catégorie n'a pas été corrigée",
    correctDone: "La catégorie est corrigée; la demande va maintenant à la file indiquée.",
    cannotCorrect: "Cette demande est fermée : sa catégorie reste telle quelle.",
    done: "Terminé",
  },
} as const;

/** Labels of the fields these forms can be refused on. */
const FIELD_NAMES: Record<string, Wording> = {
  note: { en: "What the enquirer disagrees with", fr: "Ce que la personne conteste" },
  category: { en: "Category", fr: "Catégorie" },
  reason: { en: "Why this category", fr: "Pourquoi cette catégorie" },
};

export function categoryName(category: string, locale: Locale): string {
  return capitalise(CATEGORY_NAMES[category as EnquiryCategory]?.[locale] ?? category);
}

export function queueName(queue: string, locale: Locale): string {
  return capitalise(QUEUE_NAMES[queue as EnquiryQueue]?.[locale] ?? queue);
}

/** The short flag a list shows for an escalated enquiry: "Case Management Branch (no reply …)". */
export function escalationFlag(locale: Locale, to: string, trigger: string | null): string {
  const why = trigger ? WORDS[locale].triggers[trigger] : undefined;
  return why
    ? `${queueName(to, locale)} (${why.charAt(0).toLowerCase()}${why.slice(1)})`
    : queueName(to, locale);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The refusal in the page's language, the field named by the label the person saw on the form. */
function errorText(locale: Locale, error: AppError): { field: string | undefined; text: string } {
  const shown = showError(locale, error);
  const own = error.field ? FIELD_NAMES[error.field] : undefined;
  const shared = error.field ? fieldLabel(locale, error.field) : "";
  if (!own || !shown.text.startsWith(shared)) return shown;
  return { field: shown.field, text: own[locale] + shown.text.slice(shared.length) };
}

function fieldError(state: FormState | undefined, form: string, name: string): string | undefined {
  if (!state || state.form !== form || state.error.field !== name) return undefined;
  return state.error.text;
}

/** The category, the queue that answers it, how it was decided, and the officer's correction form. */
export function EnquiryCategorySection(props: {
  c: Context<AppEnv>;
  view: EnquiryView;
  /** The office's category rules, which give the queue beside each choice. */
  rules: readonly CategoryRule[];
  state?: FormState;
}) {
  const { c, view } = props;
  const locale: Locale = c.var.locale;
  const w = WORDS[locale];
  const { enquiry } = view;
  const state = props.state?.form === CATEGORY_FORM ? props.state : undefined;
  const decision = enquiry.categoryReason as Partial<Wording> & {
    correction?: { at?: string; previous?: { category?: string; queue?: string } };
  };
  const correction = enquiry.categorySource === "officer" ? decision.correction : undefined;
  const chosen = typedValue(state, CATEGORY_FORM, "category") ?? enquiry.category;
  const items: [string, string][] = [
    [w.category, categoryName(enquiry.category, locale)],
    [w.queue, queueName(enquiry.queue, locale)],
    [
      w.decided,
      `${codeLabel(locale, "categorySource", enquiry.categorySource)}. ${decision[locale] ?? ""}`.trim(),
    ],
  ];
  if (correction?.at) {
    items.push([w.correctedAt, formatDateTime(new Date(correction.at), view.office.timeZone, locale)]);
  }
  if (correction?.previous?.category) {
    items.push([
      w.previous,
      `${categoryName(correction.previous.category, locale)} · ${queueName(correction.previous.queue ?? "", locale)}`,
    ]);
  }
  return (
    <Section id="category" title={w.categoryTitle}>
      {c.req.query("done") === "category-corrected" ? (
        <gcds-notice type="success" notice-title-tag="h3" notice-title={w.done}>
          <gcds-text>{w.correctDone}</gcds-text>
        </gcds-notice>
      ) : null}
      <SummaryList items={items} />
      {state ? (
        <gcds-notice type="danger" notice-title-tag="h3" notice-title={w.correctRefused}>
          <gcds-text>{state.error.text}</gcds-text>
        </gcds-notice>
      ) : null}
      {enquiry.state === "closed" ? (
        <gcds-text>{w.cannotCorrect}</gcds-text>
      ) : (
        <form
          method="post"
          action={`/enquiries/${encodeURIComponent(enquiry.reference)}/category`}
          class="dossier-form"
          id={CATEGORY_FORM}
        >
          <CsrfField token={c.var.csrfToken} />
          <gcds-heading tag="h3">{w.correctTitle}</gcds-heading>
          <gcds-select
            select-id="category-choice"
            name="category"
            label={w.correctLabel}
            hint={w.correctHint}
            required
            value={chosen}
            error-message={fieldError(state, CATEGORY_FORM, "category")}
          >
            {ENQUIRY_CATEGORIES.map((category) => (
              <option value={category} selected={category === chosen}>
                {`${categoryName(category, locale)} — ${queueName(queueForCategory(category, props.rules), locale)}`}
              </option>
            ))}
          </gcds-select>
          <gcds-textarea
            textarea-id="category-reason"
            name="reason"
            label={w.reasonLabel}
            hint={w.reasonHint}
            rows={3}
            required
            value={typedValue(state, CATEGORY_FORM, "reason") ?? ""}
            error-message={fieldError(state, CATEGORY_FORM, "reason")}
          ></gcds-textarea>
          <gcds-button type="submit">{w.correctSubmit}</gcds-button>
        </form>
      )}
    </Section>
  );
}

/** Whether, when, why and to whom the enquiry went up; the disagreement and the form to record it. */
export function EnquiryEscalationSection(props: {
  c: Context<AppEnv>;
  view: EnquiryView;
  state?: FormState;
}) {
  const { c, view } = props;
  const locale: Locale = c.var.locale;
  const w = WORDS[locale];
  const { enquiry } = view;
  const state = props.state?.form === DISAGREEMENT_FORM ? props.state : undefined;
  const when = (date: Date) => formatDateTime(date, view.office.timeZone, locale);
  const reason = enquiry.escalationReason as Partial<Wording> | null;
  const done = c.req.query("done");
  return (
    <Section id="escalation" title={w.escalationTitle}>
      {done === "disagreement-recorded" ? (
        <gcds-notice type="success" notice-title-tag="h3" notice-title={w.done}>
          <gcds-text>
            {w.disagreementDone(enquiry.escalatedTo ? queueName(enquiry.escalatedTo, locale) : null)}
          </gcds-text>
        </gcds-notice>
      ) : null}
      {enquiry.escalatedTo && enquiry.escalatedAt ? (
        <SummaryList
          items={[
            [w.escalatedTo, queueName(enquiry.escalatedTo, locale)],
            [w.escalatedAt, when(enquiry.escalatedAt)],
            [w.trigger, w.triggers[enquiry.escalationTrigger ?? ""] ?? enquiry.escalationTrigger ?? ""],
            [w.why, reason?.[locale] ?? ""],
          ]}
        />
      ) : (
        <Empty>{w.notEscalated}</Empty>
      )}
      <gcds-heading tag="h3">{w.disagreementTitle}</gcds-heading>
      {state ? (
        <gcds-notice type="danger" notice-title-tag="h4" notice-title={w.disagreementRefused}>
          <gcds-text>{state.error.text}</gcds-text>
        </gcds-notice>
      ) : null}
      {enquiry.disagreementAt ? (
        <SummaryList
          items={[
            [w.disagreementAt, when(enquiry.disagreementAt)],
            [w.disagreementNote, <span class="dossier-pre">{enquiry.disagreementNote ?? ""}</span>],
          ]}
        />
      ) : enquiry.state === "closed" ? (
        <gcds-text>{w.disagreementClosed}</gcds-text>
      ) : !enquiry.firstResponseAt ? (
        <gcds-text>{w.disagreementNoReply}</gcds-text>
      ) : (
        <form
          method="post"
          action={`/enquiries/${encodeURIComponent(enquiry.reference)}/disagreement`}
          class="dossier-form"
          id={DISAGREEMENT_FORM}
        >
          <CsrfField token={c.var.csrfToken} />
          <gcds-textarea
            textarea-id="disagreement-note"
            name="note"
            label={w.disagreementLabel}
            hint={w.disagreementHint}
            rows={4}
            required
            value={typedValue(state, DISAGREEMENT_FORM, "note") ?? ""}
            error-message={fieldError(state, DISAGREEMENT_FORM, "note")}
          ></gcds-textarea>
          <gcds-button type="submit">{w.disagreementSubmit}</gcds-button>
        </form>
      )}
    </Section>
  );
}

/** Refusals about what was typed or the enquiry's state; another office's enquiry stays "not found". */
const SHOWN_ON_FORM = new Set(["invalid_input", "invalid_state", "conflict", "forbidden"]);

/**
 * `POST /enquiries/:reference/disagreement` and `POST /enquiries/:reference/category`. `render`
 * shows the enquiry's page again with the refused form.
 */
export function registerEnquiryActions(
  pages: Hono<AppEnv>,
  render: (
    c: Context<AppEnv>,
    reference: string,
    refused: { state: FormState; status: number },
  ) => Promise<Response>,
) {
  const refusal = async (
    c: Context<AppEnv>,
    form: string,
    values: Record<string, string>,
    error: unknown,
  ) => {
    if (!isAppError(error) || !SHOWN_ON_FORM.has(error.code)) throw error;
    const state: FormState = { form, values, error: errorText(c.var.locale, error) };
    return render(c, c.req.param("reference") ?? "", { state, status: statusOf(error) });
  };

  pages.post("/enquiries/:reference/disagreement", async (c) => {
    const reference = c.req.param("reference");
    const values = textFields(await c.req.parseBody());
    try {
      const recorded = await recordDisagreement(c.var.database.db, c.var.actor!, {
        reference,
        note: values.note ?? "",
      });
      return c.redirect(
        `/enquiries/${encodeURIComponent(recorded.reference)}?done=disagreement-recorded#escalation`,
        303,
      );
    } catch (error) {
      return refusal(c, DISAGREEMENT_FORM, values, error);
    }
  });

  pages.post("/enquiries/:reference/category", async (c) => {
    const reference = c.req.param("reference");
    const values = textFields(await c.req.parseBody());
    try {
      const corrected = await correctCategory(c.var.database.db, c.var.actor!, reference, {
        // The operation's schema checks the category; an unknown one is refused there, with the list.
        category: (values.category ?? "") as EnquiryCategory,
        reason: values.reason ?? "",
      });
      return c.redirect(
        `/enquiries/${encodeURIComponent(corrected.reference)}?done=category-corrected#category`,
        303,
      );
    } catch (error) {
      return refusal(c, CATEGORY_FORM, values, error);
    }
  });
}
