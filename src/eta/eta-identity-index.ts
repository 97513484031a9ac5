/**
 * The identity index eTA screening decides applicants against: every client on file, loaded once
 * per process and database, then kept current with the clients screening itself creates. Clients
 * created by another process after the load are not in it until the process restarts.
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";
import { createIdentityIndex } from "../identity/create-identity-index.ts";
import type { IdentityIndex, IdentityRecord } from "../identity/identity-record.ts";

const indexes = new WeakMap<Db, Promise<IdentityIndex>>();
// Pages of clients read in id order: a million clients never sit in one result set.
const PAGE = 50_000;

export function etaIdentityIndex(db: Db): Promise<IdentityIndex> {
  let index = indexes.get(db);
  if (!index) {
    index = loadIdentityIndex(db);
    indexes.set(db, index);
    // A failed load is not kept: the next application tries again.
    index.catch(() => indexes.delete(db));
  }
  return index;
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
}

async function loadIdentityIndex(db: Db): Promise<IdentityIndex> {
  const index = createIdentityIndex();
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await queryRows<ClientRow>(
      db,
      sql`select c.id, c.given_names, c.family_name, c.date_of_birth::text as date_of_birth, c.sex,
            c.country_of_birth,
            (select p.number from passports p where p.client_id = c.id order by p.expiry_date desc limit 1) as passport
          from clients c where c.id > ${after}::uuid order by c.id limit ${PAGE}`,
    );
    for (const row of rows) {
      index.add(
        clientIdentityRecord(row.id, {
          givenNames: row.given_names,
          familyName: row.family_name,
          dateOfBirth: row.date_of_birth,
          sex: row.sex,
          countryOfBirth: row.country_of_birth,
          passportNumber: row.passport,
        }),
      );
    }
    if (rows.length < PAGE) return index;
    after = rows[rows.length - 1]!.id;
  }
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
    street: text(person.address?.line1),
    city: text(person.address?.city),
    postalCode: text(person.address?.postalCode),
    region: text(person.address?.region),
  };
}
