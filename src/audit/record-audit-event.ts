import { desc, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { insertColumnwise } from "../db/insert-columnwise.ts";
import { auditEvents } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { canonicalEventJson, canonicalJson, GENESIS_HASH, hashCanonicalEvent } from "./hash-audit-event.ts";

// Writers take this lock to append to the chain one at a time; it is held until their commit, so
// the next writer reads a committed last hash. Call this as late as possible in a transaction.
const AUDIT_CHAIN_LOCK = 727_002;

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  officeId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one event to the audit chain inside the caller's transaction. */
export async function recordAuditEvent(tx: Tx, actor: Actor, change: AuditChange): Promise<void> {
  await recordAuditEvents(tx, actor, [change]);
}

/** Appends several events in order (one lock, one read of the chain's end). */
export async function recordAuditEvents(tx: Tx, actor: Actor, changes: AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = changes.map((change) => {
    seq += 1;
    const event = {
      seq,
      at,
      actorId: actor.userId,
      actorLabel: actor.label,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      officeId: change.officeId ?? null,
    };
    // Stored as the canonical text, so the hash recomputes identically from the jsonb column.
    const before = change.before === undefined ? null : canonicalJson(change.before);
    const after = change.after === undefined ? null : canonicalJson(change.after);
    const hash = hashCanonicalEvent(prevHash, canonicalEventJson(event, before ?? "null", after ?? "null"));
    const row = { ...event, before, after, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One array per column: a few parameters per statement however many events (a bulk job appends
  // tens of thousands at once).
  for (let i = 0; i < rows.length; i += 10_000) {
    await insertColumnwise(tx, auditEvents, rows.slice(i, i + 10_000), { asText: ["before", "after"] });
  }
}
