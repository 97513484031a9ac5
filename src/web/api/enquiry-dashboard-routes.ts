/**
 * API route for the offices' response times side by side. Mounted under `/api/v1`, behind
 * `apiAuth`; it parses the period and calls `compareOffices`.
 */
import { Hono } from "hono";
import { compareOffices } from "../../enquiries/compare-offices.ts";
import type { AppEnv } from "../env.ts";

export function enquiryDashboardApiRoutes() {
  const api = new Hono<AppEnv>();
  // GET /enquiries/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD (both optional: the last 90 days).
  api.get("/enquiries/dashboard", async (c) => {
    const { from, to } = c.req.query();
    return c.json(await compareOffices(c.var.database.db, c.var.actor!, { from, to }));
  });
  return api;
}
