/**
 * What a person can do after a decision (issue 6, item 3): the recourse options, whether each is
 * open, by when, and on what legal basis, in English and French. Pure: the holiday calendar and
 * "today" come in as arguments, so the same input always gives the same answer.
 *
 * Seed 003 is an article, not a legal source: it states the Federal Court leave periods the wrong
 * way round. The periods here are those of the statutes (IRPA s. 72(2)(b): 15 days in Canada, 60
 * days outside Canada; Citizenship Act s. 22.1: 30 days).
 */
import { isIsoDate } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { addYears, type ClosedDay, computeDeadline, type Deadline } from "./compute-deadline.ts";
import type { HolidayCalendar } from "./holiday-calendar.ts";

export type { LineOfBusiness };
export { LINES_OF_BUSINESS };

export const RECOURSE_DECISIONS = ["refusal", "removal-order", "residency-obligation"] as const;
export type RecourseDecision = (typeof RECOURSE_DECISIONS)[number];

export const INADMISSIBILITY_GROUNDS = [
  "serious-criminality",
  "organized-criminality",
  "security",
  "human-rights",
  "misrepresentation",
] as const;
export type InadmissibilityGround = (typeof INADMISSIBILITY_GROUNDS)[number];

export const RECOURSE_KINDS = [
  "iad-appeal",
  "judicial-review-leave",
  "reconsideration",
  "atip-notes",
  "reapply",
] as const;
export type RecourseKind = (typeof RECOURSE_KINDS)[number];

export const ARISING = ["canada", "outside"] as const;
export type Arising = (typeof ARISING)[number];

/**
 * Who the sponsor sponsored, in the words of IRPA s. 64(3): only a spouse, common-law partner or
 * child keeps the sponsorship appeal after a misrepresentation finding. A conjugal partner, a
 * parent or any other relative is "other".
 */
export const SPONSORED_RELATIONSHIPS = ["spouse", "common-law-partner", "child", "other"] as const;
export type SponsoredRelationship = (typeof SPONSORED_RELATIONSHIPS)[number];

export interface RecourseInput {
  decision: RecourseDecision;
  line: LineOfBusiness;
  /** The day the person was notified of the decision, YYYY-MM-DD. */
  notified: string;
  arising: Arising;
  inadmissibility?: InadmissibilityGround;
  /** Family sponsorship only: who was sponsored; decides s. 64(3) after a misrepresentation finding. */
  relationship?: SponsoredRelationship;
  /** The calendar date the options are worked out on, YYYY-MM-DD. */
  today: string;
}

export interface RecourseOption {
  kind: RecourseKind;
  available: boolean;
  /** The last day to act, YYYY-MM-DD, or null when the law sets none or the option is closed. */
  deadline: string | null;
  basis: string;
  reason: string;
  basisFr: string;
  reasonFr: string;
  /** True when `deadline` is before `today`. */
  deadlinePassed: boolean;
  /** reconsideration: the date Dossier suggests acting by (30 days after notification); not a legal limit. */
  suggestedBy?: string;
  /** atip-notes: the date the department must answer a request it receives `today`. */
  answerDue?: string;
  /** reapply, when barred: the first day a new application is no longer barred. */
  reapplyFrom?: string;
  /**
   * judicial-review-leave, when the appeal depends on a fact not given (s. 64(3)): the leave
   * deadline that applies if there is no appeal after all.
   */
  deadlineIfNoAppeal?: string;
}

interface Wording {
  en: string;
  fr: string;
}

/** An input that fits no recourse: the field at fault and why, in both languages. */
export interface RecourseInputProblem {
  field: keyof RecourseInput;
  en: string;
  fr: string;
}

const LINE_NAMES: Record<LineOfBusiness, Wording> = {
  "family-sponsorship": { en: "family sponsorship", fr: "parrainage familial" },
  "temporary-residence": { en: "temporary residence", fr: "résidence temporaire" },
  "permanent-residence": { en: "permanent residence", fr: "résidence permanente" },
  citizenship: { en: "citizenship", fr: "citoyenneté" },
  eta: { en: "electronic travel authorization (eTA)", fr: "autorisation de voyage électronique (AVE)" },
};

const GROUND_NAMES: Record<InadmissibilityGround, Wording> = {
  "serious-criminality": { en: "serious criminality", fr: "grande criminalité" },
  "organized-criminality": { en: "organized criminality", fr: "criminalité organisée" },
  security: { en: "security", fr: "sécurité" },
  "human-rights": {
    en: "violating human or international rights",
    fr: "atteinte aux droits humains ou internationaux",
  },
  misrepresentation: { en: "misrepresentation", fr: "fausses déclarations" },
};

