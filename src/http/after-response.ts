import type { Context } from "hono";
import type { AppDeps } from "../deps";

/** Run work after the response: `executionCtx.waitUntil` on Workers, the runtime's `defer` elsewhere. */
export function afterResponse(c: Context, deps: AppDeps, work: () => Promise<unknown>): void {
  let executionCtx: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    executionCtx = c.executionCtx; // throws on Node: there is no ExecutionContext
  } catch {
    executionCtx = undefined;
  }
  if (executionCtx) executionCtx.waitUntil(work());
  else deps.defer(work);
}
