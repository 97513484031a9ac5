import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import { authenticateApiKey } from "../../users/api-keys.ts";
import { loadActor } from "../../users/load-actor.ts";
import type { AppEnv } from "../env.ts";

/** `Authorization: Bearer dsr_…` → the key's user. The API never uses cookies, so it needs no CSRF token. */
export const apiAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const userId = match ? await authenticateApiKey(c.var.database.db, match[1]!) : null;
  const actor = userId ? await loadActor(c.var.database.db, userId) : null;
  if (!actor) throw unauthenticated();
  c.set("actor", actor);
  await next();
};

/** The user of the request's API key, set by `apiAuth`; a route reached without one is refused. */
export function apiActor(c: Context<AppEnv>): Actor {
  const actor = c.var.actor;
  if (!actor) throw unauthenticated();
  return actor;
}

function unauthenticated(): AppError {
  return new AppError("unauthenticated", "Send a valid API key as 'Authorization: Bearer <key>'.", {
    messageFr: "Envoyez une clé d'API valide dans l'en-tête « Authorization: Bearer <clé> ».",
  });
}
