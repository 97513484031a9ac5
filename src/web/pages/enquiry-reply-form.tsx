/**
 * The reply part of an enquiry's page: whether the sender is identified for the file and why
 * (from the release check, before anything is written), a standard response to choose, and a
 * case-specific reply to write. The form posts to `/enquiries/{reference}/replies`, which calls
 * the same operation as `POST /api/v1/enquiries/{reference}/replies`; a refusal shows the page
 * again with the reason in the page's language and what was typed kept.
 */
import type { Context, Hono } from "hono";
import type { Language } from "../../enquiries/enquiry.schema.ts";
import type { EnquiryView } from "../../enquiries/get-enquiry.ts";
import type { ReleaseDecision } from "../../enquiries/release-check.ts";
import { replyToEnquiry } from "../../enquiries/reply-to-enquiry.ts";
import {
  STANDARD_RESPONSE_IDS,
  STANDARD_RESPONSES,
  type StandardResponseId,
} from "../../enquiries/standard-responses.ts";
import { type AppError, isAppError } from "../../shared/errors.ts";
import type { AppEnv, Locale } from "../env.ts";
import { Section } from "./components.tsx";
import {
  CsrfField,
  type FormState,
  fieldError,
  showError,
  statusOf,
  textFields,
  typedValue,
} from "./forms.tsx";

const WORDS = {
  en: {
    title: "Reply",
    identified: "The sender is identified: a case-specific reply may be sent",
    notIdentified: "The sender is not identified: only general information may be sent",
    cannotReply: "This enquiry can no longer be answered.",
    noAddress: "This enquiry gives no address to answer by email.",
    signedByOffice: (language: string) =>
      `Replies are sent from the office's mailbox in ${language}, the enquiry's language, signed with the office's name and address and followed by the caution that email is not a secure channel. Never sign with your own name.`,
    standardTitle: "Standard response",
    standardLabel: "Standard response to send",
    standardHint: "General information only, in the enquiry's language; it may be sent to any enquirer.",
    standardSubmit: "Queue the standard response",
    caseTitle: "Case-specific reply",
    caseLabel: "Reply",
    caseHint: (language: string) => `Write in ${language}. Do not add a signature: the office's is added.`,
    personalLabel: "This reply contains personal information about the applicant or the file",
    personalHint:
      "Tick it whenever the reply says anything about this person's file. A case-specific reply is sent only to an identified sender, ticked or not.",
    caseSubmit: "Queue the case-specific reply",
    refused: "The reply was not queued",
    queued: "The reply is queued; it appears in the thread and is sent from the office's mailbox.",
    done: "Done",
    languages: { en: "English", fr: "French" } as Record<Language, string>,
  },
  fr: {
    title: "Répondre",
    identified: "L'expéditeur est identifié : une réponse propre au cas peut être envoyée",
    notIdentified:
      "L'expéditeur n'est pas identifié : seuls des renseignements généraux peuvent être envoyés",
    cannotReply: "On ne peut plus répondre à cette demande.",
    noAddress: "Cette demande ne donne aucune adresse où répondre par courriel.",
    signedByOffice: (language: string) =>
      `Les réponses partent de la boîte aux lettres du bureau, en ${language}, la langue de la demande, signées du nom et de l'adresse du bureau et suivies de la mise en garde sur le courriel, qui n'est pas un moyen de communication sécurisé. Ne signez jamais de votre nom.`,
    standardTitle: "Réponse type",
    standardLabel: "Réponse type à envoyer",
    standardHint:
      "Renseignements généraux seulement, dans la langue de la demande; elle peut être envoyée à quiconque a écrit.",
    standardSubmit: "Mettre la réponse type en file d'envoi",
    caseTitle: "Réponse propre au cas",
    caseLabel: "Réponse",
    caseHint: (language: string) =>
      `Rédigez en ${language}. N'ajoutez pas de signature : celle du bureau est ajoutée.`,
    personalLabel: "Cette réponse contient des renseignements personnels sur le demandeur ou le dossier",
    personalHint:
      "Cochez la case dès que la réponse dit quoi que ce soit du dossier de la personne. Une réponse propre au cas n'est envoyée qu'à un expéditeur identifié, que la case soit cochée ou non.",
    caseSubmit: "Mettre la réponse propre au cas en file d'envoi",
    refused: "La réponse n'a pas été mise en file d'envoi",
    queued:
      "La réponse est en file d'envoi; elle figure dans les échanges et part de la boîte aux lettres du bureau.",
    done: "Terminé",
    languages: { en: "anglais", fr: "français" } as Record<Language, string>,
  },
} as const;

const STANDARD_FORM = "reply-standard";
const CASE_FORM = "reply-case-specific";

