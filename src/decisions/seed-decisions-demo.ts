/**
 * Two demo files for decisions and reconsideration, in the Ottawa office:
 * - Omar Benali's permanent residence application: a request for documents sent by email 45 days
 *   ago, accepted by the mail server, its date 15 days past and nothing received. An officer takes
 *   it to a refusal for non-compliance (IRPR s. 10); a claim of non-receipt then shows that the
 *   email went to his latest address and nothing came back.
 * - Rania Haddad's citizenship application: she gave a new email address 50 days ago, but the
 *   request went to the old one 40 days ago. It can be declared abandoned (Citizenship Act s. 13.2);
 *   her claim of non-receipt then shows the office's error, and the file can be reopened.
 * The send history is dated in the past the way the dispatcher would have written it.
 */
import { and, eq, isNull } from "drizzle-orm";
import { createApplication } from "../applications/create-application.ts";
import { addContactDetail } from "../clients/add-contact-detail.ts";
import { createClient } from "../clients/create-client.ts";
import { queueLetter } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import { contactDetails, correspondence } from "../db/schema.ts";
import { addDays } from "../shared/dates.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";

const DAY = 24 * 3600 * 1000;

export async function seedDecisionsDemo(db: Db, today: string, officer: Actor): Promise<void> {
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

  const omar = await createClient(db, SYSTEM_ACTOR, {
    officeCode: "OTT",
    familyName: "Benali",
    givenNames: "Omar",
    dateOfBirth: "1983-02-11",
    sex: "M",
    countryOfBirth: "MAR",
    citizenships: ["MAR"],
    email: "omar.benali@example.ma",
    emailConsentSource: "application-form",
    postalAddress: "14 Rue Ibn Batouta\nRabat\nMorocco",
  });
  const omarPr = await createApplication(db, SYSTEM_ACTOR, {
    uci: omar.uci,
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    receivedDate: addDays(today, -150),
    language: "en",
  });
  // The address came with the application, long before the request.
  await db
    .update(contactDetails)
    .set({ recordedAt: daysAgo(150) })
    .where(eq(contactDetails.clientId, omar.id));
  await sentRequest(
    db,
    officer,
    omarPr.fileNumber,
    "Police certificate from Morocco",
    daysAgo(45),
    addDays(today, -15),
  );

  const rania = await createClient(db, SYSTEM_ACTOR, {
    officeCode: "OTT",
    familyName: "Haddad",
    givenNames: "Rania",
    dateOfBirth: "1988-09-14",
    sex: "F",
    countryOfBirth: "LBN",
    citizenships: ["LBN"],
    statusInCanada: "permanent-resident",
    email: "rania.haddad@example.com",
    emailConsentSource: "application-form",
    postalAddress: "88 Elgin Street, Apt 5\nOttawa ON  K1P 5K6",
  });
  const raniaCitizenship = await createApplication(db, SYSTEM_ACTOR, {
    uci: rania.uci,
    officeCode: "OTT",
    lineOfBusiness: "citizenship",
    receivedDate: addDays(today, -200),
    language: "en",
  });
  // The request is written while the old address is still the current one, then the history is
  // dated: the new address came 50 days ago, the request left 40 days ago to the old one.
  await sentRequest(
    db,
    officer,
    raniaCitizenship.fileNumber,
    "Proof of physical presence: travel history for the last five years",
    daysAgo(40),
    addDays(today, -10),
  );
  await addContactDetail(db, SYSTEM_ACTOR, rania.uci, {
    kind: "email",
    value: "rania.h@example.org",
    consentSource: "client-wrote-first",
  });
  const changedAt = daysAgo(50);
  await db
    .update(contactDetails)
    .set({ recordedAt: daysAgo(200) })
    .where(eq(contactDetails.clientId, rania.id));
  await db
    .update(contactDetails)
    .set({ supersededAt: changedAt })
    .where(and(eq(contactDetails.clientId, rania.id), eq(contactDetails.value, "rania.haddad@example.com")));
  await db
    .update(contactDetails)
    .set({ recordedAt: changedAt })
    .where(
      and(
        eq(contactDetails.clientId, rania.id),
        eq(contactDetails.value, "rania.h@example.org"),
        isNull(contactDetails.supersededAt),
      ),
    );
}

async function sentRequest(
  db: Db,
  officer: Actor,
  fileNumber: string,
  document: string,
  sentAt: Date,
  responseDate: string,
) {
  const { correspondence: row } = await queueLetter(db, officer, fileNumber, {
    templateId: "request-documents",
    values: { documents: [document] },
  });
  const [sent] = await db
    .update(correspondence)
    .set({
      status: "sent",
      sentAt,
      attempts: 1,
      smtpResponse: "250 2.0.0 Ok: queued",
      responseDueDate: responseDate,
      createdAt: new Date(sentAt.getTime() - 60_000),
    })
    .where(eq(correspondence.id, row.id))
    .returning();
  return sent!;
}
