/**
 * Complaint photos sent in chat as LINE image messages. LINE fetches an image message's picture from
 * its URL (HTTPS only on the real platform: `parseConfig` refuses a plain-http `PUBLIC_URL` with real
 * LINE credentials), so each photo is served behind a short-lived signed link under `PUBLIC_URL`:
 * `/r/photos/<id>?exp=…&sig=…` — the report links' signature (`report-links.ts`), 403 when tampered
 * with or expired. The preview is the same picture (no resizing on either runtime).
 */
import { Hono } from "hono";
import { findPhoto } from "../db/repos/complaints.repo";
import type { ComplaintPhoto } from "../db/schema";
import type { AppDeps } from "../deps";
import type { Message } from "../line/messages";
import { photoResponse } from "./blob-response";
import { SIGNED_REPORTS_PREFIX, signLink } from "./report-links";

/**
 * How long a photo link works: a week, so that a complainant who opens LINE days after the push still
 * sees the after-photo (LINE fetches the picture when the chat shows it). A tap on `ดูภาพ` signs anew.
 */
export const PHOTO_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Where signed photo links are served, under the signed-link prefix. */
export const SIGNED_PHOTOS_PATH = `${SIGNED_REPORTS_PREFIX}/photos`;

/** A signed link to one stored complaint photo, good until `expiresAt`. */
export function signedPhotoLink(deps: Pick<AppDeps, "config">, photoId: string, expiresAt: number) {
  return signLink(deps.config, `${SIGNED_PHOTOS_PATH}/${encodeURIComponent(photoId)}`, {}, expiresAt);
}

/** Photos as LINE image messages (at most `max`: LINE takes five messages a call). */
export async function photoMessages(
  deps: Pick<AppDeps, "config" | "clock">,
  photos: readonly Pick<ComplaintPhoto, "id">[],
  max = 5,
): Promise<Message[]> {
  const expiresAt = deps.clock.now() + PHOTO_LINK_TTL_MS;
  return Promise.all(
    photos.slice(0, max).map(async (photo) => {
      const url = await signedPhotoLink(deps, photo.id, expiresAt);
      return { type: "image" as const, originalContentUrl: url, previewImageUrl: url };
    }),
  );
}

/** `GET /r/photos/:id` (mounted behind `requireSignedLink`): the photo's bytes. */
export function signedPhotosRoute(deps: AppDeps): Hono {
  const app = new Hono();
  app.get("/:id", async (c) =>
    photoResponse(c, deps, (await findPhoto(deps.db, c.req.param("id")))?.blobKey),
  );
  return app;
}
