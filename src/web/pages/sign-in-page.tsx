import type { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { AppError } from "../../shared/errors.ts";
import { signIn, signOut } from "../../users/sign-in.ts";
import { clientAddress } from "../client-address.ts";
import type { AppEnv, Locale } from "../env.ts";
import { t } from "../i18n.ts";
import { SESSION_COOKIE, setSessionCookie } from "../session.ts";
import { localPath } from "./format.ts";
import { showError } from "./forms.tsx";
import { Layout } from "./layout.tsx";

export function registerSignIn(pages: Hono<AppEnv>) {
  pages.get("/sign-in", (c) => {
    const url = new URL(c.req.url);
    return c.html(
      <SignInPage
        locale={c.var.locale}
        path={url.pathname + url.search}
        next={localPath(c.req.query("next"), "/")}
        csrfToken={c.var.csrfToken ?? ""}
        email=""
        error={null}
      />,
    );
  });

  pages.post("/sign-in", async (c) => {
    const body = await c.req.parseBody();
    const next = localPath(body.next, "/");
    try {
      const session = await signIn(c.var.database.db, body, clientAddress(c));
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === "internal") throw error;
      const status = error.code === "rate_limited" ? 429 : error.code === "invalid_input" ? 400 : 401;
      const email = typeof body.email === "string" ? body.email : "";
      return c.html(
        <SignInPage
          locale={c.var.locale}
          path="/sign-in"
          next={next}
          csrfToken={c.var.csrfToken ?? ""}
          email={email}
          error={showError(c.var.locale, error).text}
          tooMany={status === 429}
        />,
        status,
      );
    }
  });

  pages.post("/sign-out", async (c) => {
    if (c.var.sessionToken) await signOut(c.var.database.db, c.var.sessionToken);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/sign-in", 303);
  });
}

function SignInPage(props: {
  locale: Locale;
  path: string;
  next: string;
  csrfToken: string;
  email: string;
  error: string | null;
  tooMany?: boolean;
}) {
  const { locale } = props;
  const title = props.tooMany
    ? `${t(locale, "tooManyTitle")} — ${t(locale, "signInTitle")}`
    : t(locale, "signInTitle");
  return (
    <Layout locale={locale} title={title} actor={null} csrfToken={null} path={props.path}>
      <gcds-heading tag="h1">{t(locale, "signInTitle")}</gcds-heading>
      <gcds-text>{t(locale, "signInIntro")}</gcds-text>
      {props.error ? (
        <gcds-notice
          type="danger"
          notice-title-tag="h2"
          notice-title={props.tooMany ? t(locale, "tooManyTitle") : t(locale, "errorTitle")}
        >
          <gcds-text>{props.error}</gcds-text>
        </gcds-notice>
      ) : null}
      <form method="post" action="/sign-in" class="dossier-form dossier-form--narrow">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <gcds-input
          input-id="email"
          name="email"
          type="email"
          label={t(locale, "email")}
          required
          autocomplete="username"
          value={props.email}
        ></gcds-input>
        <gcds-input
          input-id="password"
          name="password"
          type="password"
          label={t(locale, "password")}
          required
          autocomplete="current-password"
        ></gcds-input>
        <gcds-button type="submit">{t(locale, "signIn")}</gcds-button>
      </form>
    </Layout>
  );
}
