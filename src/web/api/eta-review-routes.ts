/**
 * API routes of eTA manual review and revalidation (seed 004). Mounted under `/api/v1`, behind
 * `apiAuth`; each parses its body and calls one operation.
 *
 * - `POST /eta/applications/:fileNumber/review-decision` nine-step decision → 201
 *   `{ decision, eta, noteId, letterCorrespondenceId }`
 * - `POST /eta/applications/:fileNumber/relinquishment` `{ answer, answeredOn, details }` → 200
 * - `POST /eta/applications/:fileNumber/revalidation` `{ decision, ground?, notes }` → 200
 * - `POST /clients/:uci/adverse-information` `{ source, recordedOn?, details }` → 201
 * - `GET /eta/revalidation-report` → 200 `{ date, rows }`
 * - `GET /eta/applications/:fileNumber/review` → 200 what the review page shows: the application,
 *   referral reasons, candidates, history, decisions (with their nine steps), relinquishment, revalidations
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { decideEtaRevalidation } from "../../eta/decide-eta-revalidation.ts";
import type {
  DecideRevalidationInput,
  EtaReviewDecisionInput,
  RecordAdverseInformationInput,
  RecordRelinquishmentInput,
} from "../../eta/eta-review.schema.ts";
import { listEtaRevalidationReport } from "../../eta/list-eta-revalidation-report.ts";
import { loadEtaReview } from "../../eta/load-eta-review.ts";
import { recordAdverseInformation } from "../../eta/record-adverse-information.ts";
import { recordEtaRelinquishment } from "../../eta/record-eta-relinquishment.ts";
import { recordEtaReviewDecision } from "../../eta/record-eta-review-decision.ts";
import { utcDay } from "../../eta/submit-eta-applications.ts";
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

export function etaReviewApiRoutes() {
  const api = new Hono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.var.database.db;

  api.post("/eta/applications/:fileNumber/review-decision", jsonLimit, async (c) => {
    const input = (await readJson(c)) as EtaReviewDecisionInput;
    return c.json(await recordEtaReviewDecision(db(c), actorOf(c), c.req.param("fileNumber"), input), 201);
  });
  api.post("/eta/applications/:fileNumber/relinquishment", jsonLimit, async (c) => {
    const input = (await readJson(c)) as RecordRelinquishmentInput;
    return c.json(await recordEtaRelinquishment(db(c), actorOf(c), c.req.param("fileNumber"), input));
  });
  api.post("/eta/applications/:fileNumber/revalidation", jsonLimit, async (c) => {
    const input = (await readJson(c)) as DecideRevalidationInput;
    return c.json(await decideEtaRevalidation(db(c), actorOf(c), c.req.param("fileNumber"), input));
  });
  api.post("/clients/:uci/adverse-information", jsonLimit, async (c) => {
    const input = (await readJson(c)) as RecordAdverseInformationInput;
    return c.json(await recordAdverseInformation(db(c), actorOf(c), c.req.param("uci"), input), 201);
  });
  api.get("/eta/applications/:fileNumber/review", async (c) =>
    c.json(await loadEtaReview(db(c), actorOf(c), c.req.param("fileNumber"), utcDay(new Date()))),
  );
  api.get("/eta/revalidation-report", async (c) => {
    const date = utcDay(new Date());
    return c.json({ date, rows: await listEtaRevalidationReport(db(c), actorOf(c), date) });
  });

  return api;
}
