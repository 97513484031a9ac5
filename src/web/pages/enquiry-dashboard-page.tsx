/**
 * Response times of the offices side by side, for program managers and administrators: how many
 * enquiries each office received in a period, how fast it first answered, how often within its
 * published standard, and how many went up a level.
 */
import type { Hono } from "hono";
import {
  compareOffices,
  DEFAULT_PERIOD_DAYS,
  type OfficeComparison,
} from "../../enquiries/compare-offices.ts";
import type { AppEnv, Locale } from "../env.ts";
import { Empty } from "./components.tsx";
import { Layout } from "./layout.tsx";

const WORDS = {
  en: {
    title: "Response times by office",
    intro: `Enquiries received in the period, by office. First response is the first standard or case-specific reply; automatic replies do not count. With no dates chosen, the last ${DEFAULT_PERIOD_DAYS} days are shown.`,
    from: "From (first day, YYYY-MM-DD)",
    to: "To (last day, YYYY-MM-DD)",
    show: "Show",
    back: "Back to the enquiries",
    caption: (from: string, to: string) =>
      `Enquiries received from ${from} to ${to}, each office's days in its own time zone`,
    office: "Office",
    received: "Enquiries received",
    unanswered: "Not yet answered",
    median: "Median first response",
    p95: "95th percentile first response",
    share: "Answered within the standard",
    escalations: "Escalations",
    standard: (days: string) => `standard: ${days}`,
    ofDecided: (within: string, decided: string) => `${within} of ${decided}`,
    none: "none answered",
    nothingDecided: "nothing due yet",
    empty: "No office to show.",
    shareNote:
      "“Answered within the standard” counts the enquiries whose due time has come: those answered, and those still unanswered past their due time. An enquiry still inside its time, or waiting for the enquirer, is not counted yet.",
    escalationsNote:
      "Escalations counts the enquiries of the period that went up a level: to the Case Management Branch or to the program manager, after 30 days without a reply, on a disagreement, or through the manager mailbox.",
  },
  fr: {
    title: "Délais de réponse par bureau",
    intro: `Demandes de renseignements reçues pendant la période, par bureau. La première réponse est la première réponse type ou propre au dossier; les réponses automatiques ne comptent pas. Sans dates choisies, les ${DEFAULT_PERIOD_DAYS} derniers jours sont affichés.`,
    from: "Du (premier jour, AAAA-MM-JJ)",
    to: "Au (dernier jour, AAAA-MM-JJ)",
    show: "Afficher",
    back: "Retour aux demandes de renseignements",
    caption: (from: string, to: string) =>
      `Demandes reçues du ${from} au ${to}, les jours de chaque bureau selon son propre fuseau horaire`,
    office: "Bureau",
    received: "Demandes reçues",
    unanswered: "Pas encore répondues",
    median: "Première réponse, médiane",
    p95: "Première réponse, 95e centile",
    share: "Répondues dans le délai publié",
    escalations: "Transmissions à un niveau supérieur",
    standard: (days: string) => `délai publié : ${days}`,
    ofDecided: (within: string, decided: string) => `${within} sur ${decided}`,
    none: "aucune répondue",
    nothingDecided: "aucune encore échue",
    empty: "Aucun bureau à afficher.",
    shareNote:
      "« Répondues dans le délai publié » porte sur les demandes dont l'échéance est arrivée : celles qui ont reçu une réponse, et celles encore sans réponse après leur échéance. Une demande encore dans son délai, ou en attente de l'auteur de la demande, n'est pas encore comptée.",
    escalationsNote:
      "Les transmissions à un niveau supérieur comptent les demandes de la période qui sont montées d'un niveau : vers la Direction générale du règlement des cas ou vers le gestionnaire de programme, après 30 jours sans réponse, en cas de désaccord, ou par la boîte du gestionnaire.",
  },
} as const;

