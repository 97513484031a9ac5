import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  launchChromium,
  refuseOtherOrigins,
  signIn,
  skipWithoutChromium,
  startDossier,
  startKeyboardAtTop,
  waitForGcds,
} from "./support.ts";

let dossier: Awaited<ReturnType<typeof startDossier>> | undefined;
let browser: Browser | undefined;
before(async () => {
  if (skipWithoutChromium) return;
  dossier = await startDossier();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await dossier?.stop();
});

interface Focused {
  tag: string;
  name: string | null;
  href: string | null;
  text: string;
}

/** The element that has the keyboard focus, looking inside the components' shadow roots. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    type Node = {
      tagName: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
      shadowRoot: { activeElement: Node | null } | null;
      getRootNode(): { host?: Node };
    };
    let element = (globalThis as unknown as { document: { activeElement: Node } }).document.activeElement;
    while (element.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    const host = element.getRootNode().host;
    return {
      tag: element.tagName.toLowerCase(),
      name: element.getAttribute("name") ?? host?.getAttribute("name") ?? null,
      href: element.getAttribute("href"),
      // A design system link or button shows its host's text through a slot.
      text: (element.textContent || host?.textContent || "").trim(),
    };
  });
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator("html").getAttribute("lang");
}

test("an officer signs in, finds a client typed without accents, adds a note, switches to French and signs out", {
  skip: skipWithoutChromium,
}, async () => {
  const { baseUrl, seed } = dossier!;
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const offsite: string[] = [];
  refuseOtherOrigins(page, baseUrl, offsite);

  await signIn(page, baseUrl, "ana@dossier.test");
  assert.equal(await page.title(), "My queue — Dossier");
  assert.ok(await page.getByRole("cell", { name: "Candidate ID Decision", exact: true }).isVisible());
  await page.screenshot({ path: "/tmp/dossier-queue.png", fullPage: true });

  await page.locator('gcds-nav-link[href="/search"]').click();
  await page.waitForURL(`${baseUrl}/search`);
  await waitForGcds(page);
  await page.locator('gcds-input[name="name"] input').fill("nguyen anh");
  await Promise.all([page.waitForURL(/\/search\?/), page.locator("form gcds-button[type=submit]").click()]);
  await waitForGcds(page);
  assert.equal(await page.title(), "Search results (1) — Search for a client — Dossier");

  await Promise.all([
    page.waitForURL(`${baseUrl}/clients/${seed.client.uci}`),
    page.getByRole("link", { name: "Nguyễn, Thị Ánh" }).click(),
  ]);
  await waitForGcds(page);
  assert.ok(await page.getByText("Nguyen, Anh").isVisible(), "the alias is shown");

  await page.getByRole("link", { name: seed.application.fileNumber }).click();
  await page.waitForURL(`${baseUrl}/applications/${seed.application.fileNumber}`);
  await waitForGcds(page);
  await page.getByRole("link", { name: "Notes", exact: true }).click();
  await page.waitForURL(/tab=notes/);
  await waitForGcds(page);
  const note = "Called the client; the passport copy will follow by email.";
  await page.locator("#add-note gcds-textarea textarea").fill(note);
  await Promise.all([page.waitForURL(/done=note-added/), page.locator("#add-note gcds-button").click()]);
  await waitForGcds(page);
  assert.ok(await page.getByText("The note was added.").isVisible());
  assert.ok(await page.getByText(note).isVisible());
  await page.screenshot({ path: "/tmp/dossier-application.png", fullPage: true });

  await page.locator("gcds-lang-toggle a").click();
  await page.waitForURL(/lang=fr/);
  await waitForGcds(page);
  assert.equal(await htmlLang(page), "fr");
  assert.ok(await page.getByRole("heading", { name: `Dossier ${seed.application.fileNumber}` }).isVisible());
  assert.ok(await page.getByText("Ajouter une note").isVisible());
  assert.ok(await page.getByText(note).isVisible(), "the note reads the same in French");

  // The language is remembered without ?lang= in the address.
  await page.goto(`${baseUrl}/`);
  await waitForGcds(page);
  assert.equal(await page.title(), "Ma file de travail — Dossier");

  await Promise.all([
    page.waitForURL(`${baseUrl}/sign-in`),
    page.getByRole("button", { name: "Se déconnecter" }).click(),
  ]);
  await waitForGcds(page);
  assert.equal(await htmlLang(page), "fr");
  assert.equal(await page.title(), "Se connecter à Dossier — Dossier");
  await page.goto(`${baseUrl}/`);
  assert.match(page.url(), /\/sign-in\?next=/, "signed out for real");
  await page.close();
  assert.deepEqual(offsite, [], "no request left the machine");
});

test("with the keyboard alone: Tab reaches the skip link first, then the search form's fields", {
  skip: skipWithoutChromium,
}, async () => {
  const { baseUrl } = dossier!;
  const page = await browser!.newPage();
  await signIn(page, baseUrl, "ana@dossier.test");
  await page.goto(`${baseUrl}/search?lang=en`);
  await waitForGcds(page);
  await startKeyboardAtTop(page);

  await page.keyboard.press("Tab");
  const first = await focused(page);
  assert.equal(first.tag, "a", JSON.stringify(first));
  assert.equal(first.href, "#main-content");
  assert.equal(first.text, "Skip to main content");
  await page.keyboard.press("Enter");
  assert.match(page.url(), /#main-content$/);

  const reached: string[] = [];
  for (let i = 0; i < 40 && !reached.includes("dateOfBirth"); i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now.tag === "input" && now.name) reached.push(now.name);
    if (now.name === "name") await page.keyboard.type("nguyen anh");
  }
  assert.deepEqual(reached, ["name", "uci", "fileNumber", "dateOfBirth"]);
  await page.keyboard.press("Tab");
  const button = await focused(page);
  assert.equal(button.tag, "button");
  assert.equal(button.text, "Search");
  await Promise.all([page.waitForURL(/name=nguyen\+anh/), page.keyboard.press("Enter")]);
  await waitForGcds(page);
  assert.equal(await page.title(), "Search results (1) — Search for a client — Dossier");
  await page.close();
});
