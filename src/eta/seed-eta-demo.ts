/**
 * The demo's eTA batch: clients on file with something screening must notice, then a batch of
 * applications screened into approvals and each kind of referral (identity, citizen, permanent
 * resident, adverse information, expansion eligibility), so the queues hold one of each.
 */
import { createClient } from "../clients/create-client.ts";
import type { Db } from "../db/database.ts";
import { clientAdverseInformation, temporaryResidentVisas, usVisaVerifications } from "../db/schema.ts";
import { addDays } from "../shared/dates.ts";
import { SYSTEM_ACTOR } from "../users/actor.ts";
import type { EtaResult } from "./eta-result.ts";
import { addYears } from "./eta-validity.ts";
import { parseEtaApplication, submitEtaApplications } from "./submit-eta-applications.ts";

interface DemoApplicant {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: "F" | "M" | "X";
  country: string;
  passport: string;
  passportExpiry?: string;
  city: string;
}

function application(person: DemoApplicant, today: string, language: "en" | "fr" = "en") {
  return {
    officeCode: "OTT",
    language,
    applicant: {
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.country,
      citizenship: person.country,
    },
    passport: {
      number: person.passport,
      type: "regular",
      country: person.country,
      expiryDate: person.passportExpiry ?? addYears(today, 7),
    },
    email: `${person.passport.toLowerCase()}@example.com`,
    address: { line1: "22 Station Road", city: person.city, country: person.country },
    answers: { purpose: "tourism", refusedBefore: false, criminalOffence: false, tuberculosis: false },
  };
}

export async function seedEtaDemo(db: Db, today: string): Promise<EtaResult[]> {
  const onFile: (DemoApplicant & { status?: "citizen-by-naturalization" | "permanent-resident" })[] = [
    {
      familyName: "Haddad",
      givenNames: "Karim",
      dateOfBirth: "1974-06-02",
      sex: "M",
      country: "FRA",
      passport: "19CF55102",
      city: "Lyon",
      status: "citizen-by-naturalization",
    },
    {
      familyName: "O'Connell",
      givenNames: "Siobhán",
      dateOfBirth: "1983-01-27",
      sex: "F",
      country: "IRL",
      passport: "PD4410937",
      city: "Cork",
      status: "permanent-resident",
    },
    {
      familyName: "Van der Berg",
      givenNames: "Pieter",
      dateOfBirth: "1969-09-15",
      sex: "M",
      country: "NLD",
      passport: "NX71K2P04",
      city: "Utrecht",
    },
    {
      familyName: "Souza",
      givenNames: "Rafael",
      dateOfBirth: "1990-11-30",
      sex: "M",
      country: "BRA",
      passport: "GH228190",
      city: "Recife",
    },
    {
      familyName: "Shevchenko",
      givenNames: "Oleksandr",
      dateOfBirth: "1980-03-14",
      sex: "M",
      country: "UKR",
      passport: "FE118834",
      city: "Lviv",
    },
    {
      familyName: "Shevchenko",
      givenNames: "Oleksandr",
      dateOfBirth: "1980-03-14",
      sex: "M",
      country: "UKR",
      passport: "FK650021",
      city: "Odesa",
    },
  ];
  const clients = [];
  for (const person of onFile) {
    clients.push(
      await createClient(db, SYSTEM_ACTOR, {
        officeCode: "OTT",
        familyName: person.familyName,
        givenNames: person.givenNames,
        dateOfBirth: person.dateOfBirth,
        sex: person.sex,
        countryOfBirth: person.country,
        citizenships:
          person.status === "citizen-by-naturalization" ? [person.country, "CAN"] : [person.country],
        statusInCanada: person.status ?? "foreign-national",
        passports: [
          {
            number: person.passport,
            type: "regular",
            country: person.country,
            expiryDate: addYears(today, 6),
          },
        ],
      }),
    );
  }
  await db.insert(clientAdverseInformation).values({
    clientId: clients[2]!.id,
    source: "port-of-entry",
    recordedOn: addDays(today, -200),
    details: "Examined at Vancouver International: declared purpose inconsistent with the goods carried.",
  });
  await db.insert(temporaryResidentVisas).values({
    clientId: clients[3]!.id,
    issuedOn: addDays(today, -3 * 365),
    expiryDate: addDays(today, -365),
  });
  await db.insert(usVisaVerifications).values([
    { passportNumber: "RO5521873", passportCountry: "ROU", result: "valid", checkedOn: today },
    { passportNumber: "BG3301765", passportCountry: "BGR", result: "lost-stolen", checkedOn: today },
  ]);

  const fresh: DemoApplicant[] = [
    {
      familyName: "Tanaka",
      givenNames: "Yui",
      dateOfBirth: "1998-04-21",
      sex: "F",
      country: "JPN",
      passport: "TR5028813",
      city: "Osaka",
    },
    {
      familyName: "García Márquez",
      givenNames: "Lucía",
      dateOfBirth: "1987-12-08",
      sex: "F",
      country: "MEX",
      passport: "G44017725",
      city: "Puebla",
    },
    // The passport runs out in 18 months: the eTA stops with it.
    {
      familyName: "Müller",
      givenNames: "Jonas",
      dateOfBirth: "1979-05-05",
      sex: "M",
      country: "DEU",
      passport: "C4JX7R2L9",
      passportExpiry: addDays(today, 548),
      city: "Leipzig",
    },
    {
      familyName: "Ionescu",
      givenNames: "Andrei",
      dateOfBirth: "1993-02-17",
      sex: "M",
      country: "ROU",
      passport: "RO5521873",
      city: "Cluj-Napoca",
    },
    {
      familyName: "Petrova",
      givenNames: "Desislava",
      dateOfBirth: "1985-08-29",
      sex: "F",
      country: "BGR",
      passport: "BG3301765",
      city: "Plovdiv",
    },
  ];
  // Two clients on file share this name and date of birth, and his new passport is neither of
  // theirs: the engine cannot tell which one he is, so an officer decides.
  const doubtful: DemoApplicant = {
    familyName: "Shevchenko",
    givenNames: "Olexandr",
    dateOfBirth: "1980-03-14",
    sex: "M",
    country: "UKR",
    passport: "GK903312",
    city: "Kyiv",
  };
  const batch = [...onFile.slice(0, 4), ...fresh, doubtful].map((person, i) =>
    parseEtaApplication(application(person, today, i % 3 === 1 ? "fr" : "en"), today),
  );
  return submitEtaApplications(db, SYSTEM_ACTOR, batch, { now: new Date(`${today}T15:00:00Z`) });
}
