import { sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { type Db, queryRows, type Tx } from "../db/database.ts";
import { clientNames, clients, contactDetails, passports } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { uciFromNumber } from "../shared/identifiers.ts";
import { nameKey } from "../shared/names.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertCanWorkInOffice } from "../users/actor.ts";
import { type CreateClientInput, ZCreateClient } from "./client.schema.ts";

export type Client = typeof clients.$inferSelect;

/** Creates a client with a new UCI, its names (primary and aliases), passports and contact details. */
export async function createClient(db: Db, actor: Actor, input: CreateClientInput): Promise<Client> {
  const data = validate(ZCreateClient, input);
  if (data.email && !data.emailConsentSource) {
    throw new AppError(
      "invalid_input",
      "emailConsentSource: is required with an email (how did the client give it?)",
      {
        field: "emailConsentSource",
      },
    );
  }
  return db.transaction(async (tx) => {
    const office = await findOfficeByCode(tx, data.officeCode);
    assertCanWorkInOffice(actor, office.id, "office");
    const uci = await nextUci(tx);
    const [client] = await tx
      .insert(clients)
      .values({
        uci,
        familyName: data.familyName,
        givenNames: data.givenNames,
        dateOfBirth: data.dateOfBirth,
        sex: data.sex,
        countryOfBirth: data.countryOfBirth,
        citizenships: data.citizenships,
        statusInCanada: data.statusInCanada,
        officeId: office.id,
      })
      .returning();
    if (!client) throw new AppError("internal", "client not created");
    const names = [
      { ...data, kind: "primary" },
      ...data.aliases.map((alias) => ({ ...alias, kind: "alias" })),
    ];
    await tx.insert(clientNames).values(
      names.map((name) => ({
        clientId: client.id,
        kind: name.kind,
        familyName: name.familyName,
        givenNames: name.givenNames,
        familyKey: nameKey(name.familyName),
        givenKey: nameKey(name.givenNames),
      })),
    );
    if (data.passports.length > 0) {
      await tx.insert(passports).values(data.passports.map((p) => ({ ...p, clientId: client.id })));
    }
    const contacts = [];
    if (data.email) {
      contacts.push({ kind: "email", value: data.email, consentSource: data.emailConsentSource ?? null });
    }
    if (data.postalAddress) contacts.push({ kind: "postal", value: data.postalAddress, consentSource: null });
    if (contacts.length > 0) {
      await tx
        .insert(contactDetails)
        .values(contacts.map((c) => ({ ...c, clientId: client.id, recordedBy: actor.userId })));
    }
    await recordAuditEvent(tx, actor, {
      action: "client.created",
      entityType: "client",
      entityId: client.id,
      officeId: office.id,
      after: { ...client, aliases: data.aliases, passports: data.passports, contacts },
    });
    return client;
  });
}

export async function nextUci(tx: Tx): Promise<string> {
  const [row] = await queryRows<{ n: string }>(tx, sql`select nextval('uci_seq')::text as n`);
  return uciFromNumber(BigInt(row!.n));
}
