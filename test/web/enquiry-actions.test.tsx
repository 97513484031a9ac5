import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { auditEvents, enquiries } from "../../src/db/schema.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { Agent, shownText, textOf } from "./agent.ts";
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

/** An enquiry about the OTT file through the public form; its reference. */
async function enquiry(language: "en" | "fr", message: string): Promise<string> {
  submissions += 1;
  const { reference } = await submitEnquiryForm(
    fixture.database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Sophie Tremblay",
      enquirerRole: "representative",
      enquirerEmail: "s.tremblay@avocats.example",
      applicantGivenName: "Thị Ánh",
      applicantFamilyName: "Nguyễn",
      applicantDateOfBirth: "1990-04-12",
      fileNumber: fixture.seed.application.fileNumber,
      language,
      message,
    },
    { clientAddress: `198.51.100.${submissions}` },
  );
  return reference;
}

async function rowOf(reference: string) {
  const [row] = await fixture.database.db.select().from(enquiries).where(eq(enquiries.reference, reference));
  assert.ok(row, reference);
  return row;
}

/** The office replied two days after receipt. */
async function answered(reference: string) {
  const row = await rowOf(reference);
  await fixture.database.db
    .update(enquiries)
    .set({ state: "answered", firstResponseAt: new Date(row.receivedAt.getTime() + 2 * 86_400_000) })
    .where(eq(enquiries.id, row.id));
}

