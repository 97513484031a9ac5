import { count } from "drizzle-orm";
import { createActivity } from "../activities/create-activity.ts";
import { addRepresentative } from "../applications/add-representative.ts";
import { createApplication } from "../applications/create-application.ts";
import { addContactDetail } from "../clients/add-contact-detail.ts";
import type { CreateClientInput } from "../clients/client.schema.ts";
import { type Client, createClient } from "../clients/create-client.ts";
import { queueCorrespondence } from "../correspondence/queue-email.ts";
import { queueLetter } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import { users } from "../db/schema.ts";
import { seedDecisionsDemo } from "../decisions/seed-decisions-demo.ts";
import { seedEtaDemo } from "../eta/seed-eta-demo.ts";
import { addInfoAlert } from "../info-alerts/add-info-alert.ts";
import { UNKNOWN_MAILBOX_DOMAIN } from "../mail/mail-catcher.ts";
import { addNote } from "../notes/add-note.ts";
import { createOffice } from "../offices/create-office.ts";
import { addDays } from "../shared/dates.ts";
import { type Role, SYSTEM_ACTOR } from "../users/actor.ts";
import { addUser } from "../users/add-user.ts";
import { loadActor } from "../users/load-actor.ts";

export const DEMO_PASSWORD = "dossier-demo-2026";

export const DEMO_ACCOUNTS: {
  email: string;
  name: string;
  locale: "en" | "fr";
  memberships: [string, Role][];
}[] = [
  { email: "officer@dossier.demo", name: "Olivia Officer", locale: "en", memberships: [["OTT", "officer"]] },
  {
    email: "agente@dossier.demo",
    name: "Amélie Agente",
    locale: "fr",
    memberships: [
      ["MTL", "officer"],
      ["MTL", "enquiries-agent"],
    ],
  },
  {
    email: "decider@dossier.demo",
    name: "Daniel Decider",
    locale: "en",
    memberships: [
      ["OTT", "decision-maker-1"],
      ["OTT", "officer"],
    ],
  },
  {
    email: "manager@dossier.demo",
    name: "Maya Manager",
    locale: "en",
    memberships: [
      ["OTT", "program-manager"],
      ["MTL", "program-manager"],
    ],
  },
  {
    email: "admin@dossier.demo",
    name: "Adam Administrator",
    locale: "en",
    memberships: [
      ["OTT", "administrator"],
      ["MTL", "administrator"],
      ["MNL", "administrator"],
    ],
  },
];

