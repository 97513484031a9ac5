/**
 * The recourse annex of a decision letter: what the person can do, by when and under which law,
 * as plain lines of text the letter templates place after the decision. The options open to the
 * person come first, each with its deadline written out; those that are not open follow in one
 * short list, so that nobody waits for an appeal the law does not give.
 */
import { formatLetterDate } from "../letters/format-letter-date.ts";
import type { RecourseKind, RecourseOption } from "./list-recourse-options.ts";

export const RECOURSE_TITLES: Record<RecourseKind, { en: string; fr: string }> = {
  "iad-appeal": {
    en: "Appeal to the Immigration Appeal Division",
    fr: "Appel devant la Section d'appel de l'immigration",
  },
  "judicial-review-leave": {
    en: "Leave and judicial review at the Federal Court",
    fr: "Autorisation et contrôle judiciaire à la Cour fédérale",
  },
  reconsideration: { en: "Request for reconsideration", fr: "Demande de réexamen" },
  "atip-notes": {
    en: "A copy of your file (access to information or privacy request)",
    fr: "Copie de votre dossier (demande d'accès à l'information ou de renseignements personnels)",
  },
  reapply: { en: "A new application", fr: "Nouvelle demande" },
};

const WORDS = {
  en: {
    heading: "What you can do about this decision",
    colon: ":",
    open: "Options open to you:",
    closed: "Options not open for this decision:",
    deadline: (date: string) => `Deadline: ${date}.`,
    passed: (date: string) => `The deadline was ${date}.`,
    suggested: (date: string) => `Suggested by: ${date} (not a legal deadline).`,
    answerDue: (date: string) => `The department must answer a request received today by ${date}.`,
    reapplyFrom: (date: string) => `A new application can be made from ${date}.`,
    basis: (basis: string) => `Legal basis: ${basis}.`,
    counting:
      "Time limits are counted from the day after you were notified of this decision; a time limit that ends on a Saturday, a Sunday or a federal holiday runs to the next working day (Interpretation Act ss. 26–27).",
    advice:
      "This annex gives information, not legal advice: a lawyer or a licensed consultant can advise you.",
  },
  fr: {
    heading: "Ce que vous pouvez faire à la suite de cette décision",
    // French sets a space before a colon.
    colon: " :",
    open: "Recours qui vous sont ouverts :",
    closed: "Recours non ouverts pour cette décision :",
    deadline: (date: string) => `Date limite : ${date}.`,
    passed: (date: string) => `La date limite était le ${date}.`,
    suggested: (date: string) => `Date suggérée : ${date} (ce n'est pas un délai légal).`,
    answerDue: (date: string) =>
      `Le ministère doit répondre à une demande reçue aujourd'hui au plus tard le ${date}.`,
    reapplyFrom: (date: string) => `Une nouvelle demande peut être présentée à compter du ${date}.`,
    basis: (basis: string) => `Fondement juridique : ${basis}.`,
    counting:
      "Les délais se comptent à partir du lendemain du jour où la décision vous a été notifiée; un délai qui se termine un samedi, un dimanche ou un jour férié fédéral est reporté au jour ouvrable suivant (Loi d'interprétation, art. 26 et 27).",
    advice:
      "Cette annexe donne de l'information et non un avis juridique : un avocat ou un consultant autorisé peut vous conseiller.",
  },
} as const;

/**
 * The annex as lines of plain text, in the letter's language. Dates are written as the letter
 * writes them ("28 December 2026"); the reasons keep their YYYY-MM-DD dates, which read the same
 * in both languages.
 *
 * @example recourseAnnex(listRecourseOptions(input, calendar), "fr")[0] // → "Ce que vous pouvez faire à la suite de cette décision"
 */
export function recourseAnnex(options: RecourseOption[], locale: "en" | "fr"): string[] {
  const words = WORDS[locale];
  const date = (iso: string) => formatLetterDate(iso, locale);
  const lines: string[] = [words.heading, ""];
  const open = options.filter((option) => option.available);
  const closed = options.filter((option) => !option.available);
  if (open.length > 0) {
    lines.push(words.open, "");
    open.forEach((option, i) => {
      lines.push(`${i + 1}. ${RECOURSE_TITLES[option.kind][locale]}`);
      if (option.deadline) {
        lines.push(
          option.deadlinePassed ? words.passed(date(option.deadline)) : words.deadline(date(option.deadline)),
        );
      }
      if (option.suggestedBy) lines.push(words.suggested(date(option.suggestedBy)));
      if (option.answerDue) lines.push(words.answerDue(date(option.answerDue)));
      lines.push(locale === "fr" ? option.reasonFr : option.reason);
      lines.push(words.basis(locale === "fr" ? option.basisFr : option.basis), "");
    });
  }
  if (closed.length > 0) {
    lines.push(words.closed, "");
    for (const option of closed) {
      lines.push(
        `- ${RECOURSE_TITLES[option.kind][locale]}${words.colon} ${locale === "fr" ? option.reasonFr : option.reason}`,
      );
      if (option.reapplyFrom) lines.push(`  ${words.reapplyFrom(date(option.reapplyFrom))}`);
      lines.push(`  ${words.basis(locale === "fr" ? option.basisFr : option.basis)}`);
    }
    lines.push("");
  }
  lines.push(words.counting, words.advice);
  return lines;
}
