/**
 * API routes for answering enquiries. Mounted under `/api/v1`, behind `apiAuth`; the rules (who is
 * identified, what may be sent) live in `replyToEnquiry`.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { replyToEnquiry } from "../../enquiries/reply-to-enquiry.ts";
import { AppError } from "../../shared/errors.ts";
import type { Actor } from "../../users/actor.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "./read-body.ts";

const jsonLimit = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new AppError("too_large", "body: must be at most 1 MB");
  },
});

function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.var.actor;
  if (!actor) throw new AppError("unauthenticated", "Send a valid API key as 'Authorization: Bearer <key>'.");
  return actor;
}

/**
 * - `POST /enquiries/:reference/replies` `{ kind: "standard", responseId }` or
 *   `{ kind: "case-specific", text, containsPersonalInformation }` → 201 `{ message, reference, release }`;
 *   403 when a case-specific reply would go to a sender who is not identified, 409 when the enquiry
 *   is closed or gives no address, each with the reason
 */
export function enquiryApiRoutes() {
  const api = new Hono<AppEnv>();

  api.post("/enquiries/:reference/replies", jsonLimit, async (c) => {
    const body = (await readJson(c)) as Parameters<typeof replyToEnquiry>[3];
    const queued = await replyToEnquiry(c.var.database.db, actorOf(c), c.req.param("reference"), body);
    return c.json(queued, 201);
  });

  return api;
}
