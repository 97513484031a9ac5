/**
 * Audit events gathered while a transaction works and appended to the chain at its end. The chain's
 * lock is held from the first append to the commit; appending last keeps that span to the inserts
 * and the commit, however many messages the transaction processes, so storing and processing mail
 * in other transactions wait for it only that long. The events are still written in the same
 * transaction as the changes they record, or not at all.
 */
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Tx } from "../db/database.ts";
import type { Actor } from "../users/actor.ts";

/** Hands events over to be appended when the transaction's work is done. */
export type DeferAudit = (actor: Actor, changes: readonly AuditChange[]) => void;

export interface DeferredAudit {
  defer: DeferAudit;
  /** Appends what was gathered: each actor's events together, in the order they were handed over. */
  flush(tx: Tx): Promise<void>;
}

/**
 * @example const audit = deferredAudit();
 *   await receiveEnquiryMail(tx, message, { deferAudit: audit.defer });
 *   await audit.flush(tx); // last statement before the commit
 */
export function deferredAudit(): DeferredAudit {
  // One append per actor: `recordAuditEvents` names one actor for all the events it is given.
  const byActor = new Map<Actor, AuditChange[]>();
  return {
    defer(actor, changes) {
      const gathered = byActor.get(actor) ?? [];
      byActor.set(actor, gathered);
      gathered.push(...changes);
    },
    async flush(tx) {
      for (const [actor, changes] of byActor) await recordAuditEvents(tx, actor, changes);
      byActor.clear();
    },
  };
}

/** Appends now, or, given `defer`, hands the events to the transaction's owner to append at its end. */
export async function appendAuditEvents(
  tx: Tx,
  actor: Actor,
  changes: AuditChange[],
  defer: DeferAudit | undefined,
): Promise<void> {
  if (defer) defer(actor, changes);
  else await recordAuditEvents(tx, actor, changes);
}
