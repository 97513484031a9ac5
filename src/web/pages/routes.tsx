import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import { AppError } from "../../shared/errors.ts";
import { signIn, signOut } from "../../users/sign-in.ts";
import { clientAddress } from "../client-address.ts";
import type { AppEnv } from "../env.ts";
import { t } from "../i18n.ts";
import { SESSION_COOKIE, setSessionCookie } from "../session.ts";
import { Layout } from "./layout.tsx";

export function pageRoutes() {
  const pages = new Hono<AppEnv>();

  pages.get("/sign-in", (c) => c.html(<SignInPage locale={c.var.locale} path={c.req.url} error={null} />));
  pages.post("/sign-in", async (c) => {
    const body = await c.req.parseBody();
    try {
      const session = await signIn(c.var.database.db, body, clientAddress(c));
      setSessionCookie(c, session.token, session.expiresAt);
      return c.redirect("/", 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === "internal") throw error;
      const message = c.var.locale === "fr" && error.messageFr ? error.messageFr : error.message;
      const status = error.code === "rate_limited" ? 429 : error.code === "invalid_input" ? 400 : 401;
      return c.html(<SignInPage locale={c.var.locale} path={c.req.url} error={message} />, status);
    }
  });
  pages.post("/sign-out", async (c) => {
    if (c.var.sessionToken) await signOut(c.var.database.db, c.var.sessionToken);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/sign-in", 303);
  });

  pages.use("*", async (c, next) => {
    if (!c.var.actor) return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    await next();
  });
  pages.get("/", (c) =>
    c.html(
      <Layout locale={c.var.locale} title={t(c.var.locale, "appName")} actor={c.var.actor} csrfToken={c.var.csrfToken} path={c.req.path}>
        <gcds-heading tag="h1">{t(c.var.locale, "appName")}</gcds-heading>
      </Layout>,
    ),
  );
  return pages;
}

function SignInPage(props: { locale: "en" | "fr"; path: string; error: string | null }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, "signInTitle")} actor={null} csrfToken={null} path={new URL(props.path).pathname}>
      <gcds-heading tag="h1">{t(locale, "signInTitle")}</gcds-heading>
      <gcds-text>{t(locale, "signInIntro")}</gcds-text>
      {props.error ? (
        <gcds-notice type="danger" notice-title-tag="h2" notice-title={t(locale, "errorTitle")}>
          <gcds-text>{props.error}</gcds-text>
        </gcds-notice>
      ) : null}
      <form method="post" action="/sign-in">
        <gcds-input input-id="email" name="email" type="email" label={t(locale, "email")} required autocomplete="username"></gcds-input>
        <gcds-input input-id="password" name="password" type="password" label={t(locale, "password")} required autocomplete="current-password"></gcds-input>
        <gcds-button type="submit">{t(locale, "signIn")}</gcds-button>
      </form>
    </Layout>
  );
}
