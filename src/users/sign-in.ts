import { and, count, eq, gt } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { sessions, signInAttempts, users } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { hashSecret, newSecret } from "./tokens.ts";
import { ZSignIn } from "./user.schema.ts";

export const SESSION_HOURS = 10;
/** At most this many failed sign-ins per account, and per client address, in the window. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MINUTES = 15;

// Compared against when the account does not exist, so that timing does not reveal which emails
// exist. Made on first use rather than at start-up.
let absentUserHash: Promise<string> | undefined;
const absentUserHashOnce = () => {
  absentUserHash ??= hashPassword("no such user, no such password");
  return absentUserHash;
};

export interface NewSession {
  token: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

/** Checks the password and opens a session; refuses after too many recent failures. */
export async function signIn(db: Db, input: unknown, clientAddress: string): Promise<NewSession> {
  const { email, password } = validate(ZSignIn, input);
  const keys = [`email:${email}`, `ip:${clientAddress}`];
  const since = new Date(Date.now() - FAILURE_WINDOW_MINUTES * 60_000);
  for (const key of keys) {
    const [row] = await db
      .select({ n: count() })
      .from(signInAttempts)
      .where(
        and(eq(signInAttempts.key, key), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)),
      );
    if ((row?.n ?? 0) >= MAX_FAILURES) {
      throw new AppError(
        "rate_limited",
        `Too many failed sign-ins. Wait ${FAILURE_WINDOW_MINUTES} minutes before trying again.`,
        {
          messageFr: `Trop de tentatives de connexion. Attendez ${FAILURE_WINDOW_MINUTES} minutes avant de réessayer.`,
        },
      );
    }
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = user?.active
    ? await verifyPassword(password, user.passwordHash)
    : (await verifyPassword(password, await absentUserHashOnce())) && false;
  await db.insert(signInAttempts).values(keys.map((key) => ({ key, succeeded: ok })));
  if (!ok || !user) {
    throw new AppError("unauthenticated", "The email or password is not right.", {
      messageFr: "Le courriel ou le mot de passe est incorrect.",
    });
  }
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.insert(sessions).values({ tokenHash: hashSecret(token), userId: user.id, csrfToken, expiresAt });
  return { token, csrfToken, userId: user.id, expiresAt };
}

export async function resolveSession(
  db: Db,
  token: string,
): Promise<{ userId: string; csrfToken: string } | null> {
  const [row] = await db
    .select({ userId: sessions.userId, csrfToken: sessions.csrfToken })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashSecret(token)), gt(sessions.expiresAt, new Date())));
  return row ?? null;
}

export async function signOut(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(token)));
}
