/**
 * API routes of the client's file export and access requests. Mounted under `/api/v1`, behind `apiAuth`.
 *
 * - `GET /applications/:fileNumber/export` → the export as JSON (the same as the JSON file), audited
 * - `GET /access-requests[?officeCode=OTT]` → `{ accessRequests }`, open ones, the first due first
 */
import { type Context, Hono } from "hono";
import { listAccessRequests } from "../../access-requests/list-access-requests.ts";
import { exportFile } from "../../file-export/export-file.ts";
import { AppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import type { AppEnv } from "../env.ts";

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated", "Send a valid API key as 'Authorization: Bearer <key>'.");
  return actor;
}

export function fileExportApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get("/applications/:fileNumber/export", async (c) => {
    const lang = c.req.query("lang");
    const { facts } = await exportFile(c.var.database.db, actorOf(c), {
      target: c.req.param("fileNumber"),
      ...(lang === undefined ? {} : { lang: lang as "en" }),
    });
    return c.json(facts, 200, { "cache-control": "private, no-store" });
  });

  api.get("/access-requests", async (c) => {
    const officeCode = c.req.query("officeCode");
    const accessRequests = await listAccessRequests(
      c.var.database.db,
      actorOf(c),
      officeCode === undefined ? {} : { officeCode },
    );
    return c.json({ accessRequests });
  });

  return api;
}
