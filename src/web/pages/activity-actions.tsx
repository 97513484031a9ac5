import type { Context, Hono } from "hono";
import { completeActivity } from "../../activities/complete-activity.ts";
import { reassignActivity } from "../../activities/reassign-activity.ts";
import { takeActivity } from "../../activities/take-activity.ts";
import type { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { renderApplication } from "./application-page.tsx";
import { localPath, withDone } from "./format.ts";
import { formStateOf, statusOf } from "./forms.tsx";
import { renderQueue } from "./queue-page.tsx";

/** Take, complete and reassign, posted from the queue or from a file's Activities tab. */
export function registerActivityActions(pages: Hono<AppEnv>) {
  pages.post("/activities/:id/take", (c) =>
    act(c, "activity", "taken", () => takeActivity(c.var.database.db, c.var.actor!, c.req.param("id"))),
  );
  pages.post("/activities/:id/complete", (c) =>
    act(c, "activity", "completed", () =>
      completeActivity(c.var.database.db, c.var.actor!, c.req.param("id"), {}),
    ),
  );
  pages.post("/activities/:id/reassign", (c) =>
    act(c, "reassign", "reassigned", (body) =>
      reassignActivity(c.var.database.db, c.var.actor!, c.req.param("id"), {
        assigneeEmail: body.assigneeEmail ?? "",
      }),
    ),
  );
}

/**
 * Runs one activity operation. Done: back to the page the form came from (`back`), with a notice.
 * Refused: that page again, with the reason next to the form.
 */
async function act(
  c: Context<AppEnv>,
  form: string,
  done: string,
  operation: (body: Record<string, unknown>) => Promise<unknown>,
) {
  const body = await c.req.parseBody();
  const back = localPath(body.back, "/");
  try {
    await operation(body);
  } catch (error) {
    const state = formStateOf(c.var.locale, `${form}:${c.req.param("id")}`, body, error);
    const status = statusOf(error as AppError);
    const file = /^\/applications\/([A-Za-z0-9]+)/.exec(back);
    if (file?.[1]) return renderApplication(c, file[1], "activities", state, status);
    return renderQueue(c, state, status);
  }
  return c.redirect(withDone(back, done), 303);
}
