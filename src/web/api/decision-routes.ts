/**
 * API routes for decisions, recourse and reconsideration. Mounted under `/api/v1`, behind `apiAuth`.
 *
 * - `GET /applications/:fileNumber/decisions` → the requests with their proof and whether a
 *   non-compliance decision can be recorded on each (and why not), the decisions, the reconsiderations
 * - `POST /applications/:fileNumber/decisions` → 201 `{ decision, letterCorrespondenceId, noteId }`
 * - `GET /applications/:fileNumber/recourse` → `{ decision, notifiedOn, countedFrom, options }`;
 *   404 when the application has no standing refusal
 * - `POST /applications/:fileNumber/reconsiderations` → 201 `{ reconsideration, facts }`
 * - `POST /reconsiderations/:id/decision` → `{ reconsideration, facts }`
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { decideReconsideration } from "../../decisions/decide-reconsideration.ts";
import type {
  DecideReconsiderationInput,
  RecordDecisionInput,
  RecordReconsiderationInput,
} from "../../decisions/decision.schema.ts";
import { listApplicationRecourse } from "../../decisions/decision-recourse.ts";
import { loadDecisionScreen } from "../../decisions/load-decision-screen.ts";
import { recordDecision } from "../../decisions/record-decision.ts";
import { recordReconsideration } from "../../decisions/record-reconsideration.ts";
import { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { apiActor } from "./api-auth.ts";
import { readJson } from "./read-body.ts";

const jsonLimit = bodyLimit({
  maxSize: 256 * 1024,
  onError: () => {
    throw new AppError("too_large", "body: must be at most 256 kB");
  },
});

export function decisionApiRoutes() {
  const api = new Hono<AppEnv>();
  const db = (c: { var: AppEnv["Variables"] }) => c.var.database.db;

  api.get("/applications/:fileNumber/decisions", async (c) => {
    const screen = await loadDecisionScreen(db(c), apiActor(c), c.req.param("fileNumber"));
    return c.json({
      fileNumber: screen.application.fileNumber,
      status: screen.application.status,
      today: screen.today,
      requests: screen.requests.map(({ request, outcome, check, noteDraft }) => ({
        correspondenceId: request.correspondenceId,
        templateId: request.templateId,
        subject: request.subject,
        dueDate: request.dueDate,
        sendings: request.sendings,
        nonComplianceOutcome: outcome,
        decisionAllowed: check.allowed,
        refusals: check.allowed ? [] : check.refusals,
        noteDraft,
      })),
      decisions: screen.decisions,
      reconsiderations: screen.reconsiderations,
    });
  });

  api.post("/applications/:fileNumber/decisions", jsonLimit, async (c) => {
    const input = (await readJson(c)) as RecordDecisionInput;
    return c.json(await recordDecision(db(c), apiActor(c), c.req.param("fileNumber"), input), 201);
  });

  api.get("/applications/:fileNumber/recourse", async (c) =>
    c.json(await listApplicationRecourse(db(c), apiActor(c), c.req.param("fileNumber"))),
  );

  api.post("/applications/:fileNumber/reconsiderations", jsonLimit, async (c) => {
    const input = (await readJson(c)) as RecordReconsiderationInput;
    return c.json(await recordReconsideration(db(c), apiActor(c), c.req.param("fileNumber"), input), 201);
  });

  api.post("/reconsiderations/:id/decision", jsonLimit, async (c) => {
    const input = (await readJson(c)) as DecideReconsiderationInput;
    return c.json(await decideReconsideration(db(c), apiActor(c), c.req.param("id"), input));
  });

  return api;
}
