import { z } from "zod";
import { complaintReceiptCard, complaintSummaryCard } from "../../../flex-templates/complaint.flex";
import type { BotContext } from "../../bot/context";
import { findCategory, listCategories } from "../../db/repos/categories.repo";
import { countComplaintsOfUserSince, fileComplaint } from "../../db/repos/complaints.repo";
import { setConsent } from "../../db/repos/users.repo";
import {
  CORRUPTION_CATEGORY,
  DAILY_COMPLAINT_LIMIT,
  DEFAULT_DEADLINE_DAYS,
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MAX_PHOTOS,
  TRACK_CHOICES,
  TRACK_LABELS,
  TRACKS,
} from "../../domain/complaints";
import { graphemeCount, graphemes } from "../../domain/graphemes";
import { fiscalYearOf, localDate, startOfLocalDay, thaiShortDate } from "../../domain/thai-time";
import type { FlowDefinition, FlowInput, StepResult } from "../../flows/engine";
import { type Choice, type Message, quickReply, textMessage } from "../../line/messages";
import { discardPhotos, photoStep, storedPhotoSchema } from "../photos";
import { complaintView, dueDateFor, handlersOf, unitNameOf } from "./complaint-support";

const draftSchema = z.object({
  track: z.enum(TRACKS).optional(),
  categoryId: z.string().optional(),
  category: z.string().optional(),
  description: z.string().optional(),
  location: z
    .object({ latitude: z.number(), longitude: z.number(), address: z.string().nullable() })
    .nullable()
    .optional(),
  photos: z.array(storedPhotoSchema).max(MAX_PHOTOS),
  anonymous: z.boolean().optional(),
  /** Shown in the summary: where it goes and by when (worked out before the summary step). */
  preview: z.object({ unitName: z.string().nullable(), dueDate: z.string() }).optional(),
});

export type ComplaintDraft = z.infer<typeof draftSchema>;

const CONSENT = "ยินยอม";
const NO_CONSENT = "ไม่ยินยอม";
const SKIP = "ข้าม";
const CONFIRM = "ยืนยัน";
const CANCEL = "ยกเลิก";
const ANONYMOUS = "ไม่ประสงค์ออกนาม";
const IDENTIFIED = "เปิดเผยตัวตน";

const textOf = (input: FlowInput) => (input.kind === "text" ? input.text.trim() : undefined);

/** A quick-reply label is at most 20 characters; the full name is what the tap sends. */
function choiceFor(name: string): Choice {
  const chars = graphemes(name);
  return { label: chars.length > 20 ? `${chars.slice(0, 19).join("")}…` : name, text: name };
}

export const PRIVACY_NOTICE = [
  "ก่อนแจ้งเรื่อง โปรดอ่านการคุ้มครองข้อมูลส่วนบุคคล",
  "",
  "• ข้อมูลที่เก็บ: รหัสผู้ใช้ LINE รายละเอียดเรื่อง รูปภาพ และตำแหน่งที่คุณส่ง",
  "• เพื่อ: รับเรื่อง ส่งให้หน่วยงานที่รับผิดชอบ และแจ้งความคืบหน้ากลับถึงคุณ",
  "• ผู้เห็นข้อมูล: เจ้าหน้าที่ผู้รับผิดชอบเรื่องเท่านั้น เรื่องร้องเรียนการทุจริตเก็บตัวตนผู้ร้องเป็นความลับ ไม่เปิดเผยต่อผู้ใดในหน่วยงาน",
  "• ระยะเวลาเก็บ: รูปภาพและข้อมูลติดต่อเก็บไม่เกิน 2 ปีหลังปิดเรื่อง",
  '• สิทธิของคุณ: ขอดูหรือขอลบข้อมูลได้ โดยพิมพ์ "ลบข้อมูลของฉัน"',
  "",
  "คุณยินยอมให้เก็บและใช้ข้อมูลตามนี้หรือไม่",
].join("\n");

export const OTHER_CHANNELS =
  "รับทราบ เราจะไม่เก็บข้อมูลของคุณ หากต้องการร้องเรียนช่องทางอื่น ติดต่อได้ที่สำนักงานโดยตรงในวันและเวลาราชการ หรือศูนย์ดำรงธรรม โทร 1567 (ตลอด 24 ชั่วโมง)";

