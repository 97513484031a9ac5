import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { AppError } from "../shared/errors.ts";
import { loadActor } from "../users/load-actor.ts";
import { resolveSession } from "../users/sign-in.ts";
import { newSecret } from "../users/tokens.ts";
import type { AppEnv, Locale } from "./env.ts";

export const SESSION_COOKIE = "dossier_session";
export const LANGUAGE_COOKIE = "dossier_lang";
/** Before sign-in, forms are protected by a token kept in this cookie (double-submit pattern). */
export const FORM_COOKIE = "dossier_form";

/** Reads the session cookie and the language choice; sets `actor`, `csrfToken` and `locale`. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("actor", null);
  c.set("csrfToken", null);
  c.set("sessionToken", null);
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const session = await resolveSession(c.var.database.db, token);
    const actor = session ? await loadActor(c.var.database.db, session.userId) : null;
    if (session && actor) {
      c.set("actor", actor);
      c.set("csrfToken", session.csrfToken);
      c.set("sessionToken", token);
    } else {
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
    }
  }
  if (!c.var.actor) {
    // Without a session the sign-in form still needs a token, or another site could sign a visitor
    // into an account of its choosing (login CSRF).
    let formToken = getCookie(c, FORM_COOKIE);
    if (!formToken || !/^[A-Za-z0-9_-]{43}$/.test(formToken)) {
      formToken = newSecret();
      setCookie(c, FORM_COOKIE, formToken, {
        path: "/",
        httpOnly: true,
        sameSite: "Strict",
        secure: c.var.config.baseUrl.startsWith("https:"),
      });
    }
    c.set("csrfToken", formToken);
  }
  c.set("locale", chooseLocale(c));
  await next();
};

function chooseLocale(c: Context<AppEnv>): Locale {
  const asked = c.req.query("lang") ?? getCookie(c, LANGUAGE_COOKIE);
  if (asked === "en" || asked === "fr") return asked;
  if (c.var.actor) return c.var.actor.locale;
  return /^fr\b/i.test(c.req.header("accept-language") ?? "") ? "fr" : "en";
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: c.var.config.baseUrl.startsWith("https:"),
    expires: expiresAt,
  });
}

/**
 * Every state-changing form must carry the session's CSRF token (synchroniser token pattern);
 * SameSite cookies alone do not protect older browsers or same-site subdomains.
 */
export const csrfMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const expected = c.var.csrfToken;
  const contentType = c.req.header("content-type") ?? "";
  let sent: unknown = c.req.header("x-csrf-token");
  if (!sent && (contentType.includes("form") || contentType.includes("multipart"))) {
    const body = await c.req.parseBody();
    sent = body._csrf;
  }
  if (typeof sent !== "string" || sent !== expected) {
    throw new AppError(
      "forbidden",
      "_csrf: the form has expired or did not come from Dossier; reload the page and try again",
      {
        field: "_csrf",
        messageFr:
          "_csrf : le formulaire a expiré ou ne vient pas de Dossier; rechargez la page et réessayez",
      },
    );
  }
  await next();
};