/** Whether the database already holds users (then the demo does not seed again). */
export async function hasUsers(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

/**
 * A small, believable office: three offices, five accounts, a dozen clients with applications,
 * notes, representatives, changed addresses, an info-alert, activities in the queues and two
 * letters waiting to be sent. One of them goes to an address at `nowhere.dossier.demo`, where the
 * demo's mail catcher has no mailbox: it comes back undelivered and becomes a paper letter to mail.
 */
export async function seedDemo(db: Db, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const offices = [
    {
      code: "OTT",
      nameEn: "Ottawa Case Processing Centre",
      nameFr: "Centre de traitement des demandes d'Ottawa",
      mailboxEmail: "ottawa@dossier.demo",
      managerEmail: "ottawa-manager@dossier.demo",
      postalAddress: "365 Laurier Avenue West\nOttawa ON  K1A 1L1\nCanada",
      timeZone: "America/Toronto",
      responseStandardDays: 30,
    },
    {
      code: "MTL",
      nameEn: "Montréal Immigration Office",
      nameFr: "Bureau d'immigration de Montréal",
      mailboxEmail: "montreal@dossier.demo",
      managerEmail: "montreal-gestion@dossier.demo",
      postalAddress: "1010, rue Saint-Antoine Ouest\nMontréal QC  H3C 1B2\nCanada",
      timeZone: "America/Toronto",
      responseStandardDays: 30,
    },
    {
      code: "MNL",
      nameEn: "Manila Visa Office",
      nameFr: "Bureau des visas de Manille",
      mailboxEmail: "manila@dossier.demo",
      managerEmail: "manila-manager@dossier.demo",
      postalAddress: "Levels 6-8, Tower 2, RCBC Plaza\n6819 Ayala Avenue, Makati City\nPhilippines",
      timeZone: "Asia/Manila",
      responseStandardDays: 45,
    },
  ];
  for (const office of offices) await createOffice(db, SYSTEM_ACTOR, office);
  const actors: Record<string, NonNullable<Awaited<ReturnType<typeof loadActor>>>> = {};
  for (const account of DEMO_ACCOUNTS) {
    const user = await addUser(db, SYSTEM_ACTOR, {
      email: account.email,
      displayName: account.name,
      password: DEMO_PASSWORD,
      locale: account.locale,
      memberships: account.memberships.map(([officeCode, role]) => ({ officeCode, role })),
    });
    actors[account.email] = (await loadActor(db, user.id))!;
  }
  const officer = actors["officer@dossier.demo"]!;
  const agente = actors["agente@dossier.demo"]!;

  const person = (input: CreateClientInput) => createClient(db, SYSTEM_ACTOR, input);
  const open = (
    client: Client,
    officeCode: string,
    lineOfBusiness:
      | "temporary-residence"
      | "eta"
      | "permanent-residence"
      | "family-sponsorship"
      | "citizenship",
    daysAgo: number,
    language: "en" | "fr",
  ) =>
    createApplication(db, SYSTEM_ACTOR, {
      uci: client.uci,
      officeCode,
      lineOfBusiness,
      receivedDate: addDays(today, -daysAgo),
      language,
    });

  const anh = await person({
    officeCode: "OTT",
    familyName: "Nguyễn",
    givenNames: "Thị Ánh",
    dateOfBirth: "1991-04-12",
    sex: "F",
    countryOfBirth: "VNM",
    citizenships: ["VNM"],
    aliases: [{ familyName: "Nguyen", givenNames: "Anh" }],
    passports: [{ number: "C1234567", type: "regular", country: "VNM", expiryDate: "2031-08-30" }],
    email: "anh.nguyen@example.com",
    emailConsentSource: "application-form",
    postalAddress: "12 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội, Viet Nam",
  });
  const anhStudy = await open(anh, "OTT", "temporary-residence", 40, "en");
  await addContactDetail(db, SYSTEM_ACTOR, anh.uci, {
    kind: "email",
    value: "anh.t.nguyen@example.org",
    consentSource: "client-wrote-first",
  });
  await addNote(
    db,
    officer,
    { fileNumber: anhStudy.fileNumber },
    { body: "Letter of acceptance verified with the institution by phone." },
  );
  await queueCorrespondence(db, officer, anhStudy.fileNumber, {
    subject: "Request for additional documents",
    body: "Please send proof of financial support (bank statements for the last four months) by replying to this message within 30 days.",
  });

  const mohammed = await person({
    officeCode: "OTT",
    familyName: "Al-Rashid",
    givenNames: "Mohammed Karim",
    dateOfBirth: "1984-09-02",
    sex: "M",
    countryOfBirth: "JOR",
    citizenships: ["JOR"],
    aliases: [{ familyName: "Alrashid", givenNames: "Muhammad" }],
    passports: [{ number: "N998877", type: "regular", country: "JOR", expiryDate: "2029-03-14" }],
    postalAddress: "Building 7, Al-Rainbow Street, Amman, Jordan",
  });
  const mohammedPr = await open(mohammed, "OTT", "permanent-residence", 120, "en");
  await addRepresentative(db, SYSTEM_ACTOR, mohammedPr.fileNumber, {
    name: "Sarah Whitfield, RCIC",
    email: "s.whitfield@whitfield-immigration.example",
    postalAddress: "200 Bay Street, Suite 1400, Toronto ON  M5J 2J1",
    validFrom: addDays(today, -100),
  });
  await createActivity(db, SYSTEM_ACTOR, {
    activity: "Candidate ID Decision",
    officeCode: "OTT",
    fileNumber: mohammedPr.fileNumber,
    dueDate: addDays(today, 5),
    details: "Possible match with an existing client: same date of birth, family name Alrashid.",
  });

  const zoe = await person({
    officeCode: "MTL",
    familyName: "Lefèvre-Gagnon",
    givenNames: "Zoé",
    dateOfBirth: "1987-11-03",
    sex: "F",
    countryOfBirth: "FRA",
    citizenships: ["FRA"],
    statusInCanada: "permanent-resident",
    email: "zoe.lefevre@example.fr",
    emailConsentSource: "application-form",
    postalAddress: "4521, avenue du Parc, app. 3\nMontréal QC  H2V 4E4",
  });
  const zoeCitizenship = await open(zoe, "MTL", "citizenship", 200, "fr");
  await addNote(
    db,
    agente,
    { fileNumber: zoeCitizenship.fileNumber },
    { body: "Examen de citoyenneté réussi; en attente de la vérification des antécédents." },
  );
  await createActivity(db, SYSTEM_ACTOR, {
    activity: "Response overdue",
    officeCode: "MTL",
    fileNumber: zoeCitizenship.fileNumber,
    dueDate: addDays(today, -2),
    details: "Demande de preuves de résidence envoyée; aucune réponse à la date demandée.",
  });

  const chidinma = await person({
    officeCode: "OTT",
    familyName: "Okonkwo",
    givenNames: "Chidinma Grace",
    dateOfBirth: "1979-07-21",
    sex: "F",
    countryOfBirth: "NGA",
    citizenships: ["NGA"],
    passports: [{ number: "A07654321", type: "regular", country: "NGA", expiryDate: "2028-01-10" }],
    email: "chidinma.okonkwo@example.ng",
    emailConsentSource: "application-form",
  });
  const chidinmaFamily = await open(chidinma, "OTT", "family-sponsorship", 75, "en");
  await createActivity(db, SYSTEM_ACTOR, {
    activity: "Derogatory information",
    subActivity: "Client Derogatory Information",
    officeCode: "OTT",
    fileNumber: chidinmaFamily.fileNumber,
    dueDate: addDays(today, 10),
  });

  // The client's only email is at the demo's domain without mailboxes, and it is the most recent
  // one given: once the request is sent and returned, the office mails it on paper (seed 000).
  const kwame = await person({
    officeCode: "OTT",
    familyName: "Mensah",
    givenNames: "Kwame",
    dateOfBirth: "1993-08-09",
    sex: "M",
    countryOfBirth: "GHA",
    citizenships: ["GHA"],
    passports: [{ number: "G2468013", type: "regular", country: "GHA", expiryDate: "2032-04-22" }],
    email: `kwame.mensah@${UNKNOWN_MAILBOX_DOMAIN}`,
    emailConsentSource: "application-form",
    postalAddress: "27 Independence Avenue\nAccra\nGhana",
  });
  const kwameStudy = await open(kwame, "OTT", "temporary-residence", 25, "en");
  await queueLetter(db, officer, kwameStudy.fileNumber, {
    templateId: "request-documents",
    values: {
      documents:
        "Proof of funds: bank statements for the last four months\nLetter of acceptance from your school",
    },
  });

  const jose = await person({
    officeCode: "MNL",
    familyName: "dela Cruz",
    givenNames: "José Miguel",
    dateOfBirth: "1995-01-30",
    sex: "M",
    countryOfBirth: "PHL",
    citizenships: ["PHL"],
    passports: [{ number: "P1234567A", type: "regular", country: "PHL", expiryDate: "2033-05-05" }],
    email: "jm.delacruz@example.ph",
    emailConsentSource: "application-form",
  });
  await open(jose, "MNL", "temporary-residence", 15, "en");

  const diplomat = await person({
    officeCode: "OTT",
    familyName: "Müller",
    givenNames: "Jürgen",
    dateOfBirth: "1970-06-18",
    sex: "M",
    countryOfBirth: "DEU",
    citizenships: ["DEU"],
    passports: [
      { number: "C01X00T47", type: "regular", country: "DEU", expiryDate: "2030-02-01" },
      { number: "D0001234", type: "diplomatic", country: "DEU", expiryDate: "2028-12-31" },
    ],
    email: "j.mueller@example.de",
    emailConsentSource: "client-wrote-first",
  });
  const diplomatEta = await open(diplomat, "OTT", "eta", 3, "en");
  await addInfoAlert(db, SYSTEM_ACTOR, diplomat.uci, {
    type: "eTA Revalidation",
    validFrom: addDays(today, -3),
    validTo: "2028-12-31",
    details: "Request for information sent; no reply yet.",
  });
  await addNote(
    db,
    officer,
    { uci: diplomat.uci },
    { body: "Client holds both a regular and a diplomatic passport.", restricted: true },
  );
  await createActivity(db, SYSTEM_ACTOR, {
    activity: "eTA Revalidation",
    officeCode: "OTT",
    fileNumber: diplomatEta.fileNumber,
    dueDate: addDays(today, 14),
  });

  const more: CreateClientInput[] = [
    {
      officeCode: "OTT",
      familyName: "García López",
      givenNames: "María José",
      dateOfBirth: "1989-03-15",
      sex: "F",
      countryOfBirth: "MEX",
      citizenships: ["MEX"],
    },
    {
      officeCode: "OTT",
      familyName: "Wang",
      givenNames: "Xiaoming",
      dateOfBirth: "1993-12-08",
      sex: "M",
      countryOfBirth: "CHN",
      citizenships: ["CHN"],
      aliases: [{ familyName: "王", givenNames: "小明" }],
    },
    {
      officeCode: "MTL",
      familyName: "Jean-Baptiste",
      givenNames: "Wideline",
      dateOfBirth: "1998-05-27",
      sex: "F",
      countryOfBirth: "HTI",
      citizenships: ["HTI"],
    },
    {
      officeCode: "OTT",
      familyName: "Kowalczyk",
      givenNames: "Łukasz",
      dateOfBirth: "1982-10-11",
      sex: "M",
      countryOfBirth: "POL",
      citizenships: ["POL"],
    },
    {
      officeCode: "MNL",
      familyName: "Santos",
      givenNames: "Maria Clara",
      dateOfBirth: "2001-07-04",
      sex: "F",
      countryOfBirth: "PHL",
      citizenships: ["PHL"],
    },
    {
      officeCode: "OTT",
      familyName: "Sharma",
      givenNames: "Priya",
      dateOfBirth: "1996-02-19",
      sex: "F",
      countryOfBirth: "IND",
      citizenships: ["IND"],
      email: "priya.sharma@example.in",
      emailConsentSource: "application-form",
    },
  ];
  for (const [i, input] of more.entries()) {
    const client = await person(input);
    await open(
      client,
      input.officeCode,
      i % 2 === 0 ? "temporary-residence" : "permanent-residence",
      10 + i * 7,
      input.officeCode === "MTL" ? "fr" : "en",
    );
  }
  await seedDecisionsDemo(db, today, officer);
  await seedEtaDemo(db, today);
}
