/**
 * The deadlines of an access request. Pure: dates are calendar dates written YYYY-MM-DD.
 *
 * - The answer is due 30 days after the request is received (Access to Information Act s. 7,
 *   Privacy Act s. 14).
 * - A last day on a Saturday, a Sunday or a holiday of the calendar moves to the next working day,
 *   as Dossier's other deadlines do (Interpretation Act s. 26; `computeDeadline`).
 * - The applicant's own request falls under the Privacy Act, which allows one extension of at most
 *   30 more days (s. 15(a)) on the grounds it lists; anyone else's under the Access to Information
 *   Act, which allows a reasonable period (s. 9(1)) but asks that the Information Commissioner be
 *   told of one over 30 days (s. 9(2)). Either extension is decided within the first 30 days.
 */
import { computeDeadline } from "../recourse/compute-deadline.ts";
import type { HolidayCalendar } from "../recourse/holiday-calendar.ts";

export const REQUESTER_KINDS = ["applicant", "representative", "other"] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export type AccessAct = "privacy-act" | "access-to-information-act";

export const EXTENSION_GROUNDS = ["volume", "consultation", "third-party-notice", "translation"] as const;
export type ExtensionGround = (typeof EXTENSION_GROUNDS)[number];

/** The grounds each Act allows, with the provision a notice of extension cites. */
export const GROUNDS_BY_ACT: Record<AccessAct, Partial<Record<ExtensionGround, string>>> = {
  "privacy-act": {
    volume: "Privacy Act s. 15(a)(i)",
    consultation: "Privacy Act s. 15(a)(ii)",
    translation: "Privacy Act s. 15(b)",
  },
  "access-to-information-act": {
    volume: "Access to Information Act s. 9(1)(a)",
    consultation: "Access to Information Act s. 9(1)(b)",
    "third-party-notice": "Access to Information Act s. 9(1)(c)",
  },
};

export const RESPONSE_DAYS = 30;
/** Privacy Act s. 15(a): "for a maximum of thirty days". */
export const PRIVACY_ACT_MAX_EXTENSION_DAYS = 30;

/** A person asking for their own file uses the Privacy Act; anyone else, the Access to Information Act. */
export function actFor(kind: RequesterKind): AccessAct {
  return kind === "applicant" ? "privacy-act" : "access-to-information-act";
}

/** @example accessRequestDueDate("2026-02-05", calendar) // → "2026-03-09" (30 days is Saturday 7 March) */
export function accessRequestDueDate(receivedDate: string, calendar: HolidayCalendar): string {
  return computeDeadline(receivedDate, RESPONSE_DAYS, calendar, "receivedDate").date;
}

/** The latest date a Privacy Act extension may give: 30 days after the original time limit. */
export function privacyActLatestExtendedDate(receivedDate: string, calendar: HolidayCalendar): string {
  return computeDeadline(
    receivedDate,
    RESPONSE_DAYS + PRIVACY_ACT_MAX_EXTENSION_DAYS,
    calendar,
    "receivedDate",
  ).date;
}

export type ExtensionCheck =
  | { ok: true; provision: string; commissionerNoticeRequired: boolean }
  | { ok: false; field: "newDueDate" | "ground" | "today"; en: string; fr: string };

/**
 * Whether an extension to `newDueDate` on `ground`, decided on `today`, is allowed.
 *
 * @example checkExtension({ act: "privacy-act", receivedDate: "2026-02-02", dueDate: "2026-03-04",
 *   extendedDueDate: null }, { newDueDate: "2026-04-10", ground: "volume", today: "2026-02-20" }, calendar)
 *   // → { ok: false, field: "newDueDate", … at most 30 more days: 2026-04-03 at the latest }
 */
export function checkExtension(
  request: { act: AccessAct; receivedDate: string; dueDate: string; extendedDueDate: string | null },
  ask: { newDueDate: string; ground: ExtensionGround; today: string },
  calendar: HolidayCalendar,
): ExtensionCheck {
  const provision = GROUNDS_BY_ACT[request.act][ask.ground];
  if (!provision) {
    const allowed = Object.keys(GROUNDS_BY_ACT[request.act]).join(", ");
    return {
      ok: false,
      field: "ground",
      en: `ground: ${ask.ground} is not a ground of the ${actName(request.act, "en")} for an extension; use one of ${allowed}`,
      fr: `ground : ${ask.ground} n'est pas un motif de prorogation prévu par la ${actName(request.act, "fr")}; utilisez l'un de ${allowed}`,
    };
  }
  if (request.extendedDueDate !== null) {
    return {
      ok: false,
      field: "newDueDate",
      en: `newDueDate: the time limit was already extended to ${request.extendedDueDate}; it is extended once`,
      fr: `newDueDate : le délai a déjà été prorogé au ${request.extendedDueDate}; il ne l'est qu'une fois`,
    };
  }
  if (ask.today > request.dueDate) {
    return {
      ok: false,
      field: "today",
      en: `the time limit ended on ${request.dueDate}: an extension is decided within the first 30 days`,
      fr: `le délai a pris fin le ${request.dueDate} : une prorogation se décide dans les 30 premiers jours`,
    };
  }
  if (ask.newDueDate <= request.dueDate) {
    return {
      ok: false,
      field: "newDueDate",
      en: `newDueDate: must be after the current due date, ${request.dueDate}`,
      fr: `newDueDate : doit suivre l'échéance actuelle, le ${request.dueDate}`,
    };
  }
  if (request.act === "privacy-act") {
    const latest = privacyActLatestExtendedDate(request.receivedDate, calendar);
    if (ask.newDueDate > latest) {
      return {
        ok: false,
        field: "newDueDate",
        en: `newDueDate: the Privacy Act (s. 15) allows at most 30 more days: ${latest} at the latest`,
        fr: `newDueDate : la Loi sur la protection des renseignements personnels (art. 15) permet au plus 30 jours de plus : au plus tard le ${latest}`,
      };
    }
    return { ok: true, provision, commissionerNoticeRequired: false };
  }
  const beyondThirty =
    ask.newDueDate > computeDeadline(request.receivedDate, 2 * RESPONSE_DAYS, calendar, "receivedDate").date;
  return { ok: true, provision, commissionerNoticeRequired: beyondThirty };
}

function actName(act: AccessAct, lang: "en" | "fr"): string {
  if (act === "privacy-act")
    return lang === "fr" ? "Loi sur la protection des renseignements personnels" : "Privacy Act";
  return lang === "fr" ? "Loi sur l'accès à l'information" : "Access to Information Act";
}

/** Days from `today` to `due`: 0 on the day itself, negative once overdue. */
export function daysLeft(due: string, today: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
