import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import type { Db } from "../../src/db/database.ts";
import { createOffice } from "../../src/offices/create-office.ts";
import { type Actor, SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { addUser } from "../../src/users/add-user.ts";
import { loadActor } from "../../src/users/load-actor.ts";

export const PASSWORD = "correct horse battery";

export async function addOffice(db: Db, code: string) {
  return createOffice(db, SYSTEM_ACTOR, {
    code,
    nameEn: `${code} office`,
    nameFr: `Bureau ${code}`,
    mailboxEmail: `${code.toLowerCase()}@dossier.test`,
    managerEmail: `${code.toLowerCase()}-manager@dossier.test`,
    postalAddress: `1 Main Street, ${code}`,
    timeZone: "America/Toronto",
    responseStandardDays: 30,
  });
}

export async function addActor(
  db: Db,
  email: string,
  officeCode: string,
  role = "officer" as const,
): Promise<Actor> {
  const user = await addUser(db, SYSTEM_ACTOR, {
    email,
    displayName: email.split("@")[0]!,
    password: PASSWORD,
    memberships: [{ officeCode, role }],
  });
  return (await loadActor(db, user.id))!;
}

/** Two offices (OTT, LON), an officer in each, and one client with one application in OTT. */
export async function seedTwoOffices(db: Db) {
  await addOffice(db, "OTT");
  await addOffice(db, "LON");
  const ottawa = await addActor(db, "ana@dossier.test", "OTT");
  const london = await addActor(db, "liam@dossier.test", "LON");
  const client = await createClient(db, ottawa, {
    officeCode: "OTT",
    familyName: "Nguyễn",
    givenNames: "Thị Ánh",
    dateOfBirth: "1990-04-12",
    sex: "F",
    countryOfBirth: "VNM",
    citizenships: ["VNM"],
    email: "anh.nguyen@example.com",
    emailConsentSource: "application-form",
    aliases: [{ familyName: "Nguyen", givenNames: "Anh" }],
  });
  const application = await createApplication(db, ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "temporary-residence",
    receivedDate: "2026-01-15",
    language: "fr",
  });
  return { ottawa, london, client, application };
}
