import assert from "node:assert/strict";
import type { createApp } from "../../src/web/app.ts";
import { PASSWORD } from "../support/fixtures.ts";

type App = ReturnType<typeof createApp>;

/**
 * A person using the pages through `app.request()`: keeps cookies like a browser, and reads the CSRF
 * token from the last form it was shown.
 */
export class Agent {
  private cookies = new Map<string, string>();
  csrf = "";

  constructor(private readonly app: App) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.app.request(path, { headers: { ...headers, cookie: this.cookieHeader() } });
    this.keep(response);
    return response;
  }

  /** GET and read the page, keeping its CSRF token for the next form. */
  async page(path: string): Promise<{ status: number; html: string; response: Response }> {
    const response = await this.get(path);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, html, response };
  }

  /** POST a form as a browser does (urlencoded, or multipart when it holds a file). */
  async post(
    path: string,
    fields: Record<string, string | string[] | File>,
    options: { csrf?: boolean } = {},
  ) {
    const withCsrf = options.csrf ?? true;
    const hasFile = Object.values(fields).some((value) => value instanceof File);
    let body: FormData | URLSearchParams;
    if (hasFile) {
      const form = new FormData();
      if (withCsrf) form.append("_csrf", this.csrf);
      for (const [name, value] of Object.entries(fields)) {
        for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
      }
      body = form;
    } else {
      const params = new URLSearchParams();
      if (withCsrf) params.append("_csrf", this.csrf);
      for (const [name, value] of Object.entries(fields)) {
        for (const one of Array.isArray(value) ? value : [value]) params.append(name, one as string);
      }
      body = params;
    }
    const response = await this.app.request(path, {
      method: "POST",
      body,
      headers: { cookie: this.cookieHeader() },
    });
    this.keep(response);
    return response;
  }

  async signIn(email: string, password = PASSWORD): Promise<void> {
    await this.page("/sign-in");
    const response = await this.post("/sign-in", { email, password });
    assert.equal(response.status, 303, `sign-in of ${email} should redirect`);
    await this.page("/");
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attributes.some(
        (a) => /^\s*max-age=0\b/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (expired || value === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }
}

/** The text of the page without tags, for asserting what a person reads. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ");
}

/**
 * What a person reads on the page: its text, and the words design system components show from their
 * attributes (labels, hints, legends, notice and details titles).
 */
export function shownText(html: string): string {
  const attributes = [
    ...html.matchAll(/\s(?:label|hint|legend|notice-title|details-title|error-message)="([^"]*)"/g),
  ].map((m) => m[1]);
  return textOf(`${html} ${attributes.join(" ")}`);
}

export function titleOf(html: string): string {
  return textOf(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? "").trim();
}
