/**
 * API routes for bulk correspondence. Mounted under `/api/v1`, behind `apiAuth`. Each parses its
 * input and calls one operation of `src/bulk`.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { CreateBulkJobInput } from "../../bulk/bulk.schema.ts";
import { BulkRowsError } from "../../bulk/bulk-rows-error.ts";
import { cancelBulkJob } from "../../bulk/cancel-bulk-job.ts";
import { createBulkJob } from "../../bulk/create-bulk-job.ts";
import { getBulkJob } from "../../bulk/get-bulk-job.ts";
import { listBulkJobs } from "../../bulk/list-bulk-jobs.ts";
import { pauseBulkJob } from "../../bulk/pause-bulk-job.ts";
import { previewBulkJob } from "../../bulk/preview-bulk-job.ts";
import { resumeBulkJob } from "../../bulk/resume-bulk-job.ts";
import { AppError, HTTP_STATUS } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { apiActor } from "./api-auth.ts";
import { readJson } from "./read-body.ts";

// 50,000 file numbers as JSON are under 1 MB; the values of a letter add little.
const bulkBodyLimit = bodyLimit({
  maxSize: 2 * 1024 * 1024,
  onError: () => {
    throw new AppError("too_large", "body: must be at most 2 MB");
  },
});

/** The rows at fault travel with the error, so a client can show them beside its list. */
function rowsErrorJson(c: Context<AppEnv>, error: BulkRowsError) {
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
        rows: error.rows,
        totalErrors: error.totalErrors,
      },
    },
    HTTP_STATUS[error.code],
  );
}

/**
 * - `POST /bulk-jobs` JSON `{ officeCode, templateId, values, lineOfBusiness?, status? }` or
 *   `{ officeCode, templateId, values, fileNumbers: [...] }` → 201 `{ job, email, paper }`;
 *   400 `{ error: { rows: [{ line, fileNumber, field, message }], totalErrors } }` and nothing created
 * - `POST /bulk-jobs/preview` same body → `{ total, email, paper }`, nothing created
 * - `GET /bulk-jobs` → `{ jobs }`; `GET /bulk-jobs/:id?limit=&offset=` → progress and recipients
 * - `POST /bulk-jobs/:id/pause|resume|cancel` → `{ job, changed }`
 */
export function bulkApiRoutes() {
  const api = new Hono<AppEnv>();

  api.post("/bulk-jobs", bulkBodyLimit, async (c) => {
    const body = (await readJson(c)) as CreateBulkJobInput;
    try {
      return c.json(await createBulkJob(c.var.database.db, apiActor(c), body), 201);
    } catch (error) {
      if (error instanceof BulkRowsError) return rowsErrorJson(c, error);
      throw error;
    }
  });

  api.post("/bulk-jobs/preview", bulkBodyLimit, async (c) => {
    const body = (await readJson(c)) as CreateBulkJobInput;
    try {
      return c.json(await previewBulkJob(c.var.database.db, apiActor(c), body));
    } catch (error) {
      if (error instanceof BulkRowsError) return rowsErrorJson(c, error);
      throw error;
    }
  });

  api.get("/bulk-jobs", async (c) => c.json({ jobs: await listBulkJobs(c.var.database.db, apiActor(c)) }));

  api.get("/bulk-jobs/:id", async (c) => {
    const limit = Number(c.req.query("limit") ?? 200);
    const offset = Number(c.req.query("offset") ?? 0);
    return c.json(
      await getBulkJob(c.var.database.db, apiActor(c), c.req.param("id"), {
        limit: Number.isFinite(limit) ? limit : 200,
        offset: Number.isFinite(offset) ? offset : 0,
      }),
    );
  });

  const transitions = { pause: pauseBulkJob, resume: resumeBulkJob, cancel: cancelBulkJob };
  for (const [name, operation] of Object.entries(transitions)) {
    api.post(`/bulk-jobs/:id/${name}`, async (c) =>
      c.json(await operation(c.var.database.db, apiActor(c), c.req.param("id"))),
    );
  }

  return api;
}
