import type { Child } from "hono/jsx";
import { canReadEnquiries } from "../../enquiries/enquiry-access.ts";
import { type Actor, isAdministrator } from "../../users/actor.ts";
import type { Locale } from "../env.ts";
import { messages } from "../i18n.ts";
import { GCDS_STYLESHEET_PATH } from "./gcds-stylesheet.ts";

export type Section =
  | "queue"
  | "search"
  | "enquiries"
  | "bulk"
  | "mail"
  | "users"
  | "offices"
  | "enquiry-rules"
  | "eta-revalidation"
  | "access-requests"
  | null;

export interface LayoutProps {
  locale: Locale;
  title: string;
  actor: Actor | null;
  csrfToken: string | null;
  /** The current path and query (or whole URL), so the language toggle returns to the same page. */
  path: string;
  /** The menu entry to mark as the current page. */
  section?: Section;
  children?: Child;
}

/** The same page in the other language; a one-time `done` notice is not repeated. */
export function toggleHref(path: string, locale: Locale): string {
  const url = new URL(path, "http://dossier.invalid");
  url.searchParams.delete("done");
  url.searchParams.set("lang", locale === "en" ? "fr" : "en");
  return url.pathname + url.search;
}

/** The page frame: GC Design System header and footer, skip link, language toggle, menu, sign-out. */
export function Layout(props: LayoutProps) {
  const { locale, actor } = props;
  const m = messages(locale);
  const link = (section: Exclude<Section, null>, href: string, label: string) => (
    <gcds-nav-link href={href} current={props.section === section ? true : undefined}>
      {label}
    </gcds-nav-link>
  );
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${m.appName}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={GCDS_STYLESHEET_PATH} />
        <link rel="stylesheet" href="/assets/app.css" />
        <script type="module" src="/assets/gcds/gcds.esm.js"></script>
      </head>
      <body>
        <gcds-header
          lang-href={toggleHref(props.path, locale)}
          skip-to-href="#main-content"
          signature-has-link="false"
        >
          {actor ? (
            <gcds-top-nav slot="menu" label={m.mainMenu} alignment="right">
              <gcds-nav-link href="/" slot="home">
                {m.appName}
              </gcds-nav-link>
              {link("queue", "/", m.navQueue)}
              {link("search", "/search", m.navSearch)}
              {canReadEnquiries(actor) ? link("enquiries", "/enquiries", m.navEnquiries) : null}
              {link("bulk", "/bulk", m.navBulk)}
              {link("eta-revalidation", "/eta/revalidation", m.navEtaRevalidation)}
              {link("access-requests", "/access-requests", m.navAccessRequests)}
              {link("mail", "/mail", m.navMail)}
              {isAdministrator(actor) ? link("users", "/admin/users", m.navUsers) : null}
              {isAdministrator(actor) ? link("offices", "/admin/offices", m.navOffices) : null}
              {isAdministrator(actor)
                ? link("enquiry-rules", "/admin/enquiry-rules", m.navEnquiryRules)
                : null}
            </gcds-top-nav>
          ) : null}
          {actor ? (
            <div slot="menu" class="dossier-account">
              <form method="post" action="/sign-out">
                <input type="hidden" name="_csrf" value={props.csrfToken ?? ""} />
                <span>
                  {m.signedInAs} {actor.label}
                </span>{" "}
                <button type="submit" class="dossier-link-button">
                  {m.signOut}
                </button>
              </form>
            </div>
          ) : null}
        </gcds-header>
        <main id="main-content" tabindex={-1}>
          <gcds-container size="xl" centered main-container>
            {props.children}
          </gcds-container>
        </main>
        <gcds-footer display="compact"></gcds-footer>
      </body>
    </html>
  );
}
