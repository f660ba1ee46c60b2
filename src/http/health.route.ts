import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppDeps } from "../deps";

export function healthRoute(deps: AppDeps) {
  return new Hono().get("/", async (c) => {
    try {
      await deps.db.get(sql`SELECT 1`);
      return c.json({ status: "ok" });
    } catch (error) {
      deps.log.error("health check: database did not answer", {
        error: error instanceof Error ? error.message : String(error),
      });
      return c.json({ status: "error" }, 503);
    }
  });
}
