import { lt, sql } from "drizzle-orm";
import { recordAuditEvent } from "../../audit/record-audit-event.ts";
import type { Db } from "../../db/database.ts";
import { sessions, signInAttempts } from "../../db/schema.ts";
import { SYSTEM_ACTOR } from "../../users/actor.ts";
import type { ScheduledJob } from "../scheduler.ts";

/** Sign-in attempts only matter within the lock-out window (minutes); a day keeps a margin for review. */
const SIGN_IN_ATTEMPTS_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes sessions past their expiry and sign-in attempts older than a day, so neither table
 * grows without bound. Returns how many rows went.
 */
export async function purgeExpiredSessions(db: Db): Promise<{ sessions: number; signInAttempts: number }> {
  return db.transaction(async (tx) => {
    const goneSessions = await tx
      .delete(sessions)
      .where(lt(sessions.expiresAt, sql`now()`))
      .returning({ tokenHash: sessions.tokenHash });
    const goneAttempts = await tx
      .delete(signInAttempts)
      .where(lt(signInAttempts.at, sql`now() - ${SIGN_IN_ATTEMPTS_KEPT_MS} * interval '1 millisecond'`))
      .returning({ id: signInAttempts.id });
    const counts = { sessions: goneSessions.length, signInAttempts: goneAttempts.length };
    if (counts.sessions + counts.signInAttempts > 0) {
      await recordAuditEvent(
        tx,
        { ...SYSTEM_ACTOR, label: "scheduler" },
        {
          action: "sessions.purged",
          entityType: "system",
          entityId: "sessions",
          after: counts,
        },
      );
    }
    return counts;
  });
}

/** Hourly: expired sessions are already refused at sign-in time; this only reclaims space. */
export const purgeExpiredSessionsJob: ScheduledJob = {
  name: "purge-expired-sessions",
  everyMs: 60 * 60 * 1000,
  run: async (db) => {
    await purgeExpiredSessions(db);
  },
};
