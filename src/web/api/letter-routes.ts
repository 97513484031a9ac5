/**
 * API routes for letters from templates, extensions of a response date, confirmation of a
 * "Response overdue" note, paper letters recorded as mailed, and file transfers. Mounted under
 * `/api/v1`, behind `apiAuth`. Each route parses its body and calls one operation.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { transferApplication } from "../../applications/transfer-application.ts";
import { confirmNonCompliance } from "../../correspondence/confirm-non-compliance.ts";
import { extendResponseDate } from "../../correspondence/extend-response-date.ts";
import { markPaperLetterMailed } from "../../correspondence/mark-paper-letter-mailed.ts";
import { type QueuedLetter, queueLetter } from "../../correspondence/queue-letter.ts";
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

/** A body read as JSON; the operations' schemas check its fields. */
async function body<T>(c: Context<AppEnv>): Promise<T> {
  return (await readJson(c)) as T;
}

/** What the API says of a queued letter: the record, who it goes to and why, and its rendered text. */
function letterJson(queued: QueuedLetter) {
  return {
    correspondence: queued.correspondence,
    recipient: queued.recipient,
    letter: { subject: queued.letter.subject, text: queued.letter.text, issueDate: queued.letter.issueDate },
    edocId: queued.edocId,
    activityId: queued.activityId,
  };
}

/**
 * - `POST /applications/:fileNumber/letters` `{ templateId, values }` → 201 `{ correspondence, recipient, letter, edocId, activityId }`
 *   (a `to`, `address`, … field is refused: the recipient always comes from the file)
 * - `POST /correspondence/:id/extend` `{ responseDate, reason }` → 200 `{ correspondence, note, cancelledActivityIds }`
 * - `POST /correspondence/:id/mailed` → 200 `{ correspondence, completedActivityIds }`
 * - `POST /activities/:id/non-compliance` `{ outcome: "failed-to-comply" | "requested-extension", remarks?, language? }` → 200 `{ note, activity }`
 * - `POST /applications/:fileNumber/transfer` `{ toOfficeCode, reason }` → 200 `{ application, notice, movedActivityIds }`
 */
export function letterApiRoutes() {
  const api = new Hono<AppEnv>();

  api.post("/applications/:fileNumber/letters", jsonLimit, async (c) => {
    const queued = await queueLetter(
      c.var.database.db,
      apiActor(c),
      c.req.param("fileNumber"),
      await body(c),
    );
    return c.json(letterJson(queued), 201);
  });

  api.post("/correspondence/:id/extend", jsonLimit, async (c) => {
    const result = await extendResponseDate(c.var.database.db, apiActor(c), c.req.param("id"), await body(c));
    return c.json(result);
  });

  api.post("/correspondence/:id/mailed", async (c) => {
    const result = await markPaperLetterMailed(c.var.database.db, apiActor(c), c.req.param("id"));
    return c.json(result);
  });

  api.post("/activities/:id/non-compliance", jsonLimit, async (c) => {
    const result = await confirmNonCompliance(
      c.var.database.db,
      apiActor(c),
      c.req.param("id"),
      await body(c),
    );
    return c.json(result);
  });

  api.post("/applications/:fileNumber/transfer", jsonLimit, async (c) => {
    const result = await transferApplication(
      c.var.database.db,
      apiActor(c),
      c.req.param("fileNumber"),
      await body(c),
    );
    return c.json({
      application: result.application,
      notice: letterJson(result.notice),
      movedActivityIds: result.movedActivityIds,
    });
  });

  return api;
}
