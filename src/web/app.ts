import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { DOCUMENT_LIMIT } from "../edocs/check-edoc-upload.ts";
import { AppError, HTTP_STATUS, isAppError } from "../shared/errors.ts";
import { apiErrorBody } from "./api/api-error-body.ts";
import { apiRoutes } from "./api/routes.ts";
import type { AppDeps, AppEnv } from "./env.ts";
import { renderErrorPage } from "./pages/error-page.tsx";
import { pageRoutes } from "./pages/routes.tsx";
import { csrfMiddleware, sessionMiddleware } from "./session.ts";

const require = createRequire(import.meta.url);
/** GC Design System files, served from node_modules: the office network may have no internet. */
export const GCDS_DIR = join(
  dirname(require.resolve("@cdssnc/gcds-components/package.json")),
  "dist",
  "gcds",
);
export const ASSETS_DIR = fileURLToPath(new URL("./assets/", import.meta.url));

/**
 * The whole web application: pages for people, `/api/v1` for integrators. Stateless: every process
 * built from the same database serves the same answers, so any number can run behind a balancer.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("database", deps.database);
    c.set("config", deps.config);
    c.set("locale", "en");
    c.set("actor", null);
    await next();
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // GC Design System components attach their styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "same-origin",
    }),
  );
  app.use(
    "/assets/gcds/*",
    serveStatic({ root: GCDS_DIR, rewriteRequestPath: (p) => p.replace(/^\/assets\/gcds/, "") }),
  );
  app.use(
    "/assets/*",
    serveStatic({ root: ASSETS_DIR, rewriteRequestPath: (p) => p.replace(/^\/assets/, "") }),
  );
  app.get("/healthz", (c) => c.json({ ok: true }));

  app.route("/api/v1", apiRoutes());
  app.all("/api/*", () => {
    throw new AppError("not_found", "No such API route. The README lists the routes of /api/v1.");
  });

  app.use("*", sessionMiddleware);
  // Before the CSRF check reads a form: no page accepts more than an eDoc's limit.
  app.use(
    "*",
    bodyLimit({
      maxSize: DOCUMENT_LIMIT + 64 * 1024,
      onError: () => {
        throw new AppError("too_large", "file: documents over 25 MB cannot be stored as eDocs", {
          field: "file",
          messageFr: "file : un document de plus de 25 Mo ne peut pas être versé comme eDoc",
        });
      },
    }),
  );
  app.use("*", csrfMiddleware);
  app.route("/", pageRoutes());

  app.onError((error, c) => {
    const appError = isAppError(error)
      ? error
      : new AppError("internal", "Something went wrong on our side. Try again.");
    if (!isAppError(error)) console.error(error);
    const status = HTTP_STATUS[appError.code];
    if (c.req.path.startsWith("/api/")) {
      return c.json(apiErrorBody(appError), status);
    }
    return renderErrorPage(c, appError, status);
  });
  app.notFound((c) => {
    const error = new AppError("not_found", "There is no page at this address.", {
      messageFr: "Il n'y a pas de page à cette adresse.",
    });
    if (c.req.path.startsWith("/api/")) return c.json(apiErrorBody(error), 404);
    return renderErrorPage(c, error, 404);
  });
  return app;
}
