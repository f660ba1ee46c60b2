/** `/__double/*`: test and simulator controls over HTTP (no bearer token). */
import type { Hono } from "hono";
import { z } from "zod";
import type { DoubleContext, DoubleDeps, DoubleEnv } from "./double-context";
import { type FaultQueue, faultSpecSchema } from "./faults";
import { issueReplyToken } from "./messaging.routes";

const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000_000).optional() });
const deliveriesQuery = limitQuery.extend({ userId: z.string().min(1).optional() });
const replyTokenBody = z.object({ userId: z.string().min(1) });
const profileBody = z.union([
  z.object({ displayName: z.string().min(1), pictureUrl: z.url().optional() }).strict(),
  z.null(),
]);
const contentParams = z.object({ messageId: z.string().min(1) });

function badRequest(c: DoubleContext, error: z.ZodError): Response {
  return c.json({ message: "Invalid control request", issues: z.flattenError(error) }, 400);
}

async function jsonBody(c: DoubleContext): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

function lastN<T>(items: T[], limit: number | undefined): T[] {
  return limit === undefined || items.length <= limit ? items : items.slice(items.length - limit);
}

export function registerControlRoutes(app: Hono<DoubleEnv>, deps: DoubleDeps, faults: FaultQueue): void {
  const { store } = deps;

  app.get("/__double/requests", (c) => {
    const query = limitQuery.safeParse(c.req.query());
    if (!query.success) return badRequest(c, query.error);
    return c.json({ requests: lastN(store.requests(), query.data.limit) });
  });

  app.get("/__double/deliveries", (c) => {
    const query = deliveriesQuery.safeParse(c.req.query());
    if (!query.success) return badRequest(c, query.error);
    return c.json({ deliveries: lastN(store.deliveries(query.data.userId), query.data.limit) });
  });

  app.get("/__double/stats", (c) => c.json(store.stats()));

  app.post("/__double/faults", async (c) => {
    const fault = faultSpecSchema.safeParse(await jsonBody(c));
    if (!fault.success) return badRequest(c, fault.error);
    faults.inject(fault.data);
    return c.json({});
  });

  app.post("/__double/reset", (c) => {
    store.clear();
    faults.clear();
    return c.json({});
  });

  app.post("/__double/reply-tokens", async (c) => {
    const body = replyTokenBody.safeParse(await jsonBody(c));
    if (!body.success) return badRequest(c, body.error);
    return c.json({ replyToken: issueReplyToken(deps, body.data.userId) });
  });

  app.put("/__double/profiles/:userId", async (c) => {
    const body = profileBody.safeParse(await jsonBody(c));
    if (!body.success) return badRequest(c, body.error);
    store.profiles.set(c.req.param("userId"), body.data);
    return c.json({});
  });

  app.put("/__double/content/:messageId", async (c) => {
    const params = contentParams.safeParse(c.req.param());
    if (!params.success) return badRequest(c, params.error);
    const contentType = c.req.header("content-type") ?? "application/octet-stream";
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    store.contents.set(params.data.messageId, { bytes, contentType });
    return c.json({});
  });
}