function api(method: string, path: string, key: string, body: unknown) {
  return fixture.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("a disagreement recorded from the page sends a case-specific enquiry up to the Case Management Branch, shown in French and English and flagged in the list", async () => {
  const reference = await enquiry(
    "fr",
    "Bonjour, ma demande a été refusée et je ne comprends pas la décision.",
  );
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");

  const before = shownText((await agent.page(`/enquiries/${reference}?lang=fr`)).html);
  assert.ok(before.includes("Cette demande n'a pas été transmise au niveau supérieur."), before);
  assert.ok(before.includes("Le bureau n'a pas encore répondu"), before);

  // Posted from a page left open before the reply: refused in the page's language, the note kept.
  const early = await agent.post(`/enquiries/${reference}/disagreement`, {
    note: "Conteste le refus : les relevés bancaires n'ont pas été lus.",
  });
  assert.equal(early.status, 409);
  const earlyHtml = await early.text();
  assert.ok(shownText(earlyHtml).includes("Le désaccord n'a pas été enregistré"));
  assert.ok(shownText(earlyHtml).includes(`Le bureau n'a pas encore répondu à ${reference}`));

  await answered(reference);
  const page = await agent.page(`/enquiries/${reference}?lang=fr`);
  assert.match(page.html, new RegExp(`<form method="post" action="/enquiries/${reference}/disagreement"`));
  const forged = await agent.post(
    `/enquiries/${reference}/disagreement`,
    { note: "Conteste le refus." },
    { csrf: false },
  );
  assert.equal(forged.status, 403, "a form without its token is refused");
  assert.equal((await rowOf(reference)).disagreementAt, null);
  const empty = await agent.post(`/enquiries/${reference}/disagreement`, { note: "  " });
  assert.equal(empty.status, 400);
  assert.ok(shownText(await empty.text()).includes("Ce que la personne conteste : est obligatoire"));

  const recorded = await agent.post(`/enquiries/${reference}/disagreement`, {
    note: "Conteste le refus : les relevés bancaires n'ont pas été lus.",
  });
  assert.equal(recorded.status, 303);
  assert.equal(
    recorded.headers.get("location"),
    `/enquiries/${reference}?done=disagreement-recorded#escalation`,
  );
  const row = await rowOf(reference);
  assert.equal(row.escalatedTo, "case-management-branch");
  assert.equal(row.escalationTrigger, "disagreement");

  const fr = shownText((await agent.page(`/enquiries/${reference}?lang=fr&done=disagreement-recorded`)).html);
  assert.ok(
    fr.includes(
      "Le désaccord est enregistré et la demande a été transmise : Direction générale du règlement des cas.",
    ),
    fr,
  );
  assert.ok(fr.includes("Transmise à Direction générale du règlement des cas"), fr);
  assert.ok(fr.includes("Motif de la transmission La personne conteste la réponse"), fr);
  assert.ok(
    fr.includes(
      "La personne conteste la réponse : la demande est transmise à la Direction générale du règlement des cas.",
    ),
  );
  assert.ok(fr.includes("Conteste le refus : les relevés bancaires n'ont pas été lus."));

  const en = shownText((await agent.page(`/enquiries/${reference}?lang=en`)).html);
  assert.ok(en.includes("Went up to Case Management Branch"), en);
  assert.ok(en.includes("On what ground The enquirer disagrees with the reply"), en);
  assert.ok(en.includes("The enquirer disagrees with the reply: it goes to the Case Management Branch."));
  assert.ok(!en.includes("Record the disagreement"), "recorded once: the form is gone");

  const list = (await agent.page("/enquiries?lang=en")).html;
  const line = [...list.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].find((match) => match[1]!.includes(reference));
  assert.ok(line);
  assert.match(textOf(line[1]!), /Case Management Branch \(the enquirer disagrees with the reply\)/);
  const listFr = (await agent.page("/enquiries?lang=fr")).html;
  assert.ok(shownText(listFr).includes("Transmise"));
  assert.ok(
    shownText(listFr).includes("Direction générale du règlement des cas (la personne conteste la réponse)"),
  );
});

test("an enquiry escalated after 30 days without reply shows the queue, the date in the office's zone, the ground and the reason in each language", async () => {
  const reference = await enquiry("en", "Where is my client's file? Still waiting, no news.");
  await fixture.database.db
    .update(enquiries)
    .set({
      escalatedTo: "case-management-branch",
      escalatedAt: new Date("2026-03-04T15:30:00Z"),
      escalationTrigger: "no-reply-30-days",
      escalationReason: {
        en: "No reply in 30 days: it goes to the Case Management Branch.",
        fr: "Aucune réponse en 30 jours : la demande est transmise à la Direction générale du règlement des cas.",
      },
    })
    .where(eq(enquiries.reference, reference));
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const en = shownText((await agent.page(`/enquiries/${reference}?lang=en`)).html);
  assert.ok(en.includes("On what ground No reply within 30 days"), en);
  assert.ok(en.includes("Why No reply in 30 days: it goes to the Case Management Branch."), en);
  assert.match(en, /When 2026-03-04 10:30/);
  const fr = shownText((await agent.page(`/enquiries/${reference}?lang=fr`)).html);
  assert.ok(fr.includes("Motif de la transmission Aucune réponse dans les 30 jours"), fr);
  assert.ok(fr.includes("Aucune réponse en 30 jours : la demande est transmise"), fr);
});

test("an officer corrects the category from the page: the queue follows, the page says who decided and what it was before; a bad category is refused naming the field", async () => {
  const reference = await enquiry("fr", "Bonjour, où en est ma demande?");
  assert.equal((await rowOf(reference)).category, "case-specific");
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const page = await agent.page(`/enquiries/${reference}?lang=fr`);
  assert.match(page.html, new RegExp(`<form method="post" action="/enquiries/${reference}/category"`));

  const forged = await agent.post(
    `/enquiries/${reference}/category`,
    { category: "general-policy", reason: "Politique." },
    { csrf: false },
  );
  assert.equal(forged.status, 403, "a form without its token is refused");
  const bad = await agent.post(`/enquiries/${reference}/category`, {
    category: "urgent",
    reason: "La personne se plaint du service au comptoir.",
  });
  assert.equal(bad.status, 400);
  const badHtml = await bad.text();
  assert.ok(shownText(badHtml).includes("La catégorie n'a pas été corrigée"));
  assert.ok(
    shownText(badHtml).includes("Catégorie : doit être l'une des valeurs suivantes"),
    shownText(badHtml),
  );
  assert.ok(
    badHtml.includes('value="La personne se plaint du service au comptoir."'),
    "what was typed is kept",
  );

  const liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
  await liam.page("/enquiries");
  const elsewhere = await liam.post(`/enquiries/${reference}/category`, {
    category: "service-complaint",
    reason: "La personne se plaint du service au comptoir.",
  });
  assert.equal(elsewhere.status, 404, "another office's enquiry is not found");
  assert.equal((await rowOf(reference)).category, "case-specific");

  const noReason = await agent.post(`/enquiries/${reference}/category`, {
    category: "general-policy",
    reason: "",
  });
  assert.equal(noReason.status, 400);
  assert.ok(shownText(await noReason.text()).includes("Pourquoi cette catégorie : est obligatoire"));

  const corrected = await agent.post(`/enquiries/${reference}/category`, {
    category: "service-complaint",
    reason: "La personne se plaint du service au comptoir.",
  });
  assert.equal(corrected.status, 303);
  const row = await rowOf(reference);
  assert.equal(row.category, "service-complaint");
  assert.equal(row.queue, "program-manager");
  assert.equal(row.categorySource, "officer");

  const fr = shownText((await agent.page(`/enquiries/${reference}?lang=fr&done=category-corrected`)).html);
  assert.ok(fr.includes("La catégorie est corrigée"), fr);
  assert.ok(fr.includes("Catégorie Plainte sur la qualité du service ou inconduite possible"), fr);
  assert.ok(fr.includes("Traitée par Gestionnaire du programme de migration"), fr);
  assert.ok(
    fr.includes(
      "Par un agent. Corrigée (auparavant « demande de renseignements sur un cas précis ») : La personne se plaint du service au comptoir.",
    ),
    fr,
  );
  assert.ok(
    fr.includes(
      "Avant la correction Demande de renseignements sur un cas précis · Demandes de renseignements du bureau",
    ),
    fr,
  );
  const en = shownText((await agent.page(`/enquiries/${reference}?lang=en`)).html);
  assert.ok(en.includes("Answered by Migration program manager"), en);
  assert.ok(en.includes('By an officer. Corrected from "case-specific enquiry"'), en);
});

test("the API corrects a category (audited with who, the previous category and why), refuses a bad one with 400 naming category, a closed enquiry with 409, and another office gets not found", async () => {
  const reference = await enquiry("en", "What are your office hours for passport pickup?");
  assert.equal((await rowOf(reference)).category, "local-procedures");

  const bad = await api("PATCH", `/enquiries/${reference}/category`, ottawaKey, {
    category: "other",
    reason: "x",
  });
  assert.equal(bad.status, 400);
  const refusal = (await bad.json()) as { error: { code: string; field: string; message: string } };
  assert.equal(refusal.error.field, "category");
  assert.match(refusal.error.message, /^category: must be one of case-specific, local-procedures/);

  const elsewhere = await api("PATCH", `/enquiries/${reference}/category`, londonKey, {
    category: "general-policy",
    reason: "Asks about processing times in general.",
  });
  assert.equal(elsewhere.status, 404);
  assert.equal((await rowOf(reference)).category, "local-procedures");

  const ok = await api("PATCH", `/enquiries/${reference}/category`, ottawaKey, {
    category: "general-policy",
    reason: "Asks about processing times in general.",
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), {
    reference,
    category: "general-policy",
    queue: "policy-directorate",
    previous: { category: "local-procedures", queue: "office-enquiries" },
  });
  const row = await rowOf(reference);
  assert.equal(row.queue, "policy-directorate");
  const decision = row.categoryReason as {
    correction: { by: { userId: string }; reason: string; previous: { category: string; source: string } };
  };
  assert.equal(decision.correction.by.userId, fixture.seed.ottawa.userId);
  assert.equal(decision.correction.reason, "Asks about processing times in general.");
  assert.equal(decision.correction.previous.category, "local-procedures");
  assert.equal(decision.correction.previous.source, "rules");
  const [event] = await fixture.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "enquiry.category-corrected"), eq(auditEvents.entityId, row.id)));
  assert.equal(event?.actorId, fixture.seed.ottawa.userId);
  assert.deepEqual(event?.before, {
    category: "local-procedures",
    queue: "office-enquiries",
    categorySource: "rules",
  });
  assert.equal(
    (event?.after as { reason?: string } | undefined)?.reason,
    "Asks about processing times in general.",
  );
  assert.equal((await verifyAuditChain(fixture.database.db)).intact, true);

  const same = await api("PATCH", `/enquiries/${reference}/category`, ottawaKey, {
    category: "general-policy",
    reason: "Again.",
  });
  assert.equal(same.status, 400);

  await fixture.database.db.update(enquiries).set({ state: "closed" }).where(eq(enquiries.id, row.id));
  const closed = await api("PATCH", `/enquiries/${reference}/category`, ottawaKey, {
    category: "case-specific",
    reason: "Asks about the file.",
  });
  assert.equal(closed.status, 409);
  assert.match(((await closed.json()) as { error: { message: string } }).error.message, /is closed/);
});

test("the API records a disagreement with 201 and the escalation it caused; another office gets not found", async () => {
  const reference = await enquiry("en", "My application was refused and I do not understand the decision.");
  await answered(reference);
  const elsewhere = await api("POST", `/enquiries/${reference}/disagreement`, londonKey, {
    note: "Disagrees with the refusal.",
  });
  assert.equal(elsewhere.status, 404);
  const missing = await api("POST", `/enquiries/${reference}/disagreement`, ottawaKey, {});
  assert.equal(missing.status, 400);
  assert.equal(((await missing.json()) as { error: { field: string } }).error.field, "note");

  const created = await api("POST", `/enquiries/${reference}/disagreement`, ottawaKey, {
    note: "Disagrees with the refusal: says the bank statements were overlooked.",
  });
  assert.equal(created.status, 201);
  const body = (await created.json()) as { reference: string; escalation: { to: string } | null };
  assert.equal(body.reference, reference);
  assert.equal(body.escalation?.to, "case-management-branch");
  const again = await api("POST", `/enquiries/${reference}/disagreement`, ottawaKey, { note: "Again." });
  assert.equal(again.status, 409);
});
