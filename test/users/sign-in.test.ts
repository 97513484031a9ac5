import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Database } from "../../src/db/database.ts";
import { users } from "../../src/db/schema.ts";
import { resolveSession, signIn, signOut } from "../../src/users/sign-in.ts";
import { openTestDatabase } from "../support/database.ts";
import { PASSWORD, seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
before(async () => {
  database = await openTestDatabase();
  await seedTwoOffices(database.db);
});
after(() => database.close());

test("passwords are stored as scrypt hashes, never as typed", async () => {
  const [user] = await database.db.select().from(users).where(eq(users.email, "ana@dossier.test"));
  assert.match(user!.passwordHash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.ok(!user!.passwordHash.includes(PASSWORD));
});

test("a right password opens a session that resolves until signed out", async () => {
  const session = await signIn(database.db, { email: " ANA@dossier.test ", password: PASSWORD }, "10.0.0.1");
  assert.equal((await resolveSession(database.db, session.token))?.csrfToken, session.csrfToken);
  await signOut(database.db, session.token);
  assert.equal(await resolveSession(database.db, session.token), null);
});

test("a wrong password and an unknown account get the same answer", async () => {
  await assert.rejects(
    signIn(database.db, { email: "ana@dossier.test", password: "wrong password!" }, "10.0.0.2"),
    /^AppError: The email or password is not right\.$/,
  );
  await assert.rejects(
    signIn(database.db, { email: "nobody@dossier.test", password: "wrong password!" }, "10.0.0.2"),
    /^AppError: The email or password is not right\.$/,
  );
  await assert.rejects(
    signIn(database.db, { email: "", password: "x" }, "10.0.0.2"),
    /^AppError: email: is required$/,
  );
});

test("after 5 failures in 15 minutes the account is refused even with the right password", async () => {
  for (let i = 0; i < 5; i++) {
    await assert.rejects(
      signIn(database.db, { email: "liam@dossier.test", password: `guess number ${i}` }, `10.0.1.${i}`),
      /not right/,
    );
  }
  await assert.rejects(
    signIn(database.db, { email: "liam@dossier.test", password: PASSWORD }, "10.0.2.1"),
    /^AppError: Too many failed sign-ins\. Wait 15 minutes/,
  );
});

test("after 5 failures from one address, that address is refused for every account", async () => {
  // 10.0.0.2 already failed twice above.
  for (let i = 0; i < 3; i++) {
    await assert.rejects(
      signIn(database.db, { email: `someone${i}@dossier.test`, password: "not it at all" }, "10.0.0.2"),
      /not right/,
    );
  }
  await assert.rejects(
    signIn(database.db, { email: "ana@dossier.test", password: PASSWORD }, "10.0.0.2"),
    /Too many failed sign-ins/,
  );
  assert.ok(await signIn(database.db, { email: "ana@dossier.test", password: PASSWORD }, "10.0.0.3"));
});
