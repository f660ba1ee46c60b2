import { Hono } from "hono";
import { z } from "zod";
import { SIMULATOR_PAGE } from "../simulator/simulator-page";
import type { UserAction } from "../simulator/webhook-events";

export interface TranscriptEntry {
  seq: number;
  from: "user" | "bot";
  at: number;
  messages: unknown[];
}

export interface SimulatorBackend {
  users(): Array<{ id: string; name: string }>;
  addUser(name: string): { id: string; name: string };
  send(userId: string, action: UserAction): Promise<{ status: number }>;
  transcript(userId: string, after: number): TranscriptEntry[];
}

const userId = z.string().regex(/^U[0-9a-f]{32}$/, "must be a LINE user id");
const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(5000) }),
  z.object({ type: z.literal("postback"), data: z.string().min(1).max(300) }),
  z.object({
    type: z.literal("location"),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    address: z.string().max(200).optional(),
    title: z.string().max(100).optional(),
  }),
  z.object({ type: z.literal("sticker") }),
  z.object({ type: z.literal("follow") }),
  z.object({ type: z.literal("unfollow") }),
]);
const sendSchema = z.object({ userId, action: actionSchema });

function firstIssue(error: z.ZodError) {
  const issue = error.issues[0];
  return { message: "invalid request", field: issue?.path.join(".") ?? "", detail: issue?.message };
}

/** `/simulator`: a web chat that plays LINE for chosen users (simulator mode only). */
export function simulatorRoute(backend: SimulatorBackend) {
  const app = new Hono();
  app.get("/", (c) => c.html(SIMULATOR_PAGE));
  app.get("/api/users", (c) => c.json({ items: backend.users() }));
  app.post("/api/users", async (c) => {
    const body = z.object({ name: z.string().max(40) }).safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json(firstIssue(body.error), 400);
    return c.json(backend.addUser(body.data.name), 201);
  });
  app.post("/api/send", async (c) => {
    const body = sendSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json(firstIssue(body.error), 400);
    const result = await backend.send(body.data.userId, body.data.action);
    if (result.status === 404) return c.json({ message: "unknown simulator user" }, 404);
    return c.json({ webhookStatus: result.status });
  });
  app.get("/api/transcript", (c) => {
    const id = userId.safeParse(c.req.query("userId"));
    if (!id.success) return c.json(firstIssue(id.error), 400);
    const after = Number(c.req.query("after") ?? 0) || 0;
    return c.json({ items: backend.transcript(id.data, after) });
  });
  return app;
}
