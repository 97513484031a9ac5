/**
 * API routes for working on enquiries. Mounted under `/api/v1`, behind `apiAuth`; the rules (who is
 * identified, what may be sent, when an enquiry goes up, where a category is answered) live in the
 * operations.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { correctCategory } from "../../enquiries/correct-category.ts";
import { recordDisagreement } from "../../enquiries/record-disagreement.ts";
import { replyToEnquiry } from "../../enquiries/reply-to-enquiry.ts";
import { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { apiActor } from "./api-auth.ts";
import { readJson } from "./read-body.ts";

const jsonLimit = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new AppError("too_large", "body: must be at most 1 MB");
  },
});

/**
 * - `POST /enquiries/:reference/replies` `{ kind: "standard", responseId }` or
 *   `{ kind: "case-specific", text, containsPersonalInformation }` → 201 `{ message, reference, release }`;
 *   403 when a case-specific reply would go to a sender who is not identified, 409 when the enquiry
 *   is closed or gives no address, each with the reason
 * - `POST /enquiries/:reference/disagreement` `{ note }` → 201 `{ reference, escalation }`;
 *   `escalation` is null when the enquiry stays with the office; 409 before any reply or when
 *   already recorded
 * - `PATCH /enquiries/:reference/category` `{ category, reason }` → 200 `{ reference, category,
 *   queue, previous }`; 400 naming `category` when it is not one of seed 001's; 409 when closed
 */
export function enquiryApiRoutes() {
  const api = new Hono<AppEnv>();

  api.post("/enquiries/:reference/replies", jsonLimit, async (c) => {
    const body = (await readJson(c)) as Parameters<typeof replyToEnquiry>[3];
    const queued = await replyToEnquiry(c.var.database.db, apiActor(c), c.req.param("reference"), body);
    return c.json(queued, 201);
  });

  api.post("/enquiries/:reference/disagreement", jsonLimit, async (c) => {
    const body = await readJson(c);
    // The reference comes from the path only; the operation's schema checks the note.
    const note = (body && typeof body === "object" ? (body as { note?: unknown }).note : undefined) as string;
    const recorded = await recordDisagreement(c.var.database.db, apiActor(c), {
      reference: c.req.param("reference"),
      note,
    });
    return c.json(recorded, 201);
  });

  api.patch("/enquiries/:reference/category", jsonLimit, async (c) => {
    const body = (await readJson(c)) as Parameters<typeof correctCategory>[3];
    const corrected = await correctCategory(c.var.database.db, apiActor(c), c.req.param("reference"), body);
    return c.json(corrected);
  });

  return api;
}