/** The category step's choices: the organisation's active categories. */
async function categoryChoices(ctx: BotContext): Promise<Choice[]> {
  const categories = await listCategories(ctx.deps.db, ctx.deps.orgId, { activeOnly: true });
  return categories.slice(0, 12).map((category) => choiceFor(category.name));
}

/** Work out where the complaint goes and its answer date, then show the summary. */
async function toSummary(ctx: BotContext, data: ComplaintDraft): Promise<StepResult<ComplaintDraft>> {
  if (data.track === "corruption") {
    const dueDate = await dueDateFor(ctx.deps, ctx.now, DEFAULT_DEADLINE_DAYS);
    return { next: "confirm", data: { ...data, preview: { unitName: null, dueDate } } };
  }
  const category = data.categoryId
    ? await findCategory(ctx.deps.db, ctx.deps.orgId, data.categoryId)
    : undefined;
  if (!category?.active) return { next: "category", data: { ...data, categoryId: undefined } };
  const dueDate = await dueDateFor(ctx.deps, ctx.now, category.deadlineDays);
  const unitName = await unitNameOf(ctx.deps, category.unitId);
  return { next: "confirm", data: { ...data, preview: { unitName, dueDate } } };
}

function afterPhotos(
  ctx: BotContext,
  data: ComplaintDraft,
): StepResult<ComplaintDraft> | Promise<StepResult<ComplaintDraft>> {
  return data.track === "corruption" ? { next: "anonymity", data } : toSummary(ctx, data);
}

/** Past the day's limit, a polite refusal (checked at the start and again on `ยืนยัน`). */
export async function overDailyLimit(ctx: BotContext): Promise<boolean> {
  const since = startOfLocalDay(localDate(ctx.now, ctx.deps.config.timeZone), ctx.deps.config.timeZone);
  const filed = await countComplaintsOfUserSince(ctx.deps.db, ctx.deps.orgId, ctx.user.lineUserId, since);
  return filed >= DAILY_COMPLAINT_LIMIT;
}

export const DAILY_LIMIT_MESSAGE = `ขออภัย วันนี้คุณแจ้งเรื่องครบ ${DAILY_COMPLAINT_LIMIT} เรื่องแล้ว ซึ่งเป็นจำนวนสูงสุดต่อวัน โปรดแจ้งเรื่องใหม่ได้ในวันพรุ่งนี้ หรือพิมพ์ "ติดตามเรื่อง" เพื่อดูเรื่องที่แจ้งไว้`;

async function file(ctx: BotContext, data: ComplaintDraft): Promise<StepResult<ComplaintDraft>> {
  const { deps, now } = ctx;
  if (await overDailyLimit(ctx)) {
    ctx.reply(textMessage(DAILY_LIMIT_MESSAGE, [{ label: "ติดตามเรื่อง" }]));
    return { done: true };
  }
  const track = data.track ?? "general";
  let categoryName = CORRUPTION_CATEGORY;
  let routedUnitId: string | null = null;
  let deadlineDays = DEFAULT_DEADLINE_DAYS;
  if (track === "general") {
    const category = data.categoryId ? await findCategory(deps.db, deps.orgId, data.categoryId) : undefined;
    if (!category?.active) {
      return { reask: "ประเภทเรื่องที่เลือกไว้ถูกปิดใช้งานแล้ว โปรดเริ่มใหม่โดยพิมพ์ ร้องเรียน หรือกด ยกเลิก" };
    }
    categoryName = category.name;
    routedUnitId = category.unitId;
    deadlineDays = category.deadlineDays;
  }
  let displayName: string | null = null;
  if (track === "corruption" && data.anonymous === false) {
    // Identified, yet sealed: kept for the integrity officers' formal process, never shown in the product.
    displayName = await deps.line.messaging
      .getProfile(ctx.user.lineUserId)
      .then((profile) => profile.displayName)
      .catch(() => null);
  }
  const complaint = await fileComplaint(deps.db, {
    orgId: deps.orgId,
    sourceEventId: ctx.event.webhookEventId,
    track,
    fiscalYear: fiscalYearOf(now, deps.config.timeZone),
    categoryId: track === "general" ? (data.categoryId ?? null) : null,
    category: categoryName,
    description: data.description ?? "",
    location: data.location ?? null,
    routedUnitId,
    anonymous: track === "corruption" ? data.anonymous !== false : false,
    createdAt: now,
    dueDate: await dueDateFor(deps, now, deadlineDays),
    lineUserId: ctx.user.lineUserId,
    displayName,
    photos: data.photos,
    receivedBy: "ระบบ",
    receivedNote: "รับเรื่องผ่าน LINE",
  });
  ctx.reply(complaintReceiptCard(await complaintView(deps, complaint), deps.config.orgName));
  const handlers = await handlersOf(deps, complaint);
  const notice = textMessage(
    `มีเรื่องใหม่ ${complaint.trackingCode} (${complaint.category}) ตอบภายใน ${thaiShortDate(complaint.dueDate)}`,
    [{ label: "งานร้องเรียน" }],
  );
  for (const to of handlers) ctx.push(to, notice);
  return { done: true };
}

