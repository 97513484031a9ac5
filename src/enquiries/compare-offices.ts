/**
 * The response times of several offices side by side (issue 4, item 8). Seed 002 reports that
 * enquiries "receive dramatically different treatment depending on the visa office"; this puts
 * the figures of each office in one table, for the program managers and administrators who answer
 * for them.
 *
 * One query for every office: each office's enquiries of the period are read through the
 * `(office_id, received_at)` index and aggregated in the database.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/database.ts";
import { queryRows } from "../db/database.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor, Role } from "../users/actor.ts";

/** Days shown when no period is chosen. */
export const DEFAULT_PERIOD_DAYS = 90;
/** Longest period one comparison covers: ten years of enquiries is already a long scan. */
export const MAX_PERIOD_DAYS = 3660;

const DASHBOARD_ROLES: ReadonlySet<Role> = new Set(["program-manager", "administrator"]);
const DAY_MS = 24 * 3600_000;

const zDay = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date written YYYY-MM-DD" })
    .refine(isRealDay, { message: "must be a real date written YYYY-MM-DD" })
    .optional(),
);

export const ZCompareOffices = z.object({
  /** First day of the period, in each office's own time zone. */
  from: zDay,
  /** Last day of the period, included. */
  to: zDay,
});
export type CompareOfficesInput = z.input<typeof ZCompareOffices>;

export interface OfficeComparison {
  officeCode: string;
  nameEn: string;
  nameFr: string;
  timeZone: string;
  /** The office's published response time today, in days. */
  responseStandardDays: number;
  /** Enquiries received in the period. */
  received: number;
  /** Of those, answered by a standard or case-specific reply (automatic replies do not count). */
  answered: number;
  unanswered: number;
  /** First-response time (`first_response_at − received_at`) of the answered ones, in whole seconds. */
  medianFirstResponseSeconds: number | null;
  p95FirstResponseSeconds: number | null;
  /**
   * Enquiries whose standard has been put to the test: answered, or unanswered with the due time
   * passed. One still inside its time, or paused while the office waits for the enquirer, is
   * neither a success nor a failure yet.
   */
  decided: number;
  /** Of `decided`, those answered no later than their due time. */
  answeredWithinStandard: number;
  /** `answeredWithinStandard / decided`, from 0 to 1; null when nothing is decided. */
  withinStandardShare: number | null;
  /** Of the enquiries received in the period, those that went up a level (seed 001's escalation). */
  escalations: number;
}

export interface OfficesComparison {
  /** The period, as calendar days in each office's time zone, both included. */
  from: string;
  to: string;
  offices: OfficeComparison[];
}

/**
 * Compares the response times of the offices where the actor is a program manager or an
 * administrator (every office for the system itself).
 *
 * @example await compareOffices(db, manager, { from: "2026-01-01", to: "2026-03-31" })
 *   // → { offices: [{ officeCode: "MTL", received: 412, medianFirstResponseSeconds: 183600, … }, …] }
 */
export async function compareOffices(
  db: Executor,
  actor: Actor,
  input: CompareOfficesInput | Record<string, unknown> = {},
  options: { now?: Date } = {},
): Promise<OfficesComparison> {
  const asked = validate(ZCompareOffices, input);
  const officeIds = dashboardOfficeIds(actor);
  if (actor.userId !== null && officeIds.length === 0) {
    throw new AppError(
      "forbidden",
      "Only program managers and administrators of an office compare its response times with other offices'.",
      {
        messageFr:
          "Seuls les gestionnaires de programme et les administrateurs d'un bureau comparent ses délais de réponse à ceux des autres bureaux.",
      },
    );
  }
  const now = options.now ?? new Date();
  const to = asked.to ?? now.toISOString().slice(0, 10);
  const from = asked.from ?? dayBefore(to, DEFAULT_PERIOD_DAYS - 1);
  if (from > to) {
    throw new AppError("invalid_input", "from: must be on or before to", {
      field: "from",
      messageFr: "from : doit être au plus tard la date de fin (to)",
    });
  }
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) {
    throw new AppError("invalid_input", `to: the period may cover at most ${MAX_PERIOD_DAYS} days`, {
      field: "to",
      messageFr: `to : la période peut couvrir au plus ${MAX_PERIOD_DAYS} jours`,
    });
  }

  const officeFilter = actor.userId === null ? sql`true` : sql`o.id = any(${sql.param(officeIds)}::uuid[])`;
  // Each office's period runs from midnight of `from` to midnight after `to` in its own zone. The
  // lateral subquery reads one range of the (office_id, received_at) index per office. An answer
  // is within the standard when it came by the due time; a due time cleared by a pause that was
  // still open at the answer falls back to the standard counted from receipt.
  const rows = await queryRows<{
    officeCode: string;
    nameEn: string;
    nameFr: string;
    timeZone: string;
    responseStandardDays: number;
    received: number;
    answered: number;
    median: number | null;
    p95: number | null;
    decided: number;
    within: number;
    escalations: number;
  }>(
    db,
    sql`select o.code as "officeCode", o.name_en as "nameEn", o.name_fr as "nameFr",
          o.time_zone as "timeZone", o.response_standard_days as "responseStandardDays",
          s.received, s.answered, s.median, s.p95, s.decided, s.within, s.escalations
        from offices o
        cross join lateral (
          select count(*)::int as received,
            count(e.first_response_at)::int as answered,
            (percentile_cont(0.5) within group (order by extract(epoch from e.first_response_at - e.received_at))
              filter (where e.first_response_at is not null))::float8 as median,
            (percentile_cont(0.95) within group (order by extract(epoch from e.first_response_at - e.received_at))
              filter (where e.first_response_at is not null))::float8 as p95,
            count(*) filter (where e.first_response_at is not null
              or e.response_due_at < ${now})::int as decided,
            count(*) filter (where e.first_response_at <= coalesce(e.response_due_at,
              e.received_at + e.response_days * interval '1 day'))::int as within,
            count(e.escalated_at)::int as escalations
          from enquiries e
          where e.office_id = o.id
            and e.received_at >= (${from}::date)::timestamp at time zone o.time_zone
            and e.received_at < (${to}::date + 1)::timestamp at time zone o.time_zone
        ) s
        where ${officeFilter}
        order by o.code`,
  );
  return {
    from,
    to,
    offices: rows.map((row) => ({
      officeCode: row.officeCode,
      nameEn: row.nameEn,
      nameFr: row.nameFr,
      timeZone: row.timeZone,
      responseStandardDays: row.responseStandardDays,
      received: row.received,
      answered: row.answered,
      unanswered: row.received - row.answered,
      medianFirstResponseSeconds: wholeSeconds(row.median),
      p95FirstResponseSeconds: wholeSeconds(row.p95),
      decided: row.decided,
      answeredWithinStandard: row.within,
      withinStandardShare: row.decided > 0 ? row.within / row.decided : null,
      escalations: row.escalations,
    })),
  };
}

/** The offices whose figures the actor may compare. */
export function dashboardOfficeIds(actor: Actor): string[] {
  return [...new Set(actor.memberships.filter((m) => DASHBOARD_ROLES.has(m.role)).map((m) => m.officeId))];
}

export function canCompareOffices(actor: Actor): boolean {
  return actor.userId === null || dashboardOfficeIds(actor).length > 0;
}

/** Interpolated percentiles carry float noise (13859.999…); a second is fine enough for response times. */
function wholeSeconds(value: number | null): number | null {
  return value === null ? null : Math.round(Number(value));
}

function isRealDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
