/**
 * The identity index eTA screening decides applicants against: every client on file, loaded once
 * per process and database, then brought up to date before each use with the clients created or
 * merged since it last looked, by this process or any other (the web, a CLI import, another
 * server). A merged client is never offered as itself: whatever resembles it leads to the client it
 * was merged into, which now holds its names and passport.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";
import { createIdentityIndex } from "../identity/create-identity-index.ts";
import { DEFAULT_DECISION_THRESHOLDS, decideIdentity } from "../identity/decide-identity.ts";
import type {
  IdentityCandidate,
  IdentityDecision,
  IdentityIndex,
  IdentityRecord,
} from "../identity/identity-record.ts";

// Pages of clients read in id order: a million clients never sit in one result set.
const PAGE = 50_000;
/**
 * A transaction reports its start to pg_stat_activity a moment after it takes its timestamp (the
 * `created_at` of the clients it inserts); the watermark stays this far behind to cover that moment.
 */
const REPORT_LAG = "2 seconds";

interface LiveIndex {
  index: IdentityIndex;
  /** Every client created at or after this moment (PostgreSQL text) is read again on the next catch-up. */
  mark: string;
  /** Clients read whose `created_at` is at or after `mark`: the next catch-up skips them. */
  recent: Set<string>;
  /** Clients this process added itself (a batch being written): skipped when read, once. */
  local: Set<string>;
  /** A merged client's id → the client it was merged into. */
  survivorOf: Map<string, string>;
  /** The catch-ups run one after another: two at once would add the same client twice. */
  queue: Promise<void>;
}

const indexes = new WeakMap<Db, Promise<LiveIndex>>();

/**
 * The index, caught up with the database: clients committed by anyone since the last call are in
 * it, merged ones lead to their survivor. Costs three small indexed queries when little changed.
 *
 * @example const index = await etaIdentityIndex(db); index.decide(applicant) // { decision: "match", … }
 */
export async function etaIdentityIndex(db: Db): Promise<IdentityIndex> {
  let loading = indexes.get(db);
  if (!loading) {
    loading = loadIdentityIndex(db);
    indexes.set(db, loading);
    // A failed load is not kept: the next application tries again.
    loading.catch(() => {
      if (indexes.get(db) === loading) indexes.delete(db);
    });
    return view(await loading);
  }
  const live = await loading;
  const done = live.queue.then(() => catchUp(db, live));
  live.queue = done.catch(() => undefined);
  try {
    await done;
  } catch (error) {
    // A catch-up that failed half-way may have added some clients and not others: start again.
    if (indexes.get(db) === loading) indexes.delete(db);
    throw error;
  }
  return view(live);
}

/** Forgets the loaded index, e.g. when a batch that added clients to it was rolled back. */
export function forgetEtaIdentityIndex(db: Db): void {
  indexes.delete(db);
}

interface ClientRow {
  id: string;
  given_names: string;
  family_name: string;
  date_of_birth: string | null;
  sex: string;
  country_of_birth: string;
  passport: string | null;
  /** The email address on file now, if any. */
  email: string | null;
  /** The survivor's id for a merged client, else the client's own. */
  indexed_as: string;
  created_at: string;
  /** `created_at` is at or after the new watermark: the next catch-up reads the row again. */
  recent: boolean;
}

const COLUMNS = sql`c.id, c.given_names, c.family_name, c.date_of_birth::text as date_of_birth, c.sex,
  c.country_of_birth, coalesce(c.merged_into_client_id, c.id) as indexed_as, c.created_at::text as created_at,
  (select p.number from passports p where p.client_id = c.id order by p.expiry_date desc limit 1) as passport,
  (select d.value from contact_details d where d.client_id = c.id and d.kind = 'email' and d.superseded_at is null
    order by d.recorded_at desc limit 1) as email`;

/**
 * The moment before which every transaction that could still insert or merge a client has ended:
 * the start of the oldest one running (its `now()` is the `created_at` it writes), never later than
 * now. Rows stamped before it are committed, hence seen by any query that starts after this one.
 */
async function safeMark(db: Db, since: string | null): Promise<string> {
  // Never behind the last watermark: rows before it were read, and would be added twice.
  const [row] = await queryRows<{ mark: string }>(
    db,
    sql`select greatest(${since}::timestamptz, least(now() - ${REPORT_LAG}::interval,
          coalesce((select min(xact_start) from pg_stat_activity
                    where datname = current_database() and xact_start is not null), now())))::text as mark`,
  );
  return row!.mark;
}

