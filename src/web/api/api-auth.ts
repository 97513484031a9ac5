import type { MiddlewareHandler } from "hono";
import { AppError } from "../../shared/errors.ts";
import { authenticateApiKey } from "../../users/api-keys.ts";
import { loadActor } from "../../users/load-actor.ts";
import type { AppEnv } from "../env.ts";

/** `Authorization: Bearer dsr_…` → the key's user. The API never uses cookies, so it needs no CSRF token. */
export const apiAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const userId = match ? await authenticateApiKey(c.var.database.db, match[1]!) : null;
  const actor = userId ? await loadActor(c.var.database.db, userId) : null;
  if (!actor) {
    throw new AppError("unauthenticated", "Send a valid API key as 'Authorization: Bearer <key>'.");
  }
  c.set("actor", actor);
  await next();
};
