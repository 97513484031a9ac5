/**
 * The enquiries of a person's offices, and one enquiry whole. What an enquirer wrote is shown as
 * text only: an HTML message was reduced to its words when it arrived and is never put into a page.
 */
import type { Context, Hono } from "hono";
import { canCompareOffices } from "../../enquiries/compare-offices.ts";
import { decideEnquiryRelease } from "../../enquiries/decide-enquiry-release.ts";
import { type EnquiryField, REQUIRED_ENQUIRY_FIELDS } from "../../enquiries/enquiry.schema.ts";
import { findCategoryRules } from "../../enquiries/find-category-rules.ts";
import { getEnquiry } from "../../enquiries/get-enquiry.ts";
import { ENQUIRY_STATES, listEnquiries, SLA_STATES } from "../../enquiries/list-enquiries.ts";
import { type ListedEscalation, listEscalations } from "../../enquiries/list-escalations.ts";
import type { SlaResult } from "../../enquiries/sla-state.ts";
import type { AppEnv, Locale } from "../env.ts";
import { codeLabel, fieldLabel, messages } from "../i18n.ts";
import { Empty, Section, SummaryList } from "./components.tsx";
import {
  categoryName,
  EnquiryCategorySection,
  EnquiryEscalationSection,
  escalationFlag,
  registerEnquiryActions,
} from "./enquiry-actions.tsx";
import { EnquiryReplySection } from "./enquiry-reply-form.tsx";
import { displayUci, formatDateTime } from "./format.ts";
import type { FormState } from "./forms.tsx";
import { Layout } from "./layout.tsx";

type Words = ReturnType<typeof messages>;

