import type { AppDeps } from "../deps";

/** LINE's image messages are at most 10 MB. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export interface StoredPhoto {
  id: string;
  blobKey: string;
  contentType: "image/jpeg" | "image/png";
}

export type PhotoResult = { ok: true; photo: StoredPhoto } | { ok: false; reason: "type" | "size" | "fetch" };

/** What the bytes are, by their signature (a header can lie): JPEG and PNG only. */
function imageTypeOf(bytes: Uint8Array): StoredPhoto["contentType"] | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((byte, i) => bytes[i] === byte)) return "image/png";
  return undefined;
}

async function readBounded(
  body: AsyncIterable<Uint8Array | string>,
  limit: number,
): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) return null;
    chunks.push(bytes);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/**
 * Fetch a user's image from LINE's content API at once (LINE keeps content only for a while) and keep
 * it in blob storage under `prefix`. Only JPEG and PNG are kept.
 */
export async function storeLinePhoto(deps: AppDeps, messageId: string, prefix: string): Promise<PhotoResult> {
  let bytes: Uint8Array | null;
  try {
    const content = await deps.line.blob.getMessageContentWithHttpInfo(messageId);
    const declared = Number(content.httpResponse.headers.get("content-length") ?? 0);
    if (declared > MAX_PHOTO_BYTES) return { ok: false, reason: "size" };
    bytes = await readBounded(content.body as AsyncIterable<Uint8Array>, MAX_PHOTO_BYTES);
  } catch (error) {
    deps.log.warn("photo download failed", {
      status: (error as { status?: number }).status,
      error: error instanceof Error ? error.message : String(error),
    });
    return { ok: false, reason: "fetch" };
  }
  if (!bytes) return { ok: false, reason: "size" };
  return storePhotoBytes(deps, bytes, prefix);
}

/** Keep a JPEG or PNG in blob storage under `prefix`; anything else is refused. */
export async function storePhotoBytes(
  deps: AppDeps,
  bytes: Uint8Array,
  prefix: string,
): Promise<PhotoResult> {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, reason: "size" };
  const contentType = imageTypeOf(bytes);
  if (!contentType) return { ok: false, reason: "type" };
  const id = deps.ids.uuid();
  const blobKey = `${prefix}/${id}.${contentType === "image/png" ? "png" : "jpg"}`;
  await deps.blobs.put(blobKey, bytes, contentType);
  return { ok: true, photo: { id, blobKey, contentType } };
}

export const PHOTO_PROBLEMS: Record<"type" | "size" | "fetch", string> = {
  type: "รับได้เฉพาะรูปภาพ JPEG หรือ PNG",
  size: "รูปภาพมีขนาดใหญ่เกิน 10 MB",
  fetch: "ไม่สามารถรับรูปภาพนี้ได้ โปรดส่งใหม่อีกครั้ง",
};
