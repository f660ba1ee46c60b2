import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { ROLES, type Role } from "../domain/roles";
import { renderFlex } from "../simulator/flex-render";
import { simulatorPage } from "../simulator/simulator-page";
import type { UserAction } from "../simulator/webhook-events";

export interface TranscriptEntry {
  seq: number;
  from: "user" | "bot";
  at: number;
  messages: unknown[];
  /** Bot messages: how LINE delivered them. */
  via?: "reply" | "push" | "multicast";
  /** Bot messages sent while the user had blocked the OA: LINE does not deliver them. */
  undelivered?: boolean;
}

export interface SimulatorUser {
  id: string;
  name: string;
  /** The role the simulator registered the user for (through an invite, as in production). */
  role: Role;
  unitId: string | null;
  unitName: string | null;
  /** Has blocked the OA (sent `unfollow`) and not added it back. */
  blocked: boolean;
}

export interface NewSimulatorUser {
  name: string;
  role?: Role;
  /** Staff: the unit they work in. */
  unitId?: string;
  /** Add the OA as a friend first (a `follow` event, so the welcome card arrives). */
  follow?: boolean;
}

export type AddUserResult =
  | { ok: true; user: SimulatorUser }
  | { ok: false; status: 400 | 503; field: string; message: string };

/** A rich menu as the simulator draws it: the image (served at `imageUrl`) and its tap areas. */
export interface SimulatorMenu {
  richMenuId: string;
  size: { width: number; height: number };
  chatBarText: string;
  selected: boolean;
  areas: Array<{ bounds: { x: number; y: number; width: number; height: number }; action: unknown }>;
  imageUrl: string;
}

export interface SimulatorBackend {
  /** The users, each with the role and unit the bot holds for them now. */
  users(): Promise<SimulatorUser[]>;
  units(): Promise<Array<{ id: string; name: string }>>;
  addUser(input: NewSimulatorUser): Promise<AddUserResult>;
  send(userId: string, action: UserAction): Promise<{ status: number }>;
  /** Put the bytes into LINE's content store under a new message id, then send an image event. */
  sendPhoto(
    userId: string,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<{ status: number; messageId?: string }>;
  photo(messageId: string): { bytes: Uint8Array; contentType: string } | undefined;
  transcript(userId: string, after: number): TranscriptEntry[];
  /** The rich menu LINE shows the user (theirs, or the channel's default); null: none; undefined: no such user. */
  menu(userId: string): SimulatorMenu | null | undefined;
  menuImage(richMenuId: string): { bytes: Uint8Array; contentType: string } | undefined;
  /** The demo's unit gets a few measures of the current fiscal year (once); how many were created. */
  demoData(unitId: string): Promise<{ measures: number }>;
}

/** LINE's own limit for an image a user sends. */
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

const userId = z.string().regex(/^U[0-9a-f]{32}$/, "must be a LINE user id");
const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(5000) }),
  z.object({
    type: z.literal("postback"),
    data: z.string().min(1).max(300),
    displayText: z.string().max(300).optional(),
    params: z
      .object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
      .partial()
      .optional(),
  }),
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
const newUserSchema = z.object({
  name: z.string().max(40),
  role: z.enum(ROLES).optional(),
  unitId: z.string().min(1).max(100).optional(),
  follow: z.boolean().optional(),
});

const demoSchema = z.object({ unitId: z.string().min(1).max(100) });

function firstIssue(error: z.ZodError) {
  const issue = error.issues[0];
  return { message: "invalid request", field: issue?.path.join(".") ?? "", detail: issue?.message };
}

/** Bot messages with their Flex drawn (`html[i]` beside `messages[i]`, null for other types). */
function withFlexHtml(entry: TranscriptEntry) {
  if (entry.from !== "bot") return entry;
  const html = entry.messages.map((message) => {
    const m = message as { type?: unknown; contents?: unknown };
    return m && m.type === "flex" ? renderFlex(m.contents) : null;
  });
  return { ...entry, html };
}

/** `/simulator`: a web chat that plays LINE for chosen users (simulator mode only). */
export function simulatorRoute(backend: SimulatorBackend) {
  const app = new Hono();
  app.get("/", (c) => c.html(simulatorPage()));
  app.get("/api/users", async (c) => c.json({ items: await backend.users() }));
  app.post("/api/users", async (c) => {
    const body = newUserSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json(firstIssue(body.error), 400);
    const result = await backend.addUser(body.data);
    if (!result.ok) return c.json({ message: result.message, field: result.field }, result.status);
    return c.json(result.user, 201);
  });
  app.get("/api/units", async (c) => c.json({ items: await backend.units() }));
  app.post("/api/send", async (c) => {
    const body = sendSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json(firstIssue(body.error), 400);
    const result = await backend.send(body.data.userId, body.data.action);
    if (result.status === 404) return c.json({ message: "unknown simulator user" }, 404);
    return c.json({ webhookStatus: result.status });
  });
  app.post(
    "/api/photo",
    bodyLimit({
      maxSize: PHOTO_MAX_BYTES + 64 * 1024,
      onError: (c) => c.json({ message: "photo too large (LINE takes at most 10 MB)", field: "photo" }, 413),
    }),
    async (c) => {
      const form = await c.req.parseBody().catch(() => null);
      const id = userId.safeParse(form?.userId);
      if (!id.success) return c.json(firstIssue(id.error), 400);
      const file = form?.photo;
      if (!(file instanceof File) || file.size === 0) {
        return c.json({ message: "invalid request", field: "photo", detail: "must be a file" }, 400);
      }
      if (file.size > PHOTO_MAX_BYTES) {
        return c.json({ message: "photo too large (LINE takes at most 10 MB)", field: "photo" }, 413);
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await backend.sendPhoto(id.data, bytes, file.type || "application/octet-stream");
      if (result.status === 404) return c.json({ message: "unknown simulator user" }, 404);
      return c.json({ webhookStatus: result.status, messageId: result.messageId });
    },
  );
  app.get("/api/photos/:messageId", (c) => {
    const photo = backend.photo(c.req.param("messageId"));
    if (!photo) return c.json({ message: "not found" }, 404);
    return c.body(photo.bytes.slice().buffer as ArrayBuffer, 200, {
      // Only plain raster images are served as such: an upload is never rendered as a page.
      "content-type": /^image\/(?:jpeg|png|gif|webp)$/.test(photo.contentType)
        ? photo.contentType
        : "application/octet-stream",
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    });
  });
  app.get("/api/menu", (c) => {
    const id = userId.safeParse(c.req.query("userId"));
    if (!id.success) return c.json(firstIssue(id.error), 400);
    const menu = backend.menu(id.data);
    if (menu === undefined) return c.json({ message: "unknown simulator user" }, 404);
    return c.json({ menu });
  });
  app.get("/api/menu-images/:richMenuId", (c) => {
    const image = backend.menuImage(c.req.param("richMenuId"));
    if (!image) return c.json({ message: "not found" }, 404);
    return c.body(image.bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": image.contentType === "image/jpeg" ? "image/jpeg" : "image/png",
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    });
  });
  app.post("/api/demo", async (c) => {
    const body = demoSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json(firstIssue(body.error), 400);
    return c.json(await backend.demoData(body.data.unitId));
  });
  app.get("/api/transcript", (c) => {
    const id = userId.safeParse(c.req.query("userId"));
    if (!id.success) return c.json(firstIssue(id.error), 400);
    const after = Number(c.req.query("after") ?? 0) || 0;
    return c.json({ items: backend.transcript(id.data, after).map(withFlexHtml) });
  });
  return app;
}
