import { Hono } from "hono";
import type { Database } from "../../src/db/database.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { AppError, HTTP_STATUS, isAppError } from "../../src/shared/errors.ts";
import { apiAuth } from "../../src/web/api/api-auth.ts";
import { apiErrorBody } from "../../src/web/api/api-error-body.ts";
import type { AppEnv } from "../../src/web/env.ts";

/**
 * API routes as the app mounts them: under /api/v1, behind the API key check, errors as JSON.
 *
 * @example const app = apiTestApp(database, bulkApiRoutes());
 */
export function apiTestApp(database: Database, routes: Hono<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const config = configFromEnv({});
  app.use("*", async (c, next) => {
    c.set("database", database);
    c.set("config", config);
    c.set("actor", null);
    c.set("locale", "en");
    await next();
  });
  app.use("/api/v1/*", apiAuth);
  app.route("/api/v1", routes);
  app.onError((error, c) => {
    const e = isAppError(error) ? error : new AppError("internal", "Something went wrong on our side.");
    if (!isAppError(error)) console.error(error);
    return c.json(apiErrorBody(e), HTTP_STATUS[e.code]);
  });
  return app;
}