async function loadIdentityIndex(db: Db): Promise<LiveIndex> {
  const mark = await safeMark(db, null);
  const live: LiveIndex = {
    index: createIdentityIndex(),
    mark,
    recent: new Set(),
    local: new Set(),
    survivorOf: new Map(),
    queue: Promise.resolve(),
  };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await queryRows<ClientRow>(
      db,
      sql`select ${COLUMNS}, c.created_at >= ${mark}::timestamptz as recent
          from clients c where c.id > ${after}::uuid order by c.id limit ${PAGE}`,
    );
    for (const row of rows) addRow(live, row);
    if (rows.length < PAGE) return live;
    after = rows[rows.length - 1]!.id;
  }
}

async function catchUp(db: Db, live: LiveIndex): Promise<void> {
  const since = live.mark;
  const mark = await safeMark(db, since);
  const recent = new Set<string>();
  let after: { createdAt: string; id: string } | null = null;
  for (;;) {
    const from: SQL = after
      ? sql`(c.created_at, c.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : sql`c.created_at >= ${since}::timestamptz`;
    const rows: ClientRow[] = await queryRows<ClientRow>(
      db,
      sql`select ${COLUMNS}, c.created_at >= ${mark}::timestamptz as recent
          from clients c where ${from} order by c.created_at, c.id limit ${PAGE}`,
    );
    for (const row of rows) {
      if (row.recent) recent.add(row.id);
      if (live.recent.has(row.id)) continue;
      if (live.local.delete(row.id)) continue;
      addRow(live, row);
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.created_at, id: last.id };
  }
  const merged = await queryRows<{ id: string; survivor: string }>(
    db,
    sql`select id, merged_into_client_id as survivor from clients
        where merged_into_client_id is not null and merged_at >= ${since}::timestamptz`,
  );
  for (const row of merged) live.survivorOf.set(row.id, row.survivor);
  live.mark = mark;
  live.recent = recent;
}

function addRow(live: LiveIndex, row: ClientRow): void {
  if (row.recent) live.recent.add(row.id);
  if (row.indexed_as !== row.id) live.survivorOf.set(row.id, row.indexed_as);
  live.index.add(
    clientIdentityRecord(row.indexed_as, {
      givenNames: row.given_names,
      familyName: row.family_name,
      dateOfBirth: row.date_of_birth,
      sex: row.sex,
      countryOfBirth: row.country_of_birth,
      passportNumber: row.passport,
      email: row.email,
    }),
  );
}

/** The index as screening uses it: what it adds is remembered, merged candidates lead to their survivor. */
function view(live: LiveIndex): IdentityIndex {
  return {
    get size() {
      return live.index.size;
    },
    add(record: IdentityRecord) {
      live.local.add(record.id);
      live.index.add(record);
    },
    decide(incoming: IdentityRecord): IdentityDecision {
      return towardsSurvivors(live.index.decide(incoming), live.survivorOf);
    },
  };
}

/**
 * A decision whose candidates name merged clients, told again with each one's survivor: the best
 * score of the person counts once, so a survivor that was in review beside its own merged record
 * may now be the one match.
 */
export function towardsSurvivors(
  decision: IdentityDecision,
  survivorOf: ReadonlyMap<string, string>,
): IdentityDecision {
  if (survivorOf.size === 0) return decision;
  const ranked: IdentityCandidate[] = [];
  const seen = new Set<string>();
  let changed = false;
  for (const candidate of decision.candidates) {
    const baseId = survivorOf.get(candidate.baseId) ?? candidate.baseId;
    // A survivor loaded with the record merged into it (a fresh load) is also found twice.
    changed ||= baseId !== candidate.baseId || seen.has(baseId);
    if (seen.has(baseId)) continue;
    seen.add(baseId);
    ranked.push({ ...candidate, baseId });
  }
  // The thresholds `createIdentityIndex()` decides with by default, applied again: the same person
  // may now stand alone above the match line.
  return changed ? decideIdentity(ranked, DEFAULT_DECISION_THRESHOLDS) : decision;
}

/** A person as the identity engine compares them; names in the composed Unicode form. */
export function clientIdentityRecord(
  id: string,
  person: {
    givenNames: string;
    familyName: string;
    dateOfBirth: string | null;
    sex: string;
    countryOfBirth: string;
    passportNumber: string | null;
    email?: string | null | undefined;
    address?: { line1: string; city: string; postalCode?: string | undefined; region?: string | undefined };
  },
): IdentityRecord {
  const text = (value: string | null | undefined) => (value ? value.normalize("NFC") : null);
  return {
    id,
    givenName: text(person.givenNames),
    familyName: text(person.familyName),
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    countryOfBirth: person.countryOfBirth,
    documentNumber: person.passportNumber,
    email: person.email ?? null,
    street: text(person.address?.line1),
    city: text(person.address?.city),
    postalCode: text(person.address?.postalCode),
    region: text(person.address?.region),
  };
}
