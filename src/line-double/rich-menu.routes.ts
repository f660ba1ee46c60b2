/** Rich menus: create, upload image (api-data.line.me path), list, delete, default and per-user links, aliases. */
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
const MAX_ALIASES = 1000;
const RICH_MENU_ID = /^richmenu-[0-9a-f]{32}$/;
/** The pattern of `CreateRichMenuAliasRequest.richMenuAliasId`, also applied to the path parameter. */
const ALIAS_ID = /^[a-z0-9_-]{1,32}$/;
// LINE's documented alias error answers (reference › Create/Update/Get rich menu alias) carry `details: []`.
const ALIAS_NOT_FOUND = { message: "richmenu alias not found", details: [] } as const;
const ALIAS_CONFLICT = { message: "conflict richmenu alias id", details: [] } as const;
const ALIASED_MENU_NOT_FOUND = { message: "richmenu not found", details: [] } as const;
// The limit is documented; the wording of its error answer is not.
const ALIAS_LIMIT = {
  message: "The maximum number of richmenu aliases has been reached",
  details: [],
} as const;

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

/**
 * Aliases: create, get, list, update (re-point) and delete. Registered before the rich menu routes so that
 * `/v2/bot/richmenu/alias/…` never reaches `/v2/bot/richmenu/:richMenuId/…`.
 */
function registerRichMenuAliasRoutes(app: Hono<DoubleEnv>, deps: DoubleDeps): void {
  const { store, validator } = deps;

  /** A malformed alias id in the path: a client error, recorded as an invalid request. */
  function invalidAliasId(c: DoubleContext): Response | undefined {
    if (ALIAS_ID.test(c.req.param("richMenuAliasId") ?? "")) return undefined;
    const message = "The value for the 'richMenuAliasId' parameter is invalid";
    c.get("record").issues = [{ property: "richMenuAliasId", message }];
    return c.json({ message, details: [] }, 400);
  }

  /** A body naming a malformed rich menu id fails validation; an unknown or image-less menu is "not found". */
  function aliasTarget(c: DoubleContext, richMenuId: string): Response | undefined {
    if (!RICH_MENU_ID.test(richMenuId)) {
      return invalidBody(c, [{ property: "richMenuId", message: "invalid richMenuId" }]);
    }
    if (!store.richMenus.get(richMenuId)?.image) return c.json(ALIASED_MENU_NOT_FOUND, 400);
    return undefined;
  }

  app.post("/v2/bot/richmenu/alias", (c) => {
    const body = c.get("json");
    const issues = validator.validate("CreateRichMenuAliasRequest", body);
    if (issues.length > 0) return invalidBody(c, issues);
    const { richMenuAliasId, richMenuId } = body as { richMenuAliasId: string; richMenuId: string };
    const refusal = aliasTarget(c, richMenuId);
    if (refusal) return refusal;
    if (store.richMenuAliases.has(richMenuAliasId)) return c.json(ALIAS_CONFLICT, 400);
    if (store.richMenuAliases.size >= MAX_ALIASES) return c.json(ALIAS_LIMIT, 400);
    store.richMenuAliases.set(richMenuAliasId, richMenuId);
    return c.json({});
  });

  app.get("/v2/bot/richmenu/alias/list", (c) =>
    c.json({
      aliases: [...store.richMenuAliases].map(([richMenuAliasId, richMenuId]) => ({
        richMenuAliasId,
        richMenuId,
      })),
    }),
  );

  app.get("/v2/bot/richmenu/alias/:richMenuAliasId", (c) => {
    const refusal = invalidAliasId(c);
    if (refusal) return refusal;
    const richMenuAliasId = c.req.param("richMenuAliasId");
    const richMenuId = store.richMenuAliases.get(richMenuAliasId);
    return richMenuId ? c.json({ richMenuAliasId, richMenuId }) : c.json(ALIAS_NOT_FOUND, 404);
  });

  app.post("/v2/bot/richmenu/alias/:richMenuAliasId", (c) => {
    const invalidId = invalidAliasId(c);
    if (invalidId) return invalidId;
    const body = c.get("json");
    const issues = validator.validate("UpdateRichMenuAliasRequest", body);
    if (issues.length > 0) return invalidBody(c, issues);
    const richMenuAliasId = c.req.param("richMenuAliasId");
    if (!store.richMenuAliases.has(richMenuAliasId)) return c.json(ALIAS_NOT_FOUND, 404);
    const { richMenuId } = body as { richMenuId: string };
    const refusal = aliasTarget(c, richMenuId);
    if (refusal) return refusal;
    store.richMenuAliases.set(richMenuAliasId, richMenuId);
    return c.json({});
  });

  app.delete("/v2/bot/richmenu/alias/:richMenuAliasId", (c) => {
    const refusal = invalidAliasId(c);
    if (refusal) return refusal;
    if (!store.richMenuAliases.delete(c.req.param("richMenuAliasId"))) return c.json(ALIAS_NOT_FOUND, 404);
    return c.json({});
  });
}

export function registerRichMenuRoutes(app: Hono<DoubleEnv>, deps: DoubleDeps): void {
  const { store, validator } = deps;
  registerRichMenuAliasRoutes(app, deps);

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
    // Aliases are left pointing at the deleted menu: LINE documents no cascade for them.
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