/**
 * The combinations no recourse list can be given for, found before any date is counted. Shared by
 * the zod schema (recourse.schema.ts) and listRecourseOptions, so both refuse the same inputs.
 */
export function recourseInputProblem(input: RecourseInput): RecourseInputProblem | null {
  if (!isIsoDate(input.notified)) {
    return {
      field: "notified",
      en: "must be a real date written YYYY-MM-DD",
      fr: "doit être une date réelle écrite AAAA-MM-JJ",
    };
  }
  if (!isIsoDate(input.today)) {
    return {
      field: "today",
      en: "must be a real date written YYYY-MM-DD",
      fr: "doit être une date réelle écrite AAAA-MM-JJ",
    };
  }
  if (input.notified > input.today) {
    return {
      field: "notified",
      en: `must not be in the future (today is ${input.today}): time runs only from a notification already received`,
      fr: `ne doit pas être dans le futur (nous sommes le ${input.today}) : le délai ne court qu'à partir d'une notification déjà reçue`,
    };
  }
  // Only a Canadian citizen is beyond removal, and a citizenship decision is never a removal order.
  if (input.decision === "removal-order" && input.line === "citizenship") {
    return {
      field: "decision",
      en: "a removal order is not a citizenship decision: give the line of business of the person's immigration file (permanent-residence, temporary-residence, family-sponsorship or eta)",
      fr: "une mesure de renvoi n'est pas une décision de citoyenneté : indiquez le secteur d'activité du dossier d'immigration de la personne (permanent-residence, temporary-residence, family-sponsorship ou eta)",
    };
  }
  // IRPA s. 28 places the residency obligation on permanent residents only.
  if (input.decision === "residency-obligation" && input.line !== "permanent-residence") {
    return {
      field: "decision",
      en: `a residency-obligation decision concerns a permanent resident (IRPA s. 28): it fits only the permanent-residence line, not ${input.line}`,
      fr: `une décision sur l'obligation de résidence vise un résident permanent (LIPR, art. 28) : elle ne correspond qu'au secteur permanent-residence, pas à ${input.line}`,
    };
  }
  // Removal orders are made in Canada, at a port of entry or inland (IRPA ss. 44–45).
  if (input.decision === "removal-order" && input.arising === "outside") {
    return {
      field: "arising",
      en: "a removal order is made in Canada (IRPA ss. 44–45): the matter arises in Canada",
      fr: "une mesure de renvoi est prise au Canada (LIPR, art. 44 et 45) : l'affaire a pris naissance au Canada",
    };
  }
  // The appeal of s. 63(4) is from a residency-obligation decision made outside Canada; in Canada the
  // same finding leads to a report and a removal order, which is appealed as such (s. 63(3)).
  if (input.decision === "residency-obligation" && input.arising === "canada") {
    return {
      field: "arising",
      en: "a residency-obligation decision is made outside Canada (IRPA s. 63(4)); in Canada the finding leads to a removal order: give the decision removal-order",
      fr: "une décision sur l'obligation de résidence est rendue hors du Canada (LIPR, par. 63(4)); au Canada, le constat mène à une mesure de renvoi : indiquez la décision removal-order",
    };
  }
  // The grounds of inadmissibility are IRPA's (ss. 34–40); the Citizenship Act has its own
  // prohibitions, of which only misrepresentation (s. 22(1)(e.1)) matches a ground of this list.
  if (
    input.line === "citizenship" &&
    input.inadmissibility &&
    input.inadmissibility !== "misrepresentation"
  ) {
    return {
      field: "inadmissibility",
      en: "a citizenship decision is not a finding of inadmissibility under IRPA; of these grounds only misrepresentation applies to citizenship (Citizenship Act s. 22(1)(e.1))",
      fr: "une décision de citoyenneté n'est pas une interdiction de territoire au sens de la LIPR; de ces motifs, seules les fausses déclarations s'appliquent à la citoyenneté (Loi sur la citoyenneté, al. 22(1)e.1))",
    };
  }
  if (input.relationship && !(input.decision === "refusal" && input.line === "family-sponsorship")) {
    return {
      field: "relationship",
      en: "applies only to the refusal of a family sponsorship (IRPA s. 64(3))",
      fr: "ne s'applique qu'au refus d'un parrainage familial (LIPR, par. 64(3))",
    };
  }
  return null;
}

