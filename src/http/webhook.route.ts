import { Hono } from "hono";
import type { ProcessingPort } from "../app";
import type { AppDeps } from "../deps";
import type { SignatureVerifier } from "../line/signature";
import { WEBHOOK_LIMITS, webhookBodySchema } from "../line/webhook.schema";

export interface WebhookRouteOptions {
  verifier: () => Promise<SignatureVerifier>;
  /** Store the events and hand them to the organisation's processor (awaited before the 200). */
  accept: ProcessingPort["accept"];
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * `POST /webhook`, in a fixed order: raw bytes → signature → JSON → shape → the events stored in the
 * inbox and handed to the processor (`accept`) → 200. Nothing is parsed before the signature holds,
 * and LINE never waits for a handler.
 */
export function webhookRoute(deps: AppDeps, options: WebhookRouteOptions) {
  return new Hono().post("/", async (c) => {
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > WEBHOOK_LIMITS.bodyBytes) return c.json({ message: "request body too large" }, 413);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > WEBHOOK_LIMITS.bodyBytes) return c.json({ message: "request body too large" }, 413);

    const verifier = await options.verifier();
    if (!(await verifier.verify(raw, c.req.header("x-line-signature")))) {
      deps.log.warn("webhook signature rejected", { bytes: raw.byteLength });
      return c.json({ message: "invalid signature" }, 401);
    }

    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(raw));
    } catch {
      return c.json({ message: "body is not valid UTF-8 JSON" }, 400);
    }
    const body = webhookBodySchema.safeParse(json);
    if (!body.success) {
      const issue = body.error.issues[0];
      return c.json(
        { message: "invalid webhook body", field: issue?.path.join(".") ?? "", detail: issue?.message },
        400,
      );
    }

    // LINE's "Verify" sends no events: nothing to store or hand over (on Workers, no call to the object).
    if (body.data.events.length > 0) await options.accept(body.data.events, deps.clock.now());
    return c.json({}, 200);
  });
}
