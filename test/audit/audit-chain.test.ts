import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import type { Database } from "../../src/db/database.ts";
import { addNote } from "../../src/notes/add-note.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
before(async () => {
  database = await openTestDatabase();
});
after(() => database.close());

test("every change is in the audit chain, and the chain verifies", async () => {
  const { ottawa, application } = await seedTwoOffices(database.db);
  await addNote(
    database.db,
    ottawa,
    { fileNumber: application.fileNumber },
    { body: "Passport copy received." },
  );
  const verdict = await verifyAuditChain(database.db);
  assert.equal(verdict.intact, true);
  // 2 offices, 2 users, 1 client, 1 application, 1 note
  assert.equal(verdict.events, 7);
});

test("the database refuses to update or delete an audit event", async () => {
  // Drizzle wraps the server's error; the server's own words are in `cause`.
  const refusedAsImmutable = (error: Error) =>
    /audit_events rows are immutable/.test(String((error.cause as Error)?.message));
  await assert.rejects(
    database.db.execute(sql`update audit_events set action = 'x' where seq = 1`),
    refusedAsImmutable,
  );
  await assert.rejects(database.db.execute(sql`delete from audit_events where seq = 1`), refusedAsImmutable);
});

test("tampering by someone who bypasses the trigger is detected at the first broken event", async () => {
  await database.db.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
  await database.db.execute(
    sql`update audit_events set after = jsonb_set(after, '{status}', '"approved"') where action = 'application.created'`,
  );
  await database.db.execute(sql`alter table audit_events enable trigger audit_events_immutable`);
  const verdict = await verifyAuditChain(database.db);
  assert.equal(verdict.intact, false);
  assert.equal(verdict.intact === false && verdict.brokenAt, 6);
  assert.match(verdict.intact === false ? verdict.reason : "", /content does not match/);
});