/**
 * The five recourse options, in the order a person would weigh them.
 *
 * @example
 * listRecourseOptions({ decision: "refusal", line: "temporary-residence", notified: "2026-12-10",
 *   arising: "canada", today: "2026-12-11" }, calendar)
 * // → judicial-review-leave available, deadline "2026-12-28" (day 15 is Christmas Day, then
 * //   Boxing Day and a Sunday); iad-appeal not available; reconsideration, atip-notes, reapply open
 */
export function listRecourseOptions(input: RecourseInput, calendar: HolidayCalendar): RecourseOption[] {
  const problem = recourseInputProblem(input);
  if (problem) {
    throw new AppError("invalid_input", `${problem.field}: ${problem.en}`, {
      field: problem.field,
      messageFr: `${problem.field} : ${problem.fr}`,
    });
  }
  const appeal = iadAppeal(input, calendar);
  return [
    appeal.option,
    judicialReviewLeave(input, appeal, calendar),
    reconsideration(input, calendar),
    atipNotes(input, calendar),
    reapply(input),
  ];
}

// ---------------------------------------------------------------------------------------------
// Immigration Appeal Division (IRPA ss. 63–64)

interface AppealOutcome {
  option: RecourseOption;
  /** True when the appeal right exists, which closes the Federal Court for now (s. 72(2)(a)). */
  open: boolean;
  /** True when the appeal depends on s. 64(3) and the relationship was not given. */
  conditional: boolean;
}

interface AppealRight {
  days: 30 | 60;
  /** The provision of IRPA that gives the appeal. */
  basis: Wording;
  who: Wording;
  /** The appeal of a sponsor (s. 63(1)), the only one s. 64(3) closes. */
  sponsorship: boolean;
}

const IAD_RULES: Wording = {
  en: "Immigration Appeal Division Rules (time to file a notice of appeal); Interpretation Act ss. 26–27",
  fr: "Règles de la Section d'appel de l'immigration (délai de l'avis d'appel); Loi d'interprétation, art. 26 et 27",
};

function appealRight(input: RecourseInput): AppealRight | Wording {
  const { decision, line, arising } = input;
  if (decision === "residency-obligation") {
    return {
      days: 60,
      sponsorship: false,
      basis: { en: "IRPA s. 63(4)", fr: "LIPR, par. 63(4)" },
      who: {
        en: "The permanent resident may appeal the residency-obligation decision to the Immigration Appeal Division: the notice of appeal must reach the Division within 60 days after the decision was received",
        fr: "Le résident permanent peut interjeter appel de la décision sur l'obligation de résidence devant la Section d'appel de l'immigration : l'avis d'appel doit parvenir à la Section dans les 60 jours suivant la réception de la décision",
      },
    };
  }
  if (decision === "removal-order") {
    if (line === "temporary-residence" || line === "eta") {
      return {
        en: "Only a permanent resident, a protected person or a foreign national holding a permanent resident visa may appeal a removal order to the Immigration Appeal Division (IRPA s. 63(2)–(3)).",
        fr: "Seuls le résident permanent, la personne protégée et l'étranger titulaire d'un visa de résident permanent peuvent interjeter appel d'une mesure de renvoi devant la Section d'appel de l'immigration (LIPR, par. 63(2) et (3)).",
      };
    }
    return {
      days: 30,
      sponsorship: false,
      basis: { en: "IRPA s. 63(2)–(3)", fr: "LIPR, par. 63(2) et (3)" },
      who: {
        en: "A permanent resident, a protected person or a foreign national holding a permanent resident visa may appeal the removal order to the Immigration Appeal Division: the notice of appeal must reach the Division within 30 days after the order was received",
        fr: "Le résident permanent, la personne protégée ou l'étranger titulaire d'un visa de résident permanent peut interjeter appel de la mesure de renvoi devant la Section d'appel de l'immigration : l'avis d'appel doit parvenir à la Section dans les 30 jours suivant la réception de la mesure",
      },
    };
  }
  if (line === "family-sponsorship" && arising === "outside") {
    return {
      days: 30,
      sponsorship: true,
      basis: { en: "IRPA s. 63(1)", fr: "LIPR, par. 63(1)" },
      who: {
        en: "The sponsor may appeal the refusal to the Immigration Appeal Division: the notice of appeal must reach the Division within 30 days after the written reasons for the refusal were received",
        fr: "Le répondant peut interjeter appel du refus devant la Section d'appel de l'immigration : l'avis d'appel doit parvenir à la Section dans les 30 jours suivant la réception des motifs écrits du refus",
      },
    };
  }
  if (line === "family-sponsorship") {
    // s. 63(1) is an appeal from the refusal of a permanent resident *visa*; the spouse or
    // common-law partner in Canada class is decided without one, so its refusals go to the Court.
    return {
      en: "A refusal decided in Canada (spouse or common-law partner in Canada class) is not the refusal of a permanent resident visa, so IRPA s. 63(1) gives no appeal to the Immigration Appeal Division.",
      fr: "Un refus rendu au Canada (catégorie des époux ou conjoints de fait au Canada) n'est pas le refus d'un visa de résident permanent : le par. 63(1) de la LIPR n'ouvre donc aucun appel devant la Section d'appel de l'immigration.",
    };
  }
  if (line === "citizenship") {
    return {
      en: "The Citizenship Act provides no appeal to the Immigration Appeal Division; the Federal Court reviews citizenship decisions, with leave (Citizenship Act s. 22.1).",
      fr: "La Loi sur la citoyenneté ne prévoit aucun appel devant la Section d'appel de l'immigration; la Cour fédérale contrôle les décisions de citoyenneté, sur autorisation (Loi sur la citoyenneté, art. 22.1).",
    };
  }
  return {
    en: `IRPA s. 63 gives no appeal to the Immigration Appeal Division from the refusal of a ${LINE_NAMES[line].en} application.`,
    fr: `L'article 63 de la LIPR n'ouvre aucun appel devant la Section d'appel de l'immigration contre le refus d'une demande de ${LINE_NAMES[line].fr}.`,
  };
}