export function registerEnquiryPages(pages: Hono<AppEnv>) {
  pages.get("/enquiries", async (c) => {
    const locale = c.var.locale;
    const m = messages(locale);
    const state = c.req.query("state") || undefined;
    const sla = c.req.query("sla") || undefined;
    const items = await listEnquiries(c.var.database.db, c.var.actor!, { state, sla });
    const escalations = await listEscalations(
      c.var.database.db,
      items.map((item) => item.id),
    );
    const url = new URL(c.req.url);
    const select = (
      name: string,
      label: string,
      options: { value: string; label: string }[],
      chosen = "",
    ) => (
      <gcds-select select-id={`filter-${name}`} name={name} label={label} value={chosen}>
        <option value="">{m.enquiriesAll}</option>
        {options.map((option) => (
          <option value={option.value} selected={option.value === chosen}>
            {option.label}
          </option>
        ))}
      </gcds-select>
    );
    return c.html(
      <Layout
        locale={locale}
        title={m.enquiriesTitle}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path={url.pathname + url.search}
        section="enquiries"
      >
        <gcds-heading tag="h1">{m.enquiriesTitle}</gcds-heading>
        <gcds-text>{m.enquiriesIntro}</gcds-text>
        {canCompareOffices(c.var.actor!) ? (
          <gcds-text>
            <a href="/enquiries/dashboard">
              {locale === "fr" ? "Délais de réponse par bureau" : "Response times by office"}
            </a>
          </gcds-text>
        ) : null}
        <form method="get" action="/enquiries" class="dossier-form dossier-form--grid">
          {select(
            "state",
            m.enquiryState,
            ENQUIRY_STATES.map((value) => ({ value, label: codeLabel(locale, "enquiryState", value) })),
            state,
          )}
          {select(
            "sla",
            m.enquirySla,
            SLA_STATES.map((value) => ({ value, label: codeLabel(locale, "slaState", value) })),
            sla,
          )}
          <div class="dossier-form__actions">
            <gcds-button type="submit">{m.enquiriesFilter}</gcds-button>
          </div>
        </form>
        {items.length === 0 ? (
          <Empty>{m.enquiriesEmpty}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{m.enquiriesCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.enquiryReference}</th>
                  <th scope="col">{m.enquiryReceived}</th>
                  <th scope="col">{m.enquiryEnquirer}</th>
                  <th scope="col">{m.enquiryCategory}</th>
                  <th scope="col">{m.enquiryState}</th>
                  <th scope="col">{m.enquirySla}</th>
                  <th scope="col">{escalatedHeading[locale]}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr>
                    <td class="dossier-nowrap">
                      <a href={`/enquiries/${encodeURIComponent(item.reference)}`}>{item.reference}</a>
                    </td>
                    <td class="dossier-nowrap">{formatDateTime(item.receivedAt, item.timeZone, locale)}</td>
                    <td>{item.enquirer}</td>
                    <td>{categoryName(item.category, locale)}</td>
                    <td>{codeLabel(locale, "enquiryState", item.state)}</td>
                    <td>
                      <SlaText sla={item.sla} timeZone={item.timeZone} locale={locale} m={m} />
                    </td>
                    <td>
                      <EscalationCell escalation={escalations.get(item.id)} locale={locale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Layout>,
    );
  });

  pages.get("/enquiries/:reference", (c) => renderEnquiryPage(c, c.req.param("reference")));
  registerEnquiryActions(pages, renderEnquiryPage);
}

/**
 * One enquiry whole, with its forms (reply, category correction, disagreement); `refused` holds what
 * was typed in a refused form and why, shown with the status of the refusal beside that form.
 */
export async function renderEnquiryPage(
  c: Context<AppEnv>,
  referenceParam: string,
  refused?: { state: FormState; status: number },
) {
  const locale = c.var.locale;
  const m = messages(locale);
  const db = c.var.database.db;
  const view = await getEnquiry(db, c.var.actor!, referenceParam);
  const { enquiry, office, sla } = view;
  const zone = office.timeZone;
  const when = (date: Date | null) => formatDateTime(date, zone, locale);
  const outgoingAutomatic = view.messages.filter(
    (message) => message.direction === "out" && message.automatic,
  );
  const stated = (Object.keys(view.fields) as EnquiryField[]).sort((a, b) => fieldOrder(a) - fieldOrder(b));
  const url = new URL(c.req.url);
  return c.html(
    <Layout
      locale={locale}
      title={m.enquiryTitle(enquiry.reference)}
      actor={c.var.actor}
      csrfToken={c.var.csrfToken}
      path={url.pathname + url.search}
      section="enquiries"
    >
      <gcds-heading tag="h1">{m.enquiryTitle(enquiry.reference)}</gcds-heading>
      <Section id="summary" title={m.enquirySummary}>
        <SummaryList
          items={[
            [m.enquirySubject, enquiry.subject],
            [m.enquiryOffice, locale === "fr" ? office.nameFr : office.nameEn],
            [m.enquiryChannel, codeLabel(locale, "enquiryChannel", enquiry.channel)],
            [m.enquiryReceived, when(enquiry.receivedAt)],
            [m.enquiryFrom, enquiry.enquirerAddress ?? ""],
            [m.enquiryLanguageOf, codeLabel(locale, "language", enquiry.language)],
            [m.enquiryState, codeLabel(locale, "enquiryState", enquiry.state)],
          ]}
        />
      </Section>
      <Section id="clock" title={m.enquiryClock}>
        <SummaryList
          items={[
            [m.enquirySla, codeLabel(locale, "slaState", sla.state)],
            [m.enquiryStandard, m.enquiryDays(enquiry.responseDays)],
            [
              m.enquiryDueAt,
              sla.state === "paused" ? m.enquirySlaWouldBeDue(when(sla.dueAt)) : when(sla.dueAt),
            ],
            [m.enquiryTimeLeft, duration(sla.remainingMs, m)],
            [m.enquiryPausedFor, duration(sla.pausedMs, m)],
            [
              m.enquiryAnsweredAt,
              enquiry.firstResponseAt ? when(enquiry.firstResponseAt) : m.enquiryNotAnswered,
            ],
          ]}
        />
      </Section>
      <Section id="stated" title={m.enquiryStated}>
        {stated.length === 0 ? (
          <Empty>{m.enquiryNothingStated}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption class="dossier-visually-hidden">{m.enquiryStatedCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.enquiryItem}</th>
                  <th scope="col">{m.value}</th>
                  <th scope="col">{m.enquiryReadFrom}</th>
                  <th scope="col">{m.enquiryEvidence}</th>
                </tr>
              </thead>
              <tbody>
                {stated.map((field) => {
                  const found = view.fields[field]!;
                  return (
                    <tr>
                      <th scope="row">{fieldLabel(locale, field)}</th>
                      <td>{statedValue(field, found.value, locale)}</td>
                      <td>{codeLabel(locale, "fieldSource", found.source)}</td>
                      <td class="dossier-pre">{found.evidence}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="missing" title={m.enquiryMissing}>
        {view.missing.length === 0 ? (
          <Empty>{m.enquiryNothingMissing}</Empty>
        ) : (
          <ul>
            {view.missing.map((missing) => (
              <li>
                {fieldLabel(locale, missing.field)}
                {locale === "fr" ? " : " : ": "}
                {codeLabel(locale, "missingProblem", missing.problem)}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <EnquiryCategorySection
        c={c}
        view={view}
        rules={(await findCategoryRules(db, enquiry.officeId)).rules}
        state={refused?.state}
      />
      <EnquiryEscalationSection c={c} view={view} state={refused?.state} />
      <Section id="file" title={m.enquiryFile}>
        {view.file ? (
          <>
            <p>
              {view.file.fileNumber ? (
                <a href={`/applications/${encodeURIComponent(view.file.fileNumber)}`}>
                  {view.file.fileNumber}
                </a>
              ) : null}
              {view.file.fileNumber ? " · " : null}
              <a href={`/clients/${encodeURIComponent(view.file.uci)}`}>
                {`${view.file.familyName}, ${view.file.givenNames} (${m.uci} ${displayUci(view.file.uci)})`}
              </a>
            </p>
            <p class="dossier-meta">{m.enquiryFileNotIdentity}</p>
          </>
        ) : (
          <Empty>{m.enquiryNoFile}</Empty>
        )}
      </Section>
      <Section id="thread" title={m.enquiryThread}>
        <ol class="dossier-notes">
          {view.messages.map((message) => (
            <li class="dossier-note">
              <p class="dossier-note__meta">
                <span>{when(message.receivedAt ?? message.sentAt ?? message.createdAt)}</span>
                {" · "}
                <span>{codeLabel(locale, "direction", message.direction)}</span>
                {" · "}
                <span>{codeLabel(locale, "enquiryMessageKind", message.kind)}</span>
                {message.status ? (
                  <span class="dossier-tag dossier-tag--plain">
                    {codeLabel(locale, "enquiryMessageStatus", message.status)}
                  </span>
                ) : null}
              </p>
              <p class="dossier-note__meta">
                {m.enquiryMessageFrom}
                {locale === "fr" ? " : " : ": "}
                {message.fromText}
                {" · "}
                {m.enquiryMessageTo}
                {locale === "fr" ? " : " : ": "}
                {message.toAddresses.join(", ")}
              </p>
              {message.direction === "in" && message.envelopeFrom !== null ? (
                <EnvelopeSender
                  locale={locale}
                  envelopeFrom={message.envelopeFrom}
                  fromAddress={message.fromAddress}
                />
              ) : null}
              <p class="dossier-note__meta">
                {m.enquirySubject}
                {locale === "fr" ? " : " : ": "}
                {message.subject}
              </p>
              {message.textFromHtml ? <p class="dossier-meta">{m.enquiryTextFromHtml}</p> : null}
              <pre class="dossier-mail-text">{message.bodyText}</pre>
            </li>
          ))}
        </ol>
      </Section>
      <EnquiryReplySection
        c={c}
        view={view}
        release={await decideEnquiryRelease(db, enquiry, office.timeZone)}
        state={refused?.state.form.startsWith("reply-") ? refused.state : undefined}
      />
      <Section id="auto-replies" title={m.enquiryAutoReplies}>
        {outgoingAutomatic.length === 0 ? (
          <Empty>{m.enquiryNoAutoReplies}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption class="dossier-visually-hidden">{m.enquiryAutoRepliesCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.enquiryReceived}</th>
                  <th scope="col">{m.kind}</th>
                  <th scope="col">{m.enquiryMessageTo}</th>
                  <th scope="col">{m.status}</th>
                  <th scope="col">{m.enquiryWhyNotSent}</th>
                </tr>
              </thead>
              <tbody>
                {outgoingAutomatic.map((message) => (
                  <tr>
                    <td class="dossier-nowrap">{when(message.createdAt)}</td>
                    <td>{codeLabel(locale, "enquiryMessageKind", message.kind)}</td>
                    <td>{message.toAddresses.join(", ")}</td>
                    <td>{codeLabel(locale, "enquiryMessageStatus", message.status)}</td>
                    <td>{message.statusReason ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <p>
        <gcds-link href="/enquiries">{m.enquiryBack}</gcds-link>
      </p>
    </Layout>,
    (refused?.status ?? 200) as 200,
  );
}

function SlaText(props: { sla: SlaResult; timeZone: string; locale: Locale; m: Words }) {
  const { sla, m, locale } = props;
  const label = codeLabel(locale, "slaState", sla.state);
  const due = formatDateTime(sla.dueAt, props.timeZone, locale);
  if (sla.state === "due") return <>{`${label}, ${m.enquirySlaDue(due)}`}</>;
  if (sla.state === "breached") return <strong>{`${label}, ${m.enquirySlaDue(due)}`}</strong>;
  return <>{label}</>;
}

const escalatedHeading = { en: "Escalated", fr: "Transmise" } as const;

/** "Not escalated" is left blank so the escalated enquiries stand out in the column. */
function EscalationCell(props: { escalation: ListedEscalation | undefined; locale: Locale }) {
  const { escalation, locale } = props;
  if (!escalation) return null;
  return (
    <span class="dossier-tag dossier-tag--plain">
      {escalationFlag(locale, escalation.to, escalation.trigger)}
    </span>
  );
}

function fieldOrder(field: EnquiryField): number {
  const index = (REQUIRED_ENQUIRY_FIELDS as readonly string[]).indexOf(field);
  return index === -1 ? REQUIRED_ENQUIRY_FIELDS.length : index;
}

function statedValue(field: EnquiryField, value: string, locale: Locale): string {
  if (field === "enquirerRole") return codeLabel(locale, "enquirerRole", value);
  if (field === "uci") return displayUci(value);
  return value;
}

function duration(ms: number, m: Words): string {
  const hours = Math.floor(ms / 3_600_000);
  return m.enquiryDuration(Math.floor(hours / 24), hours % 24);
}

/**
 * The SMTP envelope sender of an incoming message. The From line is the sender's own claim; a
 * different envelope (an empty one is a bounce, RFC 5321 §4.5.5) is worth a second look before the
 * address is trusted with personal information.
 */
function EnvelopeSender(props: { locale: Locale; envelopeFrom: string; fromAddress: string | null }) {
  const m = messages(props.locale);
  const envelope = props.envelopeFrom.trim();
  const differs = envelope.toLowerCase() !== (props.fromAddress ?? "").trim().toLowerCase();
  return (
    <p class="dossier-note__meta">
      {m.enquiryEnvelopeFrom}
      {props.locale === "fr" ? " : " : ": "}
      {envelope === "" ? m.enquiryEnvelopeEmpty : envelope}
      {differs ? (
        <>
          {" "}
          <span class="dossier-tag dossier-tag--plain">{m.enquiryEnvelopeDiffers}</span>
        </>
      ) : null}
    </p>
  );
}
