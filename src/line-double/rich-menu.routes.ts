/** Rich menus: create, upload image (api-data.line.me path), list, delete, default and per-user links. */
import type { Hono } from "hono";
import {
  type DoubleContext,
  type DoubleDeps,
  type DoubleEnv,
  invalidBody,
  NOT_FOUND,
  randomHex,
} from "./double-context";
import type { RichMenu } from "./double-store";
import { checkActionLimits } from "./message-limits";
import {
  isPlainObject,
  joinPath,
  REQUIRED_MESSAGE,
  sizeMessage,
  type ValidationIssue,
} from "./openapi-validator";

const REQUIRED_FIELDS = ["size", "selected", "name", "chatBarText", "areas"] as const;
const MAX_AREAS = 20;
const RICH_MENU_LABEL_MAX = 20;
const MAX_IMAGE_BYTES = 1024 * 1024;
const IMAGE_TYPES = new Set(["image/png", "image/jpeg"]);
const IMAGE_REQUIRED = { message: "must upload richmenu image before applying it to user" } as const;

/** Checks the documented rules the spec leaves out: all fields required, ≤ 20 areas, labels ≤ 20. */
function richMenuRuleIssues(body: unknown): ValidationIssue[] {
  if (!isPlainObject(body)) return [];
  const issues: ValidationIssue[] = [];
  for (const field of REQUIRED_FIELDS) {
    if (body[field] === undefined) issues.push({ property: field, message: REQUIRED_MESSAGE });
  }
  if (Array.isArray(body.areas)) {
    if (body.areas.length > MAX_AREAS) issues.push({ property: "areas", message: sizeMessage(0, MAX_AREAS) });
    body.areas.forEach((area, i) => {
      if (isPlainObject(area)) {
        checkActionLimits(area.action, joinPath(joinPath("areas", i), "action"), RICH_MENU_LABEL_MAX, issues);
      }
    });
  }
  return issues;
}

function toResponse(menu: RichMenu): Record<string, unknown> {
  return { richMenuId: menu.richMenuId, ...menu.request };
}

export function registerRichMenuRoutes(app: Hono<DoubleEnv>, deps: DoubleDeps): void {
  const { store, validator } = deps;

  function linkable(c: DoubleContext, richMenuId: string): Response | undefined {
    const menu = store.richMenus.get(richMenuId);
    if (!menu) return c.json(NOT_FOUND, 404);
    if (!menu.image) return c.json(IMAGE_REQUIRED, 400);
    return undefined;
  }

  app.post("/v2/bot/richmenu", (c) => {
    const body = c.get("json");
    const issues = [...validator.validate("RichMenuRequest", body), ...richMenuRuleIssues(body)];
    if (issues.length > 0) return invalidBody(c, issues);
    const richMenuId = `richmenu-${randomHex(16)}`;
    store.richMenus.set(richMenuId, { richMenuId, request: body as Record<string, unknown> });
    return c.json({ richMenuId });
  });

  app.get("/v2/bot/richmenu/list", (c) =>
    c.json({ richmenus: [...store.richMenus.values()].map(toResponse) }),
  );

  app.get("/v2/bot/richmenu/:richMenuId", (c) => {
    const menu = store.richMenus.get(c.req.param("richMenuId"));
    return menu ? c.json(toResponse(menu)) : c.json(NOT_FOUND, 404);
  });

  app.delete("/v2/bot/richmenu/:richMenuId", (c) => {
    const richMenuId = c.req.param("richMenuId");
    if (!store.richMenus.delete(richMenuId)) return c.json(NOT_FOUND, 404);
    if (store.defaultRichMenuId === richMenuId) store.defaultRichMenuId = null;
    for (const [userId, linked] of store.richMenuLinks) {
      if (linked === richMenuId) store.richMenuLinks.delete(userId);
    }
    return c.json({});
  });

  app.post("/v2/bot/richmenu/:richMenuId/content", async (c) => {
    const menu = store.richMenus.get(c.req.param("richMenuId"));
    if (!menu) return c.json(NOT_FOUND, 404);
    const contentType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!IMAGE_TYPES.has(contentType))
      return c.json({ message: "Content-Type must be image/jpeg or image/png" }, 415);
    if (menu.image) return c.json({ message: "An image has already been uploaded to the richmenu" }, 400);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_IMAGE_BYTES) {
      return c.json({ message: "The image must be between 1 byte and 1 MB" }, 400);
    }
    menu.image = { bytes, contentType };
    return c.json({});
  });

  app.get("/v2/bot/richmenu/:richMenuId/content", (c) => {
    const image = store.richMenus.get(c.req.param("richMenuId"))?.image;
    if (!image) return c.json(NOT_FOUND, 404);
    return c.body(image.bytes.slice().buffer, 200, { "content-type": image.contentType });
  });

  app.get("/v2/bot/user/all/richmenu", (c) =>
    store.defaultRichMenuId ? c.json({ richMenuId: store.defaultRichMenuId }) : c.json(NOT_FOUND, 404),
  );

  app.delete("/v2/bot/user/all/richmenu", (c) => {
    store.defaultRichMenuId = null;
    return c.json({});
  });

  app.post("/v2/bot/user/:userId/richmenu/:richMenuId", (c) => {
    const { userId, richMenuId } = c.req.param();
    const refusal = linkable(c, richMenuId);
    if (refusal) return refusal;
    if (userId === "all") store.defaultRichMenuId = richMenuId;
    else store.richMenuLinks.set(userId, richMenuId);
    return c.json({});
  });

  app.get("/v2/bot/user/:userId/richmenu", (c) => {
    const richMenuId = store.richMenuLinks.get(c.req.param("userId"));
    return richMenuId ? c.json({ richMenuId }) : c.json(NOT_FOUND, 404);
  });

  app.delete("/v2/bot/user/:userId/richmenu", (c) => {
    store.richMenuLinks.delete(c.req.param("userId"));
    return c.json({});
  });
}