const S64_BARRED: ReadonlySet<InadmissibilityGround> = new Set([
  "serious-criminality",
  "organized-criminality",
  "security",
  "human-rights",
]);

const KEEPS_SPONSORSHIP_APPEAL: ReadonlySet<SponsoredRelationship> = new Set([
  "spouse",
  "common-law-partner",
  "child",
]);

function iadAppeal(input: RecourseInput, calendar: HolidayCalendar): AppealOutcome {
  const right = appealRight(input);
  if (!("days" in right)) {
    return {
      open: false,
      conditional: false,
      option: closed(
        "iad-appeal",
        input.line === "citizenship"
          ? {
              en: "IRPA s. 63; Citizenship Act s. 22.1",
              fr: "LIPR, art. 63; Loi sur la citoyenneté, art. 22.1",
            }
          : { en: "IRPA s. 63", fr: "LIPR, art. 63" },
        right,
      ),
    };
  }
  const ground = input.inadmissibility;
  if (ground && S64_BARRED.has(ground)) {
    const seriousness: Wording =
      ground === "serious-criminality"
        ? {
            en: " For this purpose serious criminality means a crime punished in Canada by at least six months' imprisonment, or one described in s. 36(1)(b) or (c) (s. 64(2)).",
            fr: " À cette fin, la grande criminalité s'entend d'un crime puni au Canada d'au moins six mois d'emprisonnement ou visé aux al. 36(1)b) ou c) (par. 64(2)).",
          }
        : { en: "", fr: "" };
    return {
      open: false,
      conditional: false,
      option: closed(
        "iad-appeal",
        { en: "IRPA s. 64(1)–(2)", fr: "LIPR, par. 64(1) et (2)" },
        {
          en: `No appeal lies to the Immigration Appeal Division after a finding of inadmissibility on grounds of ${GROUND_NAMES[ground].en} (IRPA s. 64(1)).${seriousness.en}`,
          fr: `Aucun appel n'est possible devant la Section d'appel de l'immigration après une interdiction de territoire pour ${GROUND_NAMES[ground].fr} (LIPR, par. 64(1)).${seriousness.fr}`,
        },
      ),
    };
  }
  // IRPA s. 64(3): a refusal resting on misrepresentation cannot be appealed by the sponsor unless
  // the foreign national is the sponsor's spouse, common-law partner or child. The issue names four
  // grounds that close the appeal and leaves misrepresentation out, which holds only for those three
  // relationships (and for appeals other than a sponsor's). When the relationship is given,
  // the statute decides; when it is not, the appeal is listed as open with the condition spelled
  // out, and the leave option carries the deadline that applies if the condition fails, so that
  // neither route is lost while the facts are checked.
  let condition: Wording = { en: "", fr: "" };
  let conditional = false;
  if (ground === "misrepresentation" && right.sponsorship) {
    if (input.relationship && !KEEPS_SPONSORSHIP_APPEAL.has(input.relationship)) {
      return {
        open: false,
        conditional: false,
        option: closed(
          "iad-appeal",
          { en: "IRPA s. 64(3)", fr: "LIPR, par. 64(3)" },
          {
            en: "A refusal based on misrepresentation cannot be appealed by the sponsor unless the sponsored person is the sponsor's spouse, common-law partner or child (IRPA s. 64(3)).",
            fr: "Le répondant ne peut interjeter appel d'un refus fondé sur des fausses déclarations que si la personne parrainée est son époux, son conjoint de fait ou son enfant (LIPR, par. 64(3)).",
          },
        ),
      };
    }
    if (!input.relationship) {
      conditional = true;
      condition = {
        en: " Because the refusal rests on misrepresentation, this appeal exists only if the sponsored person is the sponsor's spouse, common-law partner or child (IRPA s. 64(3)).",
        fr: " Comme le refus repose sur des fausses déclarations, cet appel n'existe que si la personne parrainée est l'époux, le conjoint de fait ou l'enfant du répondant (LIPR, par. 64(3)).",
      };
    }
  }
  const deadline = computeDeadline(input.notified, right.days, calendar);
  const passed = deadline.date < input.today;
  const late: Wording = passed
    ? {
        en: ` This deadline passed on ${deadline.date}; a late notice of appeal needs the Division to extend the time, with the reasons for the delay.`,
        fr: ` Ce délai a expiré le ${deadline.date}; un avis d'appel tardif exige que la Section prolonge le délai, motifs du retard à l'appui.`,
      }
    : { en: "", fr: "" };
  const statute: Wording =
    right.sponsorship && ground === "misrepresentation"
      ? { en: `${right.basis.en} and s. 64(3)`, fr: `${right.basis.fr} et 64(3)` }
      : right.basis;
  const withS64: Wording = { en: `${statute.en}; ${IAD_RULES.en}`, fr: `${statute.fr}; ${IAD_RULES.fr}` };
  return {
    open: true,
    conditional,
    option: {
      kind: "iad-appeal",
      available: true,
      deadline: deadline.date,
      deadlinePassed: passed,
      basis: withS64.en,
      basisFr: withS64.fr,
      reason: `${right.who.en}, by ${deadline.date}.${movedSentence(deadline, right.days).en}${condition.en}${late.en}`,
      reasonFr: `${right.who.fr}, soit au plus tard le ${deadline.date}.${movedSentence(deadline, right.days).fr}${condition.fr}${late.fr}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Leave and judicial review at the Federal Court

function judicialReviewLeave(
  input: RecourseInput,
  appeal: AppealOutcome,
  calendar: HolidayCalendar,
): RecourseOption {
  // IRPA s. 72 governs "any matter under this Act" (IRPA). A citizenship decision is a matter under
  // the Citizenship Act, whose s. 22.1 has required leave since 2015 and sets its own period: 30
  // days after notification, wherever the matter arose. The issue's 15/60 days do not apply to it.
  if (input.line === "citizenship") {
    const deadline = computeDeadline(input.notified, 30, calendar);
    const passed = deadline.date < input.today;
    return {
      kind: "judicial-review-leave",
      available: true,
      deadline: deadline.date,
      deadlinePassed: passed,
      basis: "Citizenship Act s. 22.1; Interpretation Act ss. 26–27",
      basisFr: "Loi sur la citoyenneté, art. 22.1; Loi d'interprétation, art. 26 et 27",
      reason: `An application for leave and judicial review must be filed at the Federal Court and served within 30 days after notification, wherever the matter arose, by ${deadline.date}; citizenship decisions follow the Citizenship Act, not IRPA s. 72.${movedSentence(deadline, 30).en}${passed ? ` This deadline passed on ${deadline.date}; a judge may allow more time for special reasons (Citizenship Act s. 22.1).` : ""}`,
      reasonFr: `La demande d'autorisation et de contrôle judiciaire doit être déposée à la Cour fédérale et signifiée dans les 30 jours suivant la notification, où que l'affaire ait pris naissance, soit au plus tard le ${deadline.date}; les décisions de citoyenneté relèvent de la Loi sur la citoyenneté, non de l'art. 72 de la LIPR.${movedSentence(deadline, 30).fr}${passed ? ` Ce délai a expiré le ${deadline.date}; un juge peut accorder un délai supplémentaire pour des motifs valables (Loi sur la citoyenneté, art. 22.1).` : ""}`,
    };
  }
  const days = input.arising === "canada" ? 15 : 60;
  const where: Wording =
    input.arising === "canada"
      ? { en: "arose in Canada", fr: "a pris naissance au Canada" }
      : { en: "arose outside Canada", fr: "a pris naissance hors du Canada" };
  if (appeal.open) {
    let fallback: Wording = { en: "", fr: "" };
    let deadlineIfNoAppeal: string | undefined;
    if (appeal.conditional) {
      const ifNoAppeal = computeDeadline(input.notified, days, calendar);
      deadlineIfNoAppeal = ifNoAppeal.date;
      fallback = {
        en: ` If the sponsored person is not the sponsor's spouse, common-law partner or child, s. 64(3) removes the appeal and leave must be sought by ${ifNoAppeal.date} (${days} days, as the matter ${where.en}).`,
        fr: ` Si la personne parrainée n'est pas l'époux, le conjoint de fait ou l'enfant du répondant, le par. 64(3) écarte l'appel et l'autorisation doit être demandée au plus tard le ${ifNoAppeal.date} (${days} jours, l'affaire ayant pris naissance ${input.arising === "canada" ? "au Canada" : "hors du Canada"}).`,
      };
    }
    return {
      kind: "judicial-review-leave",
      available: false,
      deadline: null,
      deadlinePassed: false,
      ...(deadlineIfNoAppeal ? { deadlineIfNoAppeal } : {}),
      basis: "IRPA s. 72(2)(a)",
      basisFr: "LIPR, al. 72(2)a)",
      reason: `Appeal first: leave of the Federal Court cannot be sought while a right of appeal to the Immigration Appeal Division remains (IRPA s. 72(2)(a)). The Division's decision can then be brought to the Federal Court with leave, within 15 days after notification of that decision.${fallback.en}`,
      reasonFr: `Interjetez d'abord appel : l'autorisation de la Cour fédérale ne peut être demandée tant qu'un droit d'appel devant la Section d'appel de l'immigration subsiste (LIPR, al. 72(2)a)). La décision de la Section pourra ensuite être portée devant la Cour fédérale, sur autorisation, dans les 15 jours suivant sa notification.${fallback.fr}`,
    };
  }
  const deadline = computeDeadline(input.notified, days, calendar);
  const passed = deadline.date < input.today;
  return {
    kind: "judicial-review-leave",
    available: true,
    deadline: deadline.date,
    deadlinePassed: passed,
    basis: "IRPA s. 72(1) and s. 72(2)(b); Interpretation Act ss. 26–27",
    basisFr: "LIPR, par. 72(1) et al. 72(2)b); Loi d'interprétation, art. 26 et 27",
    reason: `An application for leave and judicial review must be filed at the Federal Court and served within ${days} days after notification, because the matter ${where.en}: by ${deadline.date}.${movedSentence(deadline, days).en}${passed ? ` This deadline passed on ${deadline.date}; a judge may allow more time for special reasons (IRPA s. 72(2)(c)).` : ""}`,
    reasonFr: `La demande d'autorisation et de contrôle judiciaire doit être déposée à la Cour fédérale et signifiée dans les ${days} jours suivant la notification, parce que l'affaire ${where.fr} : au plus tard le ${deadline.date}.${movedSentence(deadline, days).fr}${passed ? ` Ce délai a expiré le ${deadline.date}; un juge peut accorder un délai supplémentaire pour des motifs valables (LIPR, al. 72(2)c)).` : ""}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Reconsideration, access to the file, a new application

function reconsideration(input: RecourseInput, calendar: HolidayCalendar): RecourseOption {
  // Not a legal limit: seed 003's advice to act within 30 days, dated like a deadline so that the
  // suggestion never falls on a day the office is closed.
  const suggested = computeDeadline(input.notified, 30, calendar);
  return {
    kind: "reconsideration",
    available: true,
    deadline: null,
    deadlinePassed: false,
    suggestedBy: suggested.date,
    basis:
      "No statute sets a time; a decision maker may reconsider a decision (Kurukkal v. Canada (Citizenship and Immigration), 2010 FCA 230)",
    basisFr:
      "Aucune loi ne fixe de délai; le décideur peut réexaminer sa décision (Kurukkal c. Canada (Citoyenneté et Immigration), 2010 CAF 230)",
    reason: `No deadline is set by law. Ask the office that decided, with the facts or the error that should change the decision, preferably by ${suggested.date} (30 days after notification). A request does not stop or extend the time for an appeal or for leave at the Federal Court.`,
    reasonFr: `La loi ne fixe aucun délai. Adressez la demande au bureau qui a rendu la décision, avec les faits ou l'erreur qui devraient la changer, de préférence au plus tard le ${suggested.date} (30 jours après la notification). La demande n'interrompt ni ne prolonge le délai d'appel ni celui de la demande d'autorisation à la Cour fédérale.`,
  };
}

function atipNotes(input: RecourseInput, calendar: HolidayCalendar): RecourseOption {
  const due = computeDeadline(input.today, 30, calendar, "today");
  return {
    kind: "atip-notes",
    available: true,
    deadline: null,
    deadlinePassed: false,
    answerDue: due.date,
    basis: "Access to Information Act ss. 4, 7 and 9; Privacy Act ss. 12, 14 and 15",
    basisFr:
      "Loi sur l'accès à l'information, art. 4, 7 et 9; Loi sur la protection des renseignements personnels, art. 12, 14 et 15",
    reason: `There is no deadline to ask. A copy of the file, the officer's notes included, can be requested under the Access to Information Act or the Privacy Act; the department must answer within 30 days of receiving the request unless it extends that time (ATIA s. 9, Privacy Act s. 15): for a request received on ${input.today}, by ${due.date}. Someone outside Canada asks through a person in Canada, with their written consent (form IMM 5744).`,
    reasonFr: `Aucun délai ne s'applique à la demande. Une copie du dossier, notes de l'agent comprises, peut être demandée en vertu de la Loi sur l'accès à l'information ou de la Loi sur la protection des renseignements personnels; le ministère doit répondre dans les 30 jours suivant la réception de la demande, sauf prorogation (LAI, art. 9; LPRP, art. 15) : pour une demande reçue le ${input.today}, au plus tard le ${due.date}. Une personne hors du Canada fait la demande par l'entremise d'une personne au Canada, avec son consentement écrit (formulaire IMM 5744).`,
  };
}

