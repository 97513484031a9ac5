import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { apiKeys, users } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { type Actor, assertAdministrator } from "./actor.ts";
import { hashSecret, newSecret } from "./tokens.ts";

/** An API key reads `dsr_<prefix>_<secret>`; only the prefix and the secret's hash are stored. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { userEmail: string; label?: string },
): Promise<{ key: string; prefix: string; userId: string }> {
  assertAdministrator(actor);
  const email = input.userEmail.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw new AppError("not_found", `user: no user has the email ${email}`, { field: "user" });
    const prefix = newSecret().slice(0, 10).replace(/[-_]/g, "x");
    const secret = newSecret();
    const key = `dsr_${prefix}_${secret}`;
    await tx
      .insert(apiKeys)
      .values({ userId: user.id, prefix, keyHash: hashSecret(key), label: input.label ?? "API key" });
    await recordAuditEvent(tx, actor, {
      action: "apikey.created",
      entityType: "user",
      entityId: user.id,
      after: { prefix, label: input.label ?? "API key" },
    });
    return { key, prefix, userId: user.id };
  });
}

/** The user id behind a bearer key, or null for an unknown, malformed or revoked key. */
export async function authenticateApiKey(db: Db, key: string): Promise<string | null> {
  const match = /^dsr_([A-Za-z0-9]{10})_[A-Za-z0-9_-]{43}$/.exec(key);
  if (!match) return null;
  const [row] = await db
    .select({ id: apiKeys.id, userId: apiKeys.userId, keyHash: apiKeys.keyHash })
    .from(apiKeys)
    .where(and(eq(apiKeys.prefix, match[1]!), isNull(apiKeys.revokedAt)));
  if (!row || row.keyHash !== hashSecret(key)) return null;
  return row.userId;
}
