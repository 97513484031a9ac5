/**
 * API routes of eTA applications. Mounted under `/api/v1`, behind `apiAuth`. Each route parses its
 * body and calls one operation; the answer is the `EtaResult` contract described in the README.
 *
 * - `POST /eta/applications` → 201 `EtaResult` (200 with `duplicate: true` when the same passport,
 *   answers and day were already submitted: the first application is returned, nothing is created)
 * - `GET /eta/applications/:fileNumber` → 200 `EtaResult`
 * - `POST /eta/applications/:fileNumber/cancel` `{ ground, reason }` → 200 `EtaResult`
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cancelEta } from "../../eta/cancel-eta.ts";
import type { CancelEtaInput, EtaApplicationInput } from "../../eta/eta.schema.ts";
import { getEtaApplication } from "../../eta/get-eta-application.ts";
import { submitEtaApplication } from "../../eta/submit-eta-applications.ts";
import { AppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "./read-body.ts";

const jsonLimit = bodyLimit({
  maxSize: 256 * 1024,
  onError: () => {
    throw new AppError("too_large", "body: must be at most 256 KB");
  },
});

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated", "Send a valid API key as 'Authorization: Bearer <key>'.");
  return actor;
}

export function etaApiRoutes() {
  const api = new Hono<AppEnv>();

  api.post("/eta/applications", jsonLimit, async (c) => {
    const input = (await readJson(c)) as EtaApplicationInput;
    const result = await submitEtaApplication(c.var.database.db, actorOf(c), input);
    return c.json(result, result.duplicate ? 200 : 201);
  });
  api.get("/eta/applications/:fileNumber", async (c) =>
    c.json(await getEtaApplication(c.var.database.db, actorOf(c), c.req.param("fileNumber"))),
  );
  api.post("/eta/applications/:fileNumber/cancel", jsonLimit, async (c) => {
    const input = (await readJson(c)) as CancelEtaInput;
    return c.json(await cancelEta(c.var.database.db, actorOf(c), c.req.param("fileNumber"), input));
  });

  return api;
}