function reapply(input: RecourseInput): RecourseOption {
  const ground = input.inadmissibility;
  if (ground === "misrepresentation") {
    // The five years follow the final determination (IRPA s. 40(2)(a)) or, for citizenship, the
    // finding (Citizenship Act s. 22(1)(e.1)–(e.2)); the period ends on the same calendar day five
    // years on, so a new application is no longer barred the day after.
    const lastBarredDay = addYears(input.notified, 5);
    const reapplyFrom = nextDay(lastBarredDay);
    if (input.line === "citizenship") {
      return {
        kind: "reapply",
        available: false,
        deadline: null,
        deadlinePassed: false,
        reapplyFrom,
        basis: "Citizenship Act s. 22(1)(e.1) and (e.2)",
        basisFr: "Loi sur la citoyenneté, al. 22(1)e.1) et e.2)",
        reason: `A finding of misrepresentation prohibits a grant of citizenship for five years: a new application can be made from ${reapplyFrom}.`,
        reasonFr: `Une conclusion de fausses déclarations interdit l'attribution de la citoyenneté pendant cinq ans : une nouvelle demande peut être présentée à compter du ${reapplyFrom}.`,
      };
    }
    const inCanada = input.arising === "canada";
    return {
      kind: "reapply",
      available: false,
      deadline: null,
      deadlinePassed: false,
      reapplyFrom,
      basis: "IRPA s. 40(2)(a)",
      basisFr: "LIPR, al. 40(2)a)",
      reason: inCanada
        ? `A finding of inadmissibility for misrepresentation bars the person for five years; for a determination made in Canada the five years run from the day the removal order is enforced, so no new application can succeed before ${reapplyFrom} at the earliest.`
        : `A finding of inadmissibility for misrepresentation bars the person for five years after the final determination: a new application can be made from ${reapplyFrom}.`,
      reasonFr: inCanada
        ? `Une interdiction de territoire pour fausses déclarations vaut cinq ans; pour une décision rendue au Canada, les cinq ans courent à compter de l'exécution de la mesure de renvoi : aucune nouvelle demande ne peut donc aboutir avant le ${reapplyFrom} au plus tôt.`
        : `Une interdiction de territoire pour fausses déclarations vaut cinq ans après la décision définitive : une nouvelle demande peut être présentée à compter du ${reapplyFrom}.`,
    };
  }
  if (input.decision === "removal-order") {
    return open(
      "reapply",
      { en: "IRPA s. 52(1); IRPR ss. 224–226", fr: "LIPR, par. 52(1); RIPR, art. 224 à 226" },
      {
        en: "Once the removal order is enforced, coming back to Canada may need an officer's written authorization (IRPA s. 52(1)); whether it does, and for how long, depends on the kind of order (departure, exclusion or deportation).",
        fr: "Une fois la mesure de renvoi exécutée, le retour au Canada peut exiger l'autorisation écrite d'un agent (LIPR, par. 52(1)); cela dépend du type de mesure (interdiction de séjour, exclusion ou expulsion) et de sa durée.",
      },
    );
  }
  if (ground) {
    return open(
      "reapply",
      { en: "IRPA s. 36(3)(c) and s. 42.1", fr: "LIPR, al. 36(3)c) et art. 42.1" },
      {
        en: `No provision bars a new application, but the finding of inadmissibility on grounds of ${GROUND_NAMES[ground].en} stands until it no longer applies: for criminality, through rehabilitation (IRPA s. 36(3)(c)) or a record suspension; for the other grounds, through the Minister's relief (s. 42.1) where it is available.`,
        fr: `Aucune disposition n'interdit une nouvelle demande, mais l'interdiction de territoire pour ${GROUND_NAMES[ground].fr} demeure tant qu'elle s'applique : pour la criminalité, jusqu'à la réadaptation (LIPR, al. 36(3)c)) ou une suspension du casier; pour les autres motifs, jusqu'à une dispense du ministre (art. 42.1) lorsqu'elle est possible.`,
      },
    );
  }
  if (input.decision === "residency-obligation") {
    return open(
      "reapply",
      { en: "IRPA s. 46(1)(b) and s. 11(1)", fr: "LIPR, al. 46(1)b) et par. 11(1)" },
      {
        en: "A new application can be made; once the decision is final, permanent resident status is lost (IRPA s. 46(1)(b)) and any new visa or status is applied for like any foreign national.",
        fr: "Une nouvelle demande peut être présentée; une fois la décision définitive, le statut de résident permanent est perdu (LIPR, al. 46(1)b)) et tout nouveau visa ou statut se demande comme pour tout étranger.",
      },
    );
  }
  const basis: Wording =
    input.line === "citizenship"
      ? { en: "Citizenship Act s. 5", fr: "Loi sur la citoyenneté, art. 5" }
      : input.line === "family-sponsorship"
        ? { en: "IRPA s. 11(1) and s. 13(1)", fr: "LIPR, par. 11(1) et 13(1)" }
        : { en: "IRPA s. 11(1)", fr: "LIPR, par. 11(1)" };
  return open("reapply", basis, {
    en: "No provision bars a new application: it can be made at any time, best once the reasons for the refusal have been addressed.",
    fr: "Aucune disposition n'interdit une nouvelle demande : elle peut être présentée en tout temps, de préférence une fois les motifs du refus corrigés.",
  });
}

