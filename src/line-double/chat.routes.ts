/** Profile, loading animation and message content (the api-data.line.me path). */
import type { Hono } from "hono";
import { type DoubleDeps, type DoubleEnv, invalidBody, NOT_FOUND } from "./double-context";
import { isPlainObject } from "./openapi-validator";

export function defaultDisplayName(userId: string): string {
  return `ผู้ใช้ ${userId.slice(-4)}`;
}

export function registerChatRoutes(app: Hono<DoubleEnv>, deps: DoubleDeps): void {
  const { store, validator } = deps;

  app.get("/v2/bot/profile/:userId", (c) => {
    const userId = c.req.param("userId");
    const profile = store.profiles.get(userId);
    if (profile === null) return c.json(NOT_FOUND, 404);
    return c.json({
      userId,
      displayName: profile?.displayName ?? defaultDisplayName(userId),
      ...(profile?.pictureUrl !== undefined ? { pictureUrl: profile.pictureUrl } : {}),
      language: "th",
    });
  });

  app.post("/v2/bot/chat/loading/start", (c) => {
    const body = c.get("json");
    const issues = validator.validate("ShowLoadingAnimationRequest", body);
    const seconds = isPlainObject(body) ? body.loadingSeconds : undefined;
    if (typeof seconds === "number" && seconds % 5 !== 0) {
      issues.push({ property: "loadingSeconds", message: "must be a multiple of 5" });
    }
    if (issues.length > 0) return invalidBody(c, issues);
    return c.json({}, 202);
  });

  app.get("/v2/bot/message/:messageId/content", (c) => {
    const content = store.contents.get(c.req.param("messageId"));
    if (!content) return c.json(NOT_FOUND, 404);
    return c.body(content.bytes.slice().buffer, 200, { "content-type": content.contentType });
  });
}
