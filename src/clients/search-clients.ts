import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications, clientNames, clients } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { FILE_NUMBER_PATTERN, parseUci } from "../shared/identifiers.ts";
import { nameKey } from "../shared/names.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type SearchClientsInput, ZSearchClients } from "./client.schema.ts";
import { clientVisibleTo, clientWithUci } from "./find-visible-client.ts";

export interface ClientHit {
  uci: string;
  familyName: string;
  givenNames: string;
  dateOfBirth: string | null;
  countryOfBirth: string;
  /** The name that matched, when it was an alias rather than the primary name. */
  matchedAlias: string | null;
}

/**
 * Finds clients by UCI, file number, name (any order, with or without accents, aliases included)
 * and/or date of birth, within the actor's offices.
 */
export async function searchClients(
  db: Executor,
  actor: Actor,
  input: SearchClientsInput,
): Promise<ClientHit[]> {
  const query = validate(ZSearchClients, input);
  // A merged client is not a person of its own any more: its UCI finds the client it joined.
  const conditions: SQL[] = [clientVisibleTo(actor), isNull(clients.mergedIntoClientId)];
  if (query.uci) {
    const uci = parseUci(query.uci);
    if (!uci)
      throw new AppError("invalid_input", "uci: must be 10 digits with a valid check digit", {
        field: "uci",
      });
    conditions.push(clientWithUci(db, uci));
  }
  if (query.fileNumber) {
    const fileNumber = query.fileNumber.toUpperCase();
    if (!FILE_NUMBER_PATTERN.test(fileNumber)) {
      throw new AppError("invalid_input", "fileNumber: must be one capital letter and nine digits", {
        field: "fileNumber",
      });
    }
    conditions.push(
      inArray(
        clients.id,
        db
          .select({ id: applications.clientId })
          .from(applications)
          .where(eq(applications.fileNumber, fileNumber)),
      ),
    );
  }
  if (query.dateOfBirth) conditions.push(eq(clients.dateOfBirth, query.dateOfBirth));

  const tokens = query.name ? nameKey(query.name).split(" ").filter(Boolean) : [];
  if (query.name && tokens.length === 0) {
    throw new AppError("invalid_input", "name: must contain letters or digits", { field: "name" });
  }
  if (tokens.length === 0) {
    const rows = await db
      .select()
      .from(clients)
      .where(and(...conditions))
      .orderBy(asc(clients.familyName), asc(clients.givenNames))
      .limit(query.limit);
    return rows.map((row) => toHit(row, null));
  }

  const selectNames = () =>
    db
      .select({ client: clients, name: clientNames })
      .from(clientNames)
      .innerJoin(clients, eq(clients.id, clientNames.clientId));
  // Byte order (`~<~`) is the order of the text_pattern_ops indexes, so a scan in that order can stop
  // at the limit instead of sorting every Nguyen; search keys are lower-case letters and digits.
  const byFamily = [sql`${clientNames.familyKey} using ~<~`, sql`${clientNames.givenKey} using ~<~`];
  const byGiven = [sql`${clientNames.givenKey} using ~<~`, sql`${clientNames.familyKey} using ~<~`];
  const want = query.limit * 2;
  let rows: { client: typeof clients.$inferSelect; name: typeof clientNames.$inferSelect }[];
  if (tokens.length === 1) {
    // One word: names whose family name starts with it, then those whose given name does.
    const prefix = `${tokens[0]}%`;
    const [family, given] = await Promise.all([
      selectNames()
        .where(and(sql`${clientNames.familyKey} like ${prefix}`, ...conditions))
        .orderBy(...byFamily)
        .limit(want),
      selectNames()
        .where(and(sql`${clientNames.givenKey} like ${prefix}`, ...conditions))
        .orderBy(...byGiven)
        .limit(want),
    ]);
    rows = [...family, ...given];
  } else {
    // Several words, in any order: each must start a word of the names ("maria garcia" finds
    // García López, María José). The trigram index on the same expression finds the candidates.
    const words = sql`(' ' || ${clientNames.familyKey} || ' ' || ${clientNames.givenKey})`;
    rows = await selectNames()
      .where(and(...tokens.map((t) => sql`${words} like ${`% ${t}%`}`), ...conditions))
      .orderBy(...byFamily)
      .limit(want);
  }
  const hits = new Map<string, ClientHit>();
  for (const { client, name } of rows) {
    const seen = hits.get(client.uci);
    // The primary name wins over an alias of the same person.
    if (seen && (seen.matchedAlias === null || name.kind === "alias")) continue;
    hits.set(
      client.uci,
      toHit(client, name.kind === "alias" ? `${name.familyName}, ${name.givenNames}` : null),
    );
  }
  return [...hits.values()].slice(0, query.limit);
}

function toHit(row: typeof clients.$inferSelect, matchedAlias: string | null): ClientHit {
  return {
    uci: row.uci,
    familyName: row.familyName,
    givenNames: row.givenNames,
    dateOfBirth: row.dateOfBirth,
    countryOfBirth: row.countryOfBirth,
    matchedAlias,
  };
}