function withChoices(message: Message, choices: Parameters<typeof quickReply>[0]): Message {
  return { ...message, quickReply: quickReply(choices) };
}

/** ร้องเรียน: consent (once) → type → category → description → location → photos → anonymity → summary. */
export const complaintFlow: FlowDefinition<ComplaintDraft> = {
  name: "complaint",
  version: 1,
  schema: draftSchema,
  first: "consent",
  initial: () => ({ photos: [] }),
  discard: (ctx, data) => discardPhotos(ctx.deps, data.photos),
  steps: {
    consent: {
      prompt: () => [textMessage(PRIVACY_NOTICE, [{ label: CONSENT }, { label: NO_CONSENT }])],
      handle(ctx, data, input) {
        const text = textOf(input);
        if (text === CONSENT) {
          ctx.write(setConsent(ctx.deps.db, ctx.deps.orgId, ctx.user.lineUserId, ctx.now));
          return { next: "type", data };
        }
        if (text === NO_CONSENT) {
          ctx.reply(textMessage(OTHER_CHANNELS, [{ label: "เมนู" }]));
          return { done: true };
        }
        return { reask: `โปรดกด "${CONSENT}" หรือ "${NO_CONSENT}"` };
      },
    },
    type: {
      prompt: () => [
        textMessage(
          `ต้องการแจ้งเรื่องประเภทใด\n• ${TRACK_CHOICES.general}: ปัญหาความเดือดร้อน เช่น ถนน ไฟฟ้า น้ำประปา ขยะ\n• ${TRACK_CHOICES.corruption}: การทุจริตหรือประพฤติมิชอบของเจ้าหน้าที่ (เก็บตัวตนผู้ร้องเป็นความลับ)`,
          [{ label: TRACK_CHOICES.general }, { label: TRACK_CHOICES.corruption }, { label: CANCEL }],
        ),
      ],
      handle(_ctx, data, input) {
        const text = textOf(input);
        if (text?.includes("ทุจริต")) return { next: "description", data: { ...data, track: "corruption" } };
        if (text === TRACK_CHOICES.general || text?.includes("ร้องทุกข์")) {
          return { next: "category", data: { ...data, track: "general" } };
        }
        return { reask: "โปรดเลือกประเภทเรื่องจากปุ่มด้านล่าง" };
      },
    },
    category: {
      prompt: async (ctx) => [
        textMessage("เลือกประเภทของปัญหา", [...(await categoryChoices(ctx)), { label: CANCEL }]),
      ],
      async handle(ctx, data, input) {
        const text = textOf(input);
        const categories = await listCategories(ctx.deps.db, ctx.deps.orgId, { activeOnly: true });
        const category = text ? categories.find((c) => c.name === text) : undefined;
        if (!category) return { reask: "โปรดเลือกประเภทของปัญหาจากปุ่มด้านล่าง" };
        return { next: "description", data: { ...data, categoryId: category.id, category: category.name } };
      },
    },
    description: {
      prompt: (_ctx, data) => [
        textMessage(
          data.track === "corruption"
            ? "โปรดเล่าเรื่องที่ต้องการร้องเรียน: เกิดอะไรขึ้น เมื่อไร ที่ไหน และเกี่ยวข้องกับใคร (ตำแหน่งหรือหน่วยงาน)"
            : `โปรดเล่ารายละเอียดปัญหา${data.category ? ` (${data.category})` : ""}: เกิดอะไรขึ้น ที่ไหน ตั้งแต่เมื่อไร`,
          [{ label: CANCEL }],
        ),
      ],
      handle(_ctx, data, input) {
        const text = textOf(input);
        if (text === undefined) return { reask: "โปรดพิมพ์รายละเอียดเป็นข้อความ" };
        const length = graphemeCount(text);
        if (length < DESCRIPTION_MIN)
          return { reask: `รายละเอียดสั้นเกินไป โปรดเล่าอย่างน้อย ${DESCRIPTION_MIN} ตัวอักษร` };
        if (text.length > DESCRIPTION_MAX)
          return { reask: `รายละเอียดยาวเกิน ${DESCRIPTION_MAX} ตัวอักษร โปรดสรุปให้สั้นลง` };
        return { next: "location", data: { ...data, description: text } };
      },
    },
    location: {
      prompt: () => [
        textMessage('ส่งตำแหน่งที่เกิดเหตุได้โดยกด "ส่งตำแหน่ง" หรือกด "ข้าม" หากไม่ต้องการระบุ', [
          { type: "location", label: "ส่งตำแหน่ง" },
          { label: SKIP },
          { label: CANCEL },
        ]),
      ],
      handle(_ctx, data, input) {
        if (input.kind === "location") {
          const address = input.address ?? input.title;
          return {
            next: "photos",
            data: {
              ...data,
              location: {
                latitude: input.latitude,
                longitude: input.longitude,
                address: address ? address.slice(0, 500) : null,
              },
            },
          };
        }
        if (textOf(input) === SKIP) return { next: "photos", data: { ...data, location: null } };
        return { reask: 'โปรดกด "ส่งตำแหน่ง" เพื่อส่งตำแหน่ง หรือกด "ข้าม"' };
      },
    },
    photos: photoStep<ComplaintDraft>({
      noun: "รูปภาพประกอบ",
      max: MAX_PHOTOS,
      prefix: (ctx) => `complaints/${ctx.deps.orgId}`,
      next: afterPhotos,
    }),
    anonymity: {
      prompt: () => [
        textMessage(
          `ต้องการเปิดเผยตัวตนหรือไม่\n• ${ANONYMOUS}: ไม่เก็บชื่อหรือเบอร์โทรใด ๆ คุณยังติดตามเรื่องได้ทาง LINE นี้\n• ${IDENTIFIED}: เก็บชื่อ LINE ของคุณไว้เป็นความลับสำหรับเจ้าหน้าที่ตรวจสอบภายใน ช่วยให้สอบข้อเท็จจริงได้ง่ายขึ้น\nทั้งสองแบบ ไม่มีผู้ใดในหน่วยงานเห็นว่าใครเป็นผู้ร้อง`,
          [{ label: ANONYMOUS }, { label: IDENTIFIED }, { label: CANCEL }],
        ),
      ],
      handle(ctx, data, input) {
        const text = textOf(input);
        if (text === ANONYMOUS) return toSummary(ctx, { ...data, anonymous: true });
        if (text === IDENTIFIED) return toSummary(ctx, { ...data, anonymous: false });
        return { reask: `โปรดกด "${ANONYMOUS}" หรือ "${IDENTIFIED}"` };
      },
    },
    confirm: {
      prompt: (_ctx, data) => [
        withChoices(
          complaintSummaryCard({
            trackLabel: TRACK_LABELS[data.track ?? "general"],
            category: data.track === "corruption" ? CORRUPTION_CATEGORY : (data.category ?? ""),
            description: data.description ?? "",
            address: data.location ? (data.location.address ?? "ตำแหน่งที่ส่งมา") : null,
            photoCount: data.photos.length,
            anonymity:
              data.track === "corruption" ? (data.anonymous === false ? IDENTIFIED : ANONYMOUS) : null,
            unitName: data.preview?.unitName ?? null,
            dueDate: data.preview ? thaiShortDate(data.preview.dueDate) : "-",
          }),
          [{ label: CONFIRM }, { label: CANCEL }],
        ),
      ],
      handle(ctx, data, input) {
        if (textOf(input) === CONFIRM) return file(ctx, data);
        return { reask: `โปรดกด "${CONFIRM}" เพื่อส่งเรื่อง หรือ "${CANCEL}"` };
      },
    },
  },
};
