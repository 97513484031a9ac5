import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { enquiries, enquiryMessages } from "../../src/db/schema.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { Agent, shownText } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ottawaKey: string;
let londonKey: string;
let submissions = 0;

before(async () => {
  fixture = await openWebFixture();
  const { db } = fixture.database;
  ottawaKey = (await createApiKey(db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
});
after(() => fixture.database.close());

/** A French enquiry about the OTT file, through the public form, from `email`. */
async function frenchEnquiry(email: string): Promise<string> {
  submissions += 1;
  const { reference } = await submitEnquiryForm(
    fixture.database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Thị Ánh Nguyễn",
      enquirerRole: "applicant",
      enquirerEmail: email,
      applicantGivenName: "Thị Ánh",
      applicantFamilyName: "Nguyễn",
      applicantDateOfBirth: "1990-04-12",
      fileNumber: fixture.seed.application.fileNumber,
      language: "fr",
      message: "Bonjour, où en est ma demande?",
    },
    { clientAddress: `203.0.113.${submissions}` },
  );
  return reference;
}

async function repliesOf(reference: string) {
  return fixture.database.db
    .select({ message: enquiryMessages })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(and(eq(enquiries.reference, reference), eq(enquiryMessages.direction, "out")));
}

function api(path: string, key: string, body: unknown) {
  return fixture.app.request(`/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("the page says the applicant is identified and why; the case-specific reply is queued and shown in the thread", async () => {
  const reference = await frenchEnquiry("anh.nguyen@example.com");
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const page = await agent.page(`/enquiries/${reference}?lang=fr`);
  assert.equal(page.status, 200);
  const shown = shownText(page.html);
  assert.ok(
    shown.includes("L'expéditeur est identifié : une réponse propre au cas peut être envoyée"),
    shown,
  );
  assert.ok(shown.includes("La personne a écrit depuis le courriel du demandeur inscrit au dossier."));
  assert.ok(shown.includes("Rédigez en français."));
  assert.match(page.html, new RegExp(`<form method="post" action="/enquiries/${reference}/replies"`));

  const response = await agent.post(`/enquiries/${reference}/replies`, {
    kind: "case-specific",
    text: "Bonjour,\n\nNous attendons encore le certificat de police demandé.",
    containsPersonalInformation: "on",
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), `/enquiries/${reference}?done=reply-queued#reply`);
  const after = shownText((await agent.page(`/enquiries/${reference}?done=reply-queued`)).html);
  assert.ok(after.includes("La réponse est en file d'envoi"), after);
  assert.ok(after.includes("Réponse propre au cas En attente d'envoi"), after);
  assert.ok(after.includes("Nous attendons encore le certificat de police demandé."));
  assert.ok(after.includes("De : Bureau OTT <ott@dossier.test> · À : anh.nguyen@example.com"), after);
});

test("a case-specific reply to a sender not on the file is refused in French, with what was typed kept and nothing queued", async () => {
  const reference = await frenchEnquiry("inconnu@ailleurs.example");
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const page = await agent.page(`/enquiries/${reference}?lang=fr`);
  const shown = shownText(page.html);
  assert.ok(
    shown.includes(
      "L'expéditeur n'est pas identifié : seuls des renseignements généraux peuvent être envoyés",
    ),
  );
  assert.ok(shown.includes("Ce courriel n'est pas celui du demandeur inscrit au dossier"));

  const refused = await agent.post(`/enquiries/${reference}/replies`, {
    kind: "case-specific",
    text: "Votre dossier est presque terminé.",
  });
  assert.equal(refused.status, 403);
  const html = await refused.text();
  const text = shownText(html);
  assert.ok(text.includes("La réponse n'a pas été mise en file d'envoi"), text);
  assert.ok(
    text.includes(
      "L'expéditeur inconnu@ailleurs.example n'est ni le demandeur, ni un représentant selon un formulaire IMM 5476 en vigueur",
    ),
    text,
  );
  assert.ok(html.includes('value="Votre dossier est presque terminé."'), "what was typed is kept");
  assert.deepEqual(await repliesOf(reference), []);

  const standard = await agent.post(`/enquiries/${reference}/replies`, {
    kind: "standard",
    responseId: "sending-documents",
  });
  assert.equal(standard.status, 303);
  const [queued] = await repliesOf(reference);
  assert.equal(queued?.message.kind, "standard");
  assert.match(queued?.message.bodyText ?? "", /N'envoyez des documents que lorsque nous vous les demandons/);
});

test("the API queues a reply with 201, refuses with 403 or 409 naming the reason, and another office gets not found", async () => {
  const stranger = await frenchEnquiry("inconnu@ailleurs.example");
  const forbidden = await api(`/enquiries/${stranger}/replies`, ottawaKey, {
    kind: "case-specific",
    text: "Votre dossier est presque terminé.",
    containsPersonalInformation: true,
  });
  assert.equal(forbidden.status, 403);
  const refusal = (await forbidden.json()) as { error: { code: string; message: string } };
  assert.equal(refusal.error.code, "forbidden");
  assert.match(refusal.error.message, /The sender inconnu@ailleurs\.example is not the applicant/);
  assert.match(refusal.error.message, /not the applicant's email on file/);
  assert.deepEqual(await repliesOf(stranger), []);

  const created = await api(`/enquiries/${stranger}/replies`, ottawaKey, {
    kind: "standard",
    responseId: "general-procedures",
  });
  assert.equal(created.status, 201);
  const body = (await created.json()) as {
    message: { kind: string; language: string };
    release: { mayRelease: boolean };
  };
  assert.equal(body.message.kind, "standard");
  assert.equal(body.message.language, "fr");
  assert.equal(body.release.mayRelease, false);

  const closed = await frenchEnquiry("anh.nguyen@example.com");
  await fixture.database.db.update(enquiries).set({ state: "closed" }).where(eq(enquiries.reference, closed));
  const conflict = await api(`/enquiries/${closed}/replies`, ottawaKey, {
    kind: "standard",
    responseId: "acknowledgement",
  });
  assert.equal(conflict.status, 409);
  assert.match(((await conflict.json()) as { error: { message: string } }).error.message, /is closed/);

  const elsewhere = await api(`/enquiries/${stranger}/replies`, londonKey, {
    kind: "standard",
    responseId: "acknowledgement",
  });
  assert.equal(elsewhere.status, 404);
  const agent = new Agent(fixture.app);
  await agent.signIn("liam@dossier.test");
  const page = await agent.post(`/enquiries/${stranger}/replies`, {
    kind: "standard",
    responseId: "acknowledgement",
  });
  assert.equal(page.status, 404);
  assert.equal((await repliesOf(stranger)).length, 1);
});
