import { z } from "zod";
import { CHOICES, choiceOf, LABELS } from "../bot/choices";
import type { BotContext } from "../bot/context";
import type { AppDeps } from "../deps";
import {
  type FlowInput,
  type FlowStep,
  ok,
  type Parsed,
  type Reask,
  reask,
  type StepResult,
  stepsOf,
} from "../flows/engine";
import { LineApiError, type LineContent } from "../line/gateway";
import { textMessage } from "../line/messages";

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

/**
 * Fetch a user's image from LINE's content API at once (LINE keeps content only for a while) and keep
 * it in blob storage under `prefix`. Only JPEG and PNG are kept.
 */
export async function storeLinePhoto(deps: AppDeps, messageId: string, prefix: string): Promise<PhotoResult> {
  let content: LineContent;
  try {
    content = await deps.line.content(messageId, { maxBytes: MAX_PHOTO_BYTES });
  } catch (error) {
    deps.log.warn("photo download failed", {
      status: error instanceof LineApiError ? error.status : undefined,
      requestId: error instanceof LineApiError ? error.requestId : undefined,
      error: error instanceof Error ? error.message : String(error),
    });
    return { ok: false, reason: "fetch" };
  }
  if (!content.ok) return { ok: false, reason: "size" };
  return storePhotoBytes(deps, content.bytes, prefix);
}

export type CheckedPhoto =
  | { ok: true; photo: StoredPhoto; bytes: Uint8Array }
  | { ok: false; reason: "type" | "size" };

/** Check bytes as a JPEG or PNG and name their place under `prefix`, without keeping them yet. */
export function checkPhotoBytes(deps: Pick<AppDeps, "ids">, bytes: Uint8Array, prefix: string): CheckedPhoto {
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, reason: "size" };
  const contentType = imageTypeOf(bytes);
  if (!contentType) return { ok: false, reason: "type" };
  const id = deps.ids.uuid();
  const blobKey = `${prefix}/${id}.${contentType === "image/png" ? "png" : "jpg"}`;
  return { ok: true, photo: { id, blobKey, contentType }, bytes };
}

/** Keep a JPEG or PNG in blob storage under `prefix`; anything else is refused. */
export async function storePhotoBytes(
  deps: AppDeps,
  bytes: Uint8Array,
  prefix: string,
): Promise<PhotoResult> {
  const checked = checkPhotoBytes(deps, bytes, prefix);
  if (!checked.ok) return checked;
  await deps.blobs.put(checked.photo.blobKey, bytes, checked.photo.contentType);
  return { ok: true, photo: checked.photo };
}

export const PHOTO_PROBLEMS: Record<"type" | "size" | "fetch", string> = {
  type: "รับได้เฉพาะรูปภาพ JPEG หรือ PNG",
  size: "รูปภาพมีขนาดใหญ่เกิน 10 MB",
  fetch: "ไม่สามารถรับรูปภาพนี้ได้ โปรดส่งใหม่อีกครั้ง",
};

/** A photo kept in blob storage, as a flow's state holds it. */
export const storedPhotoSchema = z.object({
  id: z.string(),
  blobKey: z.string(),
  contentType: z.enum(["image/jpeg", "image/png"]),
});

/** Delete a flow's uploaded photos (the flow was abandoned). */
export async function discardPhotos(deps: AppDeps, photos: readonly StoredPhoto[]): Promise<void> {
  await Promise.all(photos.map((photo) => deps.blobs.delete(photo.blobKey)));
}

export interface PhotoStepOptions<D extends { photos: { photos: StoredPhoto[] } }> {
  /** The photos step's stored data (it holds the photos so far). */
  schema: z.ZodType<D["photos"]>;
  /** "รูปภาพประกอบ", "รูปภาพหลักฐาน": what the photos are, in the prompt. */
  noun: string;
  max: number;
  /** Blob key prefix, e.g. `complaints/<org>`. */
  prefix(ctx: BotContext): string;
  /** Where the flow goes after the photos (skipped, done, or the last one received). */
  next(ctx: BotContext, data: D["photos"]): StepResult<D> | Promise<StepResult<D>>;
  /** An input the flow answers in its own way at every step (e.g. a tap on another record). */
  intercept?(input: FlowInput): Reask | undefined;
}

/** A photo received and kept, or no more photos (`ข้าม`, `เสร็จ`). */
export type PhotoAnswer = { photo: StoredPhoto } | { finished: true };

/**
 * The optional photos step (CONTRACT.md): before the first photo it offers `ข้าม`; each photo is
 * fetched from LINE at once, kept, and acknowledged, and `เสร็จ` is offered until the last allowed one.
 * Beside them, LINE's camera and photo-library quick replies open the phone's camera or gallery.
 */
export function photoStep<D extends { photos: { photos: StoredPhoto[] } }>(
  options: PhotoStepOptions<D>,
): FlowStep<D, "photos", PhotoAnswer> {
  const { max } = options;
  return stepsOf<D>()("photos", {
    schema: options.schema,
    prompt: (_ctx, data) => {
      const count = data.photos.length;
      return count === 0
        ? [
            textMessage(`ส่ง${options.noun}ได้สูงสุด ${max} รูป หรือกด "${LABELS.skip}"`, [
              CHOICES.camera,
              CHOICES.cameraRoll,
              CHOICES.skip,
              CHOICES.cancel,
            ]),
          ]
        : [
            textMessage(`ได้รับรูปที่ ${count} แล้ว ส่งเพิ่มได้อีก ${max - count} รูป หรือกด "${LABELS.done}"`, [
              CHOICES.camera,
              CHOICES.cameraRoll,
              CHOICES.done,
              CHOICES.cancel,
            ]),
          ];
    },
    async parse(ctx, data, input): Promise<Parsed<PhotoAnswer>> {
      if (input.kind === "image") {
        await ctx.showLoading(10);
        const stored = await storeLinePhoto(ctx.deps, input.messageId, options.prefix(ctx));
        return stored.ok ? ok({ photo: stored.photo }) : reask(PHOTO_PROBLEMS[stored.reason]);
      }
      const intercepted = options.intercept?.(input);
      if (intercepted) return intercepted;
      if (choiceOf(input, [LABELS.skip, LABELS.done])) return ok({ finished: true as const });
      return reask(
        data.photos.length === 0
          ? `โปรดส่งรูปภาพ หรือกด "${LABELS.skip}"`
          : `โปรดส่งรูปภาพเพิ่ม หรือกด "${LABELS.done}"`,
      );
    },
    apply(ctx, data, answer) {
      if ("finished" in answer) return options.next(ctx, data);
      const photos = [...data.photos, answer.photo];
      if (photos.length < max) return { next: "photos", data: { ...data, photos } };
      ctx.reply(textMessage(`ได้รับรูปครบ ${max} รูปแล้ว`));
      return options.next(ctx, { ...data, photos });
    },
  });
}
