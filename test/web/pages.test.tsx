import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { caughtMail } from "../../src/db/schema.ts";
import { storeBlob } from "../../src/edocs/store-blob.ts";
import { Agent, shownText, textOf, titleOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
before(async () => {
  fixture = await openWebFixture();
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

/** Each page an officer uses, with words that prove it is the right page in each language. */
function officerPages() {
  const { client, application } = fixture.seed;
  const file = `/applications/${application.fileNumber}`;
  return [
    { path: "/", en: ["My queue", "Candidate ID Decision", "Take"], fr: ["Ma file de travail", "Prendre"] },
    {
      path: "/search",
      en: ["Search for a client", "Date of birth"],
      fr: ["Rechercher un client", "Date de naissance"],
    },
    {
      path: "/search?name=nguyen+anh",
      en: ["Search results (1)", "Nguyễn, Thị Ánh"],
      fr: ["Résultats de la recherche (1)", "Nguyễn, Thị Ánh"],
    },
    {
      path: `/clients/${client.uci}`,
      en: ["Identity", "Nguyen, Anh", "Email given on the application form", "Add a note", "Upload an eDoc"],
      fr: [
        "Identité",
        "Courriel inscrit sur le formulaire de demande",
        "Ajouter une note",
        "Téléverser un eDoc",
      ],
    },
    {
      path: `${file}?tab=correspondence`,
      en: ["No correspondence yet."],
      fr: ["Aucune correspondance pour l'instant."],
    },
    {
      path: `${file}?tab=notes`,
      en: ["Add a note", "A note is never edited."],
      fr: ["Ajouter une note", "Une note n'est jamais modifiée."],
    },
    { path: `${file}?tab=edocs`, en: ["Upload an eDoc"], fr: ["Téléverser un eDoc"] },
    {
      path: `${file}?tab=activities`,
      en: ["Review enquiry", "Complete"],
      fr: ["Review enquiry", "Terminer"],
    },
    {
      path: `${file}?tab=history`,
      en: [
        "Opened the file (Temporary residence, received 2026-01-15)",
        "Created the activity “Review enquiry”",
      ],
      fr: [
        "A ouvert le dossier (Résidence temporaire, reçu le 2026-01-15)",
        "A créé l'activité « Review enquiry »",
      ],
    },
    { path: "/mail", en: ["Caught mail", "No mail has been caught."], fr: ["Courrier intercepté"] },
  ];
}

test("every page renders for a signed-in officer in English, with the language toggle to French", async () => {
  const titles = new Set<string>();
  for (const page of officerPages()) {
    const { status, html } = await ana.page(`${page.path}${page.path.includes("?") ? "&" : "?"}lang=en`);
    assert.equal(status, 200, page.path);
    assert.match(html, /<html lang="en">/, page.path);
    for (const words of page.en) assert.ok(shownText(html).includes(words), `${page.path} shows “${words}”`);
    assert.match(html, /lang-href="[^"]*lang=fr"/, `${page.path} links to its French version`);
    assert.match(html, /skip-to-href="#main-content"/);
    assert.match(html, /<main id="main-content"/);
    titles.add(titleOf(html));
  }
  assert.equal(titles.size, officerPages().length, "every page has its own title");
});

test("every page renders in French, and the choice is remembered by a cookie", async () => {
  const titles = new Set<string>();
  const first = await ana.get("/?lang=fr");
  assert.match(first.headers.get("set-cookie") ?? "", /dossier_lang=fr/);
  for (const page of officerPages()) {
    // No ?lang= here: the cookie set above chooses French.
    const { status, html } = await ana.page(page.path);
    assert.equal(status, 200, page.path);
    assert.match(html, /<html lang="fr">/, page.path);
    for (const words of page.fr) assert.ok(shownText(html).includes(words), `${page.path} shows “${words}”`);
    assert.match(html, /lang-href="[^"]*lang=en"/);
    titles.add(titleOf(html));
  }
  assert.equal(titles.size, officerPages().length);
  await ana.get("/?lang=en");
});

test("the application's tabs are links, the current one marked with aria-current", async () => {
  const { html } = await ana.page(`/applications/${fixture.seed.application.fileNumber}?tab=edocs`);
  const current = [...html.matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1]);
  assert.deepEqual(current, [`/applications/${fixture.seed.application.fileNumber}?tab=edocs`]);
  for (const tab of ["correspondence", "notes", "edocs", "activities", "history"]) {
    assert.ok(html.includes(`href="/applications/${fixture.seed.application.fileNumber}?tab=${tab}"`), tab);
  }
});

test("the error page is a page, in the person's language, never internals", async () => {
  const en = await ana.page("/no/such/page?lang=en");
  assert.equal(en.status, 404);
  assert.equal(titleOf(en.html), "Page not found (404) — Dossier");
  const fr = await ana.page("/no/such/page?lang=fr");
  assert.equal(fr.status, 404);
  assert.match(fr.html, /<html lang="fr">/);
  assert.ok(textOf(fr.html).includes("Il n'y a pas de page à cette adresse."));
  const badUci = await ana.page("/clients/1234567890?lang=fr");
  assert.equal(badUci.status, 400);
  assert.ok(
    shownText(badUci.html).includes(
      "IUC : doit être un IUC : 10 chiffres avec un chiffre de contrôle valide",
    ),
  );
  await ana.get("/?lang=en");
});

test("a search without any field, or with a bad date, names the field and the rule", async () => {
  const empty = await ana.page("/search?name=&uci=&fileNumber=&dateOfBirth=&lang=en");
  assert.equal(empty.status, 400);
  assert.ok(textOf(empty.html).includes("Search: give a UCI, a file number, a name or a date of birth"));
  const badDate = await ana.page("/search?name=nguyen&dateOfBirth=1990-02-30&lang=fr");
  assert.equal(badDate.status, 400);
  const text = shownText(badDate.html);
  assert.ok(text.includes("Date de naissance : doit être une date réelle écrite AAAA-MM-JJ"), text);
  // What was typed stays in the form.
  assert.match(badDate.html, /name="dateOfBirth"[^>]*value="1990-02-30"/);
  await ana.get("/?lang=en");
});

test("the design system is served from this site, with no address of another site in its stylesheet", async () => {
  const { html } = await ana.page("/");
  const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
  const scripts = [...html.matchAll(/<script[^>]* src="([^"]+)"/g)].map((m) => m[1]!);
  for (const url of [...stylesheets, ...scripts]) {
    assert.ok(url.startsWith("/"), `${url} is local`);
    const response = await ana.get(url);
    assert.equal(response.status, 200, url);
    const body = await response.text();
    if (url.endsWith(".css"))
      assert.doesNotMatch(body, /url\(\s*["']?(https?:)?\/\//, `${url} fetches nothing from elsewhere`);
  }
  const css = await (await ana.get("/assets/gcds-offline.css")).text();
  assert.match(css, /font-family:gcds-icons;[^}]*src:url\(\/assets\/gcds-icons\.ttf\)/);
  const font = await ana.get("/assets/gcds-icons.ttf");
  assert.equal(font.status, 200);
  assert.equal(font.headers.get("content-type"), "font/ttf");
  const bytes = new Uint8Array(await font.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 1, 0, 0], "a TrueType font");
});

test("anonymous visitors are sent to sign in, and come back to the page they asked for", async () => {
  const stranger = new Agent(fixture.app);
  const response = await stranger.get(`/clients/${fixture.seed.client.uci}`);
  assert.equal(response.status, 303);
  assert.equal(
    response.headers.get("location"),
    `/sign-in?next=${encodeURIComponent(`/clients/${fixture.seed.client.uci}`)}`,
  );
  const signIn = await stranger.page(response.headers.get("location")!);
  assert.match(signIn.html, new RegExp(`name="next" value="/clients/${fixture.seed.client.uci}"`));
  const signedIn = await stranger.post("/sign-in", {
    email: "ana@dossier.test",
    password: "correct horse battery",
    next: `/clients/${fixture.seed.client.uci}`,
  });
  assert.equal(signedIn.headers.get("location"), `/clients/${fixture.seed.client.uci}`);
  const offsiteVisitor = new Agent(fixture.app);
  await offsiteVisitor.page("/sign-in");
  const offsite = await offsiteVisitor.post("/sign-in", {
    email: "ana@dossier.test",
    password: "correct horse battery",
    next: "//evil.example/",
  });
  assert.equal(offsite.headers.get("location"), "/");
});

test("a name typed with or without accents finds the same client", async () => {
  for (const name of ["nguyen anh", "Nguyễn Ánh", "anh NGUYEN", "thi anh"]) {
    const { html } = await ana.page(`/search?name=${encodeURIComponent(name)}&lang=en`);
    assert.ok(html.includes(`href="/clients/${fixture.seed.client.uci}"`), name);
  }
  const byFile = await ana.page(`/search?fileNumber=${fixture.seed.application.fileNumber.toLowerCase()}`);
  assert.ok(byFile.html.includes(`href="/clients/${fixture.seed.client.uci}"`));
  const byBirth = await ana.page("/search?dateOfBirth=1990-04-12");
  assert.ok(byBirth.html.includes(`href="/clients/${fixture.seed.client.uci}"`));
});

test("administration pages render for an administrator in English and French", async () => {
  const ada = new Agent(fixture.app);
  await ada.signIn("ada@dossier.test");
  const titles = new Set<string>();
  for (const lang of ["en", "fr"] as const) {
    for (const [path, en, fr] of [
      ["/admin/users", "Add a user", "Ajouter un utilisateur"],
      ["/admin/offices", "Create an office", "Créer un bureau"],
      ["/admin/offices/OTT", "Edit office OTT", "Modifier le bureau OTT"],
    ] as const) {
      const page = await ada.page(`${path}?lang=${lang}`);
      assert.equal(page.status, 200, path);
      assert.match(page.html, new RegExp(`<html lang="${lang}">`));
      assert.ok(shownText(page.html).includes(lang === "en" ? en : fr), `${path} in ${lang}`);
      titles.add(titleOf(page.html));
    }
  }
  assert.equal(titles.size, 6);
  const { html } = await ada.page("/?lang=en");
  assert.ok(html.includes('href="/admin/users"'), "administrators are offered the administration menu");
});

test("caught mail is listed, and a message is shown as text, never as HTML", async () => {
  const raw = new TextEncoder().encode(
    "From: ott@dossier.test\r\nTo: anh.nguyen@example.com\r\nSubject: <i>Request</i> for documents\r\n" +
      "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Send your <b>passport</b>.</p><script>alert(1)</script>\r\n",
  );
  const [row] = await fixture.database.db.transaction(async (tx) => {
    const sha256 = await storeBlob(tx, raw);
    return tx
      .insert(caughtMail)
      .values({
        envelopeFrom: "ott@dossier.test",
        envelopeTo: ["anh.nguyen@example.com"],
        subject: "<i>Request</i> for documents",
        sha256,
        size: raw.length,
      })
      .returning();
  });
  const list = await ana.page("/mail?lang=en");
  assert.ok(list.html.includes(`href="/mail/${row!.id}"`));
  assert.ok(list.html.includes("&lt;i&gt;Request&lt;/i&gt; for documents"));
  const message = await ana.page(`/mail/${row!.id}`);
  assert.equal(message.status, 200);
  assert.ok(textOf(message.html).includes("Send your passport."));
  assert.ok(!message.html.includes("<b>passport</b>"));
  assert.ok(!message.html.includes("<script>alert(1)"));
  const fr = await ana.page(`/mail/${row!.id}?lang=fr`);
  assert.match(fr.html, /<html lang="fr">/);
  assert.ok(shownText(fr.html).includes("Texte du message"));
  await ana.get("/?lang=en");
});
