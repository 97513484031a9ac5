import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { createActivity } from "../../src/activities/create-activity.ts";
import type { Database } from "../../src/db/database.ts";
import { caughtMail } from "../../src/db/schema.ts";
import { storeBlob } from "../../src/edocs/store-blob.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { addUser } from "../../src/users/add-user.ts";
import { createApp } from "../../src/web/app.ts";
import { openTestDatabase } from "../support/database.ts";
import { PASSWORD, seedTwoOffices } from "../support/fixtures.ts";

export const CHROMIUM = "/usr/bin/chromium";
/** `false` when the browser is installed, otherwise the reason every browser test is skipped. */
export const skipWithoutChromium: false | string = existsSync(CHROMIUM)
  ? false
  : `Chromium not installed at ${CHROMIUM}`;

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve("axe-core/axe.min.js");

/**
 * The real server on a free port, over a database with the two offices of the shared fixtures, an
 * administrator, an activity in OTT's queue and one caught email.
 */
export async function startDossier() {
  const database: Database = await openTestDatabase();
  const seed = await seedTwoOffices(database.db);
  await addUser(database.db, SYSTEM_ACTOR, {
    email: "ada@dossier.test",
    displayName: "Ada Admin",
    password: PASSWORD,
    memberships: [
      { officeCode: "OTT", role: "administrator" },
      { officeCode: "OTT", role: "officer" },
    ],
  });
  await createActivity(database.db, seed.ottawa, {
    activity: "Candidate ID Decision",
    subActivity: "Derogatory information",
    officeCode: "OTT",
    fileNumber: seed.application.fileNumber,
    dueDate: "2026-03-02",
  });
  await createActivity(database.db, seed.ottawa, {
    activity: "Review enquiry",
    officeCode: "OTT",
    fileNumber: seed.application.fileNumber,
    assigneeEmail: "ana@dossier.test",
    dueDate: "2026-02-16",
  });
  const raw = new TextEncoder().encode(
    [
      "From: OTT office <ott@dossier.test>",
      "To: anh.nguyen@example.com",
      "Subject: Request for documents",
      "Message-ID: <request-1@dossier.test>",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Please send a copy of your passport. <b>This is not bold.</b>",
      "",
    ].join("\r\n"),
  );
  await database.db.transaction(async (tx) => {
    const sha256 = await storeBlob(tx, raw);
    await tx.insert(caughtMail).values({
      envelopeFrom: "ott@dossier.test",
      envelopeTo: ["anh.nguyen@example.com"],
      subject: "Request for documents",
      sha256,
      size: raw.byteLength,
    });
  });
  const app = createApp({ database, config: configFromEnv({}) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    database,
    seed,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Fails the test on any request that would leave the machine. */
export function refuseOtherOrigins(page: Page, baseUrl: string, offences: string[]): void {
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith("data:")) offences.push(url);
  });
}

// What these functions touch in the page; the project compiles without the DOM library.
interface PageElement {
  tagName: string;
  classList: { contains(c: string): boolean };
  shadowRoot: PageRoot | null;
  getAttribute(name: string): string | null;
  getClientRects(): { length: number };
}
interface PageRoot {
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageGlobals {
  customElements: { get(name: string): unknown };
  document: PageRoot;
}

/**
 * Waits until every design system component has rendered (Stencil marks them `hydrated`), those
 * inside other components' shadow roots included, such as the header's skip link.
 */
export async function waitForGcds(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).customElements.get("gcds-header") !== undefined,
  );
  await page.waitForFunction(() => {
    const pending: PageRoot[] = [(globalThis as unknown as PageGlobals).document];
    while (pending.length > 0) {
      for (const element of pending.pop()!.querySelectorAll("*")) {
        if (!element.tagName.startsWith("GCDS-")) continue;
        if (!element.classList.contains("hydrated")) return false;
        if (element.shadowRoot) pending.push(element.shadowRoot);
      }
    }
    return true;
  });
}

export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in?lang=en`);
  await waitForGcds(page);
  await page.locator("gcds-input[name=email] input").fill(email);
  await page.locator("gcds-input[name=password] input").fill(PASSWORD);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.locator("form gcds-button[type=submit]").click()]);
  await waitForGcds(page);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page as it is now. Returns the serious and critical violations, and the ids of
 * the checks axe could not decide ("incomplete"), which a person has to review.
 */
export async function axeCheck(
  page: Page,
): Promise<{ serious: AxeViolation[]; incomplete: { id: string; elements: number }[] }> {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // axe-core puts itself on window; the browser page has no types for it.
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{ violations: AxeViolation[]; incomplete: { id: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const found = await axe.run();
    return {
      violations: found.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
      incomplete: found.incomplete.map((v) => ({ id: v.id, elements: v.nodes.length })),
    };
  });
  return {
    serious: result.violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
    incomplete: result.incomplete,
  };
}

export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ""}`).join("\n"),
    )
    .join("\n");
}

/**
 * Before a keyboard walk: waits until the header's skip link is laid out and can take the focus
 * (hydrated is not always drawn yet on a loaded machine, and Tab then passes over it).
 */
export async function startKeyboardAtTop(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const pending: PageRoot[] = [(globalThis as unknown as PageGlobals).document];
    while (pending.length > 0) {
      for (const element of pending.pop()!.querySelectorAll("*")) {
        if (element.tagName === "A" && element.getAttribute("href") === "#main-content") {
          return element.getClientRects().length > 0;
        }
        if (element.shadowRoot) pending.push(element.shadowRoot);
      }
    }
    return false;
  });
  // The design system lays the header out again once its fonts are in; Tab order follows that.
  await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: { fonts: { ready: Promise<unknown> } };
      requestAnimationFrame(callback: () => void): void;
    };
    await g.document.fonts.ready;
    for (let i = 0; i < 2; i++)
      await new Promise<void>((resolve) => g.requestAnimationFrame(() => resolve()));
  });
}
