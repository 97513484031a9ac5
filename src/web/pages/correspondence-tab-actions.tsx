/**
 * The two forms of an application's Correspondence tab that act on the file itself: resend an
 * undelivered email to the address the file now holds, and record an email an officer sent from
 * Outlook. Each handler calls the same operation as the API (`POST /correspondence/{id}/resend`,
 * `POST /applications/{fileNumber}/correspondence/manual`) with the signed-in officer; a refusal
 * shows the tab again with the reason in the page's language.
 */
import type { Hono } from "hono";
import { findVisibleCorrespondence } from "../../correspondence/find-visible-correspondence.ts";
import { recordManualSend } from "../../correspondence/record-manual-send.ts";
import { resendCorrespondence } from "../../correspondence/resend-correspondence.ts";
import type { AppError } from "../../shared/errors.ts";
import { readUpload } from "../api/read-body.ts";
import type { AppEnv } from "../env.ts";
import { renderApplication } from "./application-page.tsx";
import { manualSendFormState, resendFormState } from "./correspondence-pages.tsx";
import { withDone } from "./format.ts";
import { statusOf } from "./forms.tsx";
import { uploadLimit } from "./upload.ts";

export function registerCorrespondenceTabActions(pages: Hono<AppEnv>) {
  pages.post("/correspondence/:id/resend", async (c) => {
    const id = c.req.param("id");
    const db = c.var.database.db;
    try {
      const resent = await resendCorrespondence(db, c.var.actor!, id);
      const { application } = await findVisibleCorrespondence(db, c.var.actor!, resent.id);
      return c.redirect(recordPath(application.fileNumber, "email-resent", resent.id), 303);
    } catch (error) {
      // Another office's record stays "not found" (the state below rethrows it); a refusal is shown on its file.
      const state = resendFormState(c.var.locale, error);
      const { application } = await findVisibleCorrespondence(db, c.var.actor!, id);
      return renderApplication(
        c,
        application.fileNumber,
        "correspondence",
        state,
        statusOf(error as AppError),
      );
    }
  });

  pages.post("/applications/:fileNumber/correspondence/manual", uploadLimit, async (c) => {
    const fileNumber = c.req.param("fileNumber");
    const body = await c.req.parseBody();
    try {
      const upload = await readUpload(c);
      const { correspondence } = await recordManualSend(c.var.database.db, c.var.actor!, fileNumber, {
        fileName: upload.fileName,
        bytes: upload.bytes,
      });
      return c.redirect(recordPath(fileNumber, "manual-send-recorded", correspondence.id), 303);
    } catch (error) {
      const state = manualSendFormState(c.var.locale, body, error);
      return renderApplication(c, fileNumber, "correspondence", state, statusOf(error as AppError));
    }
  });
}

/** The Correspondence tab, announcing what was done to which record (looked up in the file, not trusted). */
function recordPath(fileNumber: string, done: string, correspondenceId: string): string {
  const path = withDone(`/applications/${encodeURIComponent(fileNumber)}?tab=correspondence`, done);
  return `${path}&record=${encodeURIComponent(correspondenceId)}`;
}
