import type { Context } from "hono";
import type { AppDeps } from "../deps";

/** Run work after the response: `executionCtx.waitUntil` on Workers, the runtime's `defer` elsewhere. */
export function afterResponse(c: Context, deps: AppDeps, work: () => Promise<unknown>): void {
  const executionCtx = executionCtxOf(c);
  if (executionCtx) executionCtx.waitUntil(work());
  else deps.defer(work);
}

// Hono's getter throws where there is no ExecutionContext (Node); a runtime either always has one
// or never does, so the first answer is remembered instead of paying for an exception per request.
let hasExecutionCtx: boolean | undefined;

/** The request's ExecutionContext on Workers; undefined elsewhere. */
export function executionCtxOf(c: Context): { waitUntil(promise: Promise<unknown>): void } | undefined {
  if (hasExecutionCtx === false) return undefined;
  try {
    const ctx = c.executionCtx;
    hasExecutionCtx = true;
    return ctx;
  } catch {
    hasExecutionCtx = false;
    return undefined;
  }
}
