import type { Context } from "hono";
import type { AppDeps } from "../deps";

/** A stored photo as an HTTP answer (404 when the record or its bytes are gone). */
export async function photoResponse(
  c: Context,
  deps: AppDeps,
  blobKey: string | undefined,
): Promise<Response> {
  const blob = blobKey ? await deps.blobs.get(blobKey) : null;
  if (!blob) return c.json({ message: "photo not found" }, 404);
  return c.body(blob.bytes.slice().buffer, 200, {
    "content-type": blob.contentType,
    "cache-control": "private, max-age=3600",
    // Every organisation shares one origin: a browser must never read a stored file as anything but
    // the image type it was checked to be.
    "x-content-type-options": "nosniff",
  });
}