// ---------------------------------------------------------------------------------------------

function closed(kind: RecourseKind, basis: Wording, reason: Wording): RecourseOption {
  return {
    kind,
    available: false,
    deadline: null,
    deadlinePassed: false,
    basis: basis.en,
    basisFr: basis.fr,
    reason: reason.en,
    reasonFr: reason.fr,
  };
}

function open(kind: RecourseKind, basis: Wording, reason: Wording): RecourseOption {
  return { ...closed(kind, basis, reason), available: true };
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function describeClosed(day: ClosedDay): Wording {
  if ("holiday" in day)
    return { en: `${day.date} (${day.holiday.en})`, fr: `${day.date} (${day.holiday.fr})` };
  return day.weekend === "saturday"
    ? { en: `${day.date} (Saturday)`, fr: `${day.date} (samedi)` }
    : { en: `${day.date} (Sunday)`, fr: `${day.date} (dimanche)` };
}

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

/** " Day 15 is …; … is not a working day, so the time runs to …" — empty when nothing moved. */
function movedSentence(deadline: Deadline, days: number): Wording {
  if (deadline.movedOver.length === 0) return { en: "", fr: "" };
  const described = deadline.movedOver.map(describeClosed);
  const many = described.length > 1;
  return {
    en: ` Day ${days} is ${deadline.counted}; ${joinList(
      described.map((d) => d.en),
      "and",
    )} ${many ? "are not working days" : "is not a working day"}, so the time runs to ${deadline.date} (Interpretation Act s. 26).`,
    fr: ` Le ${days}e jour est le ${deadline.counted}; ${joinList(
      described.map((d) => d.fr),
      "et",
    )} ${many ? "ne sont pas des jours ouvrables" : "n'est pas un jour ouvrable"} : le délai est reporté au ${deadline.date} (Loi d'interprétation, art. 26).`,
  };
}