export function EnquiryReplySection(props: {
  c: Context<AppEnv>;
  view: EnquiryView;
  release: ReleaseDecision;
  state: FormState | undefined;
}) {
  const { c, view, release, state } = props;
  const locale: Locale = c.var.locale;
  const w = WORDS[locale];
  const { enquiry } = view;
  const action = `/enquiries/${encodeURIComponent(enquiry.reference)}/replies`;
  const language = w.languages[enquiry.language === "fr" ? "fr" : "en"];
  const personal = typedValue(state, CASE_FORM, "containsPersonalInformation") === "on";
  const chosen = typedValue(state, STANDARD_FORM, "responseId") ?? "";
  return (
    <Section id="reply" title={w.title}>
      {c.req.query("done") === "reply-queued" ? (
        <gcds-notice type="success" notice-title-tag="h3" notice-title={w.done}>
          <gcds-text>{w.queued}</gcds-text>
        </gcds-notice>
      ) : null}
      {state ? (
        <gcds-notice type="danger" notice-title-tag="h3" notice-title={w.refused}>
          <gcds-text>{state.error.text}</gcds-text>
        </gcds-notice>
      ) : null}
      <gcds-notice
        type={release.mayRelease ? "info" : "warning"}
        notice-title-tag="h3"
        notice-title={release.mayRelease ? w.identified : w.notIdentified}
      >
        <gcds-text>{release.reason[locale]}</gcds-text>
      </gcds-notice>
      {enquiry.state === "closed" ? (
        <gcds-text>{w.cannotReply}</gcds-text>
      ) : !enquiry.enquirerAddress ? (
        <gcds-text>{w.noAddress}</gcds-text>
      ) : (
        <>
          <gcds-text>{w.signedByOffice(language)}</gcds-text>
          <form method="post" action={action} class="dossier-form" id="reply-standard">
            <CsrfField token={c.var.csrfToken} />
            <input type="hidden" name="kind" value="standard" />
            <gcds-heading tag="h3">{w.standardTitle}</gcds-heading>
            <gcds-select
              select-id="reply-response"
              name="responseId"
              label={w.standardLabel}
              hint={w.standardHint}
              required
              value={chosen}
              error-message={fieldError(state, STANDARD_FORM, "responseId")}
            >
              {STANDARD_RESPONSE_IDS.map((id) => (
                <option value={id} selected={id === chosen}>
                  {STANDARD_RESPONSES[id].title[locale]}
                </option>
              ))}
            </gcds-select>
            <gcds-button type="submit">{w.standardSubmit}</gcds-button>
          </form>
          <form method="post" action={action} class="dossier-form" id="reply-case-specific">
            <CsrfField token={c.var.csrfToken} />
            <input type="hidden" name="kind" value="case-specific" />
            <gcds-heading tag="h3">{w.caseTitle}</gcds-heading>
            <gcds-textarea
              textarea-id="reply-text"
              name="text"
              label={w.caseLabel}
              hint={w.caseHint(language)}
              rows={8}
              required
              value={typedValue(state, CASE_FORM, "text") ?? ""}
              error-message={fieldError(state, CASE_FORM, "text")}
            ></gcds-textarea>
            <gcds-checkboxes
              name="containsPersonalInformation"
              options={JSON.stringify([
                {
                  id: "reply-personal",
                  label: w.personalLabel,
                  value: "on",
                  hint: w.personalHint,
                  checked: personal,
                },
              ])}
              value={personal ? '["on"]' : "[]"}
            ></gcds-checkboxes>
            <gcds-button type="submit">{w.caseSubmit}</gcds-button>
          </form>
        </>
      )}
    </Section>
  );
}

/**
 * `POST /enquiries/:reference/replies`. `render` shows the enquiry's page again with the refused
 * form; an enquiry of another office stays "not found".
 */
export function registerEnquiryReplyAction(
  pages: Hono<AppEnv>,
  render: (
    c: Context<AppEnv>,
    reference: string,
    reply: { state: FormState; status: number },
  ) => Promise<Response>,
) {
  pages.post("/enquiries/:reference/replies", async (c) => {
    const reference = c.req.param("reference");
    const values = textFields(await c.req.parseBody());
    const kind = values.kind === "case-specific" ? "case-specific" : "standard";
    try {
      const queued = await replyToEnquiry(
        c.var.database.db,
        c.var.actor!,
        reference,
        kind === "standard"
          ? // The operation's schema checks the id; an unknown one is refused there, with the list.
            { kind, responseId: (values.responseId ?? "") as StandardResponseId }
          : {
              kind,
              text: values.text ?? "",
              containsPersonalInformation: values.containsPersonalInformation === "on",
            },
      );
      return c.redirect(`/enquiries/${encodeURIComponent(queued.reference)}?done=reply-queued#reply`, 303);
    } catch (error) {
      if (!isAppError(error) || !SHOWN_ON_FORM.has(error.code)) throw error;
      const state: FormState = {
        form: kind === "standard" ? STANDARD_FORM : CASE_FORM,
        values,
        error: showError(c.var.locale, error as AppError),
      };
      return render(c, reference, { state, status: statusOf(error) });
    }
  });
}

/** Refusals about this reply; anything else (another office's enquiry: not found) is the error page's. */
const SHOWN_ON_FORM = new Set(["invalid_input", "forbidden", "invalid_state", "conflict"]);
