import type { Child } from "hono/jsx";
import type { Actor } from "../../users/actor.ts";
import type { Locale } from "../env.ts";
import { t } from "../i18n.ts";

export interface LayoutProps {
  locale: Locale;
  title: string;
  actor: Actor | null;
  csrfToken: string | null;
  /** The current path and query, so the language toggle returns to the same page. */
  path: string;
  children?: Child;
}

function toggleHref(path: string, locale: Locale): string {
  const url = new URL(path, "http://x");
  url.searchParams.set("lang", locale === "en" ? "fr" : "en");
  return url.pathname + url.search;
}

/** The page frame: GC Design System header and footer, skip link, language toggle, sign-out. */
export function Layout(props: LayoutProps) {
  const { locale } = props;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — ${t(locale, "appName")}`}</title>
        <link rel="stylesheet" href="/assets/gcds/gcds.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <script type="module" src="/assets/gcds/gcds.esm.js"></script>
      </head>
      <body>
        <gcds-header lang-href={toggleHref(props.path, locale)} skip-to-href="#main-content" lang={locale}>
          <div slot="menu" class="dossier-account">
            {props.actor ? (
              <form method="post" action="/sign-out">
                <input type="hidden" name="_csrf" value={props.csrfToken ?? ""} />
                <span>
                  {t(locale, "signedInAs")} {props.actor.label}
                </span>{" "}
                <button type="submit" class="dossier-link-button">
                  {t(locale, "signOut")}
                </button>
              </form>
            ) : null}
          </div>
        </gcds-header>
        <gcds-container id="main-content" tag="main" layout="page" size="xl" centered main-container>
          {props.children}
        </gcds-container>
        <gcds-footer display="compact" lang={locale}></gcds-footer>
      </body>
    </html>
  );
}