export function registerEnquiryDashboard(pages: Hono<AppEnv>) {
  pages.get("/enquiries/dashboard", async (c) => {
    const locale = c.var.locale;
    const w = WORDS[locale];
    const from = c.req.query("from") ?? "";
    const to = c.req.query("to") ?? "";
    const comparison = await compareOffices(c.var.database.db, c.var.actor!, { from, to });
    const url = new URL(c.req.url);
    const n = numbers(locale);
    return c.html(
      <Layout
        locale={locale}
        title={w.title}
        actor={c.var.actor}
        csrfToken={c.var.csrfToken}
        path={url.pathname + url.search}
        section="enquiries"
      >
        <gcds-heading tag="h1">{w.title}</gcds-heading>
        <gcds-text>{w.intro}</gcds-text>
        <form method="get" action="/enquiries/dashboard" class="dossier-form dossier-form--grid">
          <gcds-input
            input-id="dashboard-from"
            name="from"
            label={w.from}
            type="date"
            value={comparison.from}
          ></gcds-input>
          <gcds-input
            input-id="dashboard-to"
            name="to"
            label={w.to}
            type="date"
            value={comparison.to}
          ></gcds-input>
          <div class="dossier-form__actions">
            <gcds-button type="submit">{w.show}</gcds-button>
          </div>
        </form>
        {comparison.offices.length === 0 ? (
          <Empty>{w.empty}</Empty>
        ) : (
          <div class="dossier-table-wrap">
            <table class="dossier-table">
              <caption>{w.caption(comparison.from, comparison.to)}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.office}</th>
                  <th scope="col">{w.received}</th>
                  <th scope="col">{w.unanswered}</th>
                  <th scope="col">{w.median}</th>
                  <th scope="col">{w.p95}</th>
                  <th scope="col">{w.share}</th>
                  <th scope="col">{w.escalations}</th>
                </tr>
              </thead>
              <tbody>
                {comparison.offices.map((office) => (
                  <OfficeRow office={office} locale={locale} n={n} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <gcds-text>{w.shareNote}</gcds-text>
        <gcds-text>{w.escalationsNote}</gcds-text>
        <gcds-text>
          <a href="/enquiries">{w.back}</a>
        </gcds-text>
      </Layout>,
    );
  });
}

function OfficeRow(props: { office: OfficeComparison; locale: Locale; n: Numbers }) {
  const { office, locale, n } = props;
  const w = WORDS[locale];
  return (
    <tr>
      <th scope="row">
        {locale === "fr" ? office.nameFr : office.nameEn} ({office.officeCode})
        <br />
        <span class="dossier-meta">{w.standard(n.days(office.responseStandardDays))}</span>
      </th>
      <td class="dossier-nowrap">{n.count(office.received)}</td>
      <td class="dossier-nowrap">{n.count(office.unanswered)}</td>
      <td class="dossier-nowrap">{n.duration(office.medianFirstResponseSeconds) ?? w.none}</td>
      <td class="dossier-nowrap">{n.duration(office.p95FirstResponseSeconds) ?? w.none}</td>
      <td>
        {office.withinStandardShare === null ? (
          w.nothingDecided
        ) : (
          <>
            {n.percent(office.withinStandardShare)}
            <br />
            <span class="dossier-meta">
              {w.ofDecided(n.count(office.answeredWithinStandard), n.count(office.decided))}
            </span>
          </>
        )}
      </td>
      <td class="dossier-nowrap">{n.count(office.escalations)}</td>
    </tr>
  );
}

type Numbers = ReturnType<typeof numbers>;

/** Counts, shares and durations written the way each language writes them (fr-CA: "2,5 heures", "87 %"). */
function numbers(locale: Locale) {
  const tag = locale === "fr" ? "fr-CA" : "en-CA";
  const count = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const unit = (name: "minute" | "hour" | "day") =>
    new Intl.NumberFormat(tag, { style: "unit", unit: name, unitDisplay: "long", maximumFractionDigits: 1 });
  const minutes = unit("minute");
  const hours = unit("hour");
  const days = unit("day");
  return {
    count: (value: number) => count.format(value),
    percent: (share: number) => percent.format(share),
    days: (value: number) => days.format(value),
    /** Under two hours in minutes, under two days in hours, else in days. */
    duration(seconds: number | null): string | null {
      if (seconds === null) return null;
      if (seconds < 2 * 3600) return minutes.format(seconds / 60);
      if (seconds < 2 * 86400) return hours.format(seconds / 3600);
      return days.format(seconds / 86400);
    },
  };
}
