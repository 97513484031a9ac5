import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications, clients } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { parseUci } from "../shared/identifiers.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";
import type { Client } from "./create-client.ts";

/**
 * SQL condition: the client belongs to one of the actor's offices, or has an application there.
 * The system actor sees everything.
 */
export function clientVisibleTo(actor: Actor) {
  if (actor.userId === null) return sql`true`;
  const officeIds = officeIdsOf(actor);
  if (officeIds.length === 0) return sql`false`;
  return or(
    inArray(clients.officeId, officeIds),
    sql`exists (select 1 from ${applications} where ${applications.clientId} = ${clients.id} and ${inArray(applications.officeId, officeIds)})`,
  )!;
}

/**
 * The client with this UCI if the actor may see it. A client of another office is reported as not
 * found, so that the answer does not reveal that the person is known to the department. The UCI of
 * a client merged into another leads to that other client (compare `uci` to see that it did).
 */
export async function findVisibleClient(db: Executor, actor: Actor, uciInput: string): Promise<Client> {
  const uci = parseUci(uciInput);
  if (!uci) {
    throw new AppError("invalid_input", "uci: must be a UCI: 10 digits with a valid check digit", {
      field: "uci",
    });
  }
  const [client] = await db
    .select()
    .from(clients)
    .where(and(clientWithUci(db, uci), clientVisibleTo(actor)));
  if (!client) throw new AppError("not_found", `uci: no client ${uci} in your offices`, { field: "uci" });
  return client;
}

/**
 * SQL condition: the client that answers to this UCI now, its own or that of a client merged into
 * it (migration 0018); a merged client never answers itself.
 */
export function clientWithUci(db: Executor, uci: string) {
  return and(
    isNull(clients.mergedIntoClientId),
    or(
      eq(clients.uci, uci),
      inArray(
        clients.id,
        db
          .select({ id: sql<string>`merged.merged_into_client_id` })
          .from(sql`${clients} as merged`)
          .where(sql`merged.uci = ${uci}`),
      ),
    ),
  )!;
}
