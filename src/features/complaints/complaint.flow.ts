import { z } from "zod";
import { complaintReceiptCard, complaintSummaryCard } from "../../../flex-templates/complaint.flex";
import { CHOICES, choiceOf, LABELS, textOf } from "../../bot/choices";
import type { BotContext } from "../../bot/context";
import { listCategories } from "../../db/repos/categories.repo";
import { setConsent } from "../../db/repos/users.repo";
import { anonymityQuestion } from "../../domain/anonymity";
import {
  CORRUPTION_CATEGORY,
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MAX_PHOTOS,
  TRACK_CHOICES,
  TRACK_LABELS,
} from "../../domain/complaints";
import { isCodedError } from "../../domain/errors";
import { graphemeCount, graphemes } from "../../domain/graphemes";
import { thaiShortDate } from "../../domain/thai-time";
import { type FlowDefinition, ok, reask, type StepResult, stepsOf } from "../../flows/engine";
import { type Choice, type Message, quickReply, textMessage } from "../../line/messages";
import { commitBeforeAnswer } from "../../services/commit";
import {
  dailyLimitError,
  dailyLimitReached,
  filedBy,
  locationSchema,
  planComplaintFiling,
  routeOf,
} from "../../services/complaint-filing.service";
import { discardPhotos, photoStep, storedPhotoSchema } from "../photos";
import { complaintView } from "./complaint-support";

// The draft, stage by stage: each step's data holds every answer the steps before it collected, so
// the summary and the filing read them without fallbacks. A general complaint carries its category
// from the category step on; a corruption complaint its anonymity from the anonymity step on.
const started = z.object({});
const general = z.object({ track: z.literal("general"), categoryId: z.string(), category: z.string() });
const corruption = z.object({ track: z.literal("corruption") });
const told = { description: z.string() };
const collected = {
  ...told,
  location: locationSchema,
  photos: z.array(storedPhotoSchema).max(MAX_PHOTOS),
};
/** Where it goes and by when, shown in the summary (worked out before the summary step). */
const preview = z.object({ unitName: z.string().nullable(), dueDate: z.string() });

const stages = {
  consent: started,
  type: started,
  category: z.object({ track: z.literal("general") }),
  description: z.discriminatedUnion("track", [general, corruption]),
  location: z.discriminatedUnion("track", [general.extend(told), corruption.extend(told)]),
  photos: z.discriminatedUnion("track", [general.extend(collected), corruption.extend(collected)]),
  anonymity: corruption.extend(collected),
  confirm: z.discriminatedUnion("track", [
    general.extend({ ...collected, preview }),
    corruption.extend({ ...collected, anonymous: z.boolean(), preview }),
  ]),
};

export type ComplaintDraft = { [S in keyof typeof stages]: z.infer<(typeof stages)[S]> };
/** A draft with every answer its track asks for, before its route is worked out. */
type Answered =
  | Extract<ComplaintDraft["photos"], { track: "general" }>
  | (ComplaintDraft["anonymity"] & { anonymous: boolean });
type Summary = ComplaintDraft["confirm"];

const step = stepsOf<ComplaintDraft>();

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
  '• สิทธิของคุณ: ขอดูข้อมูลได้โดยพิมพ์ "ข้อมูลของฉัน" และขอลบได้โดยพิมพ์ "ลบข้อมูลของฉัน"',
  "",
  "คุณยินยอมให้เก็บและใช้ข้อมูลตามนี้หรือไม่",
].join("\n");

export const OTHER_CHANNELS =
  "รับทราบ เราจะไม่เก็บข้อมูลของคุณ หากต้องการร้องเรียนช่องทางอื่น ติดต่อได้ที่สำนักงานโดยตรงในวันและเวลาราชการ หรือศูนย์ดำรงธรรม โทร 1567 (ตลอด 24 ชั่วโมง)";

/** The organisation's active categories: the category step's choices. */
function activeCategories(ctx: BotContext) {
  return listCategories(ctx.deps.db, { activeOnly: true });
}

/** Work out where the complaint goes and its answer date, then show the summary. */
async function toSummary(ctx: BotContext, draft: Answered): Promise<StepResult<ComplaintDraft>> {
  const route = await routeOf(ctx.deps, draft, ctx.now);
  if (isCodedError(route)) {
    // Its category was closed meanwhile: start over from the category (the draft's photos go).
    await discardPhotos(ctx.deps, draft.photos);
    ctx.reply(textMessage("ประเภทที่เลือกไว้ถูกปิดใช้งานแล้ว โปรดเลือกประเภทของปัญหาอีกครั้ง"));
    return { next: "category", data: { track: "general" } };
  }
  const routed = { unitName: route.unitName, dueDate: route.dueDate };
  return { next: "confirm", data: { ...draft, preview: routed } };
}

/** Past the day's limit, a polite refusal (checked at the start and again on `ยืนยัน`). */
export function overDailyLimit(ctx: BotContext): Promise<boolean> {
  return dailyLimitReached(ctx.deps, ctx.user.lineUserId, ctx.now);
}

export const DAILY_LIMIT_MESSAGE = dailyLimitError().thai;

/**
 * `ยืนยัน`: file the complaint. Its rows are committed before the answer (`commitBeforeAnswer`: the
 * receipt needs the tracking code its INSERT computes); the handlers' pushes, the receipt and the
 * flow's end go with the event's commit.
 */
async function file(ctx: BotContext, draft: Summary): Promise<StepResult<ComplaintDraft>> {
  const { deps } = ctx;
  const sourceEventId = ctx.event.webhookEventId;
  const filing = await planComplaintFiling(
    deps,
    { complaint: draft, lineUserId: ctx.user.lineUserId, sourceEventId },
    ctx.actor,
  );
  if (!filing.ok) {
    if (filing.error.code !== "filing.daily_limit") return reask(filing.error.thai);
    ctx.reply(textMessage(filing.error.thai, [CHOICES.track]));
    await discardPhotos(deps, draft.photos);
    return { done: true };
  }
  const complaint = await commitBeforeAnswer(deps, filing.plan, ctx.actor, () =>
    filedBy(deps, sourceEventId),
  );
  ctx.apply(await filing.value.notices(complaint));
  ctx.reply(complaintReceiptCard(await complaintView(deps, complaint), deps.config.orgName));
  return { done: true };
}

function withChoices(message: Message, choices: Parameters<typeof quickReply>[0]): Message {
  return { ...message, quickReply: quickReply(choices) };
}

const consent = step("consent", {
  schema: stages.consent,
  prompt: () => [textMessage(PRIVACY_NOTICE, [CHOICES.consent, CHOICES.noConsent])],
  parse(_ctx, _data, input) {
    const answer = choiceOf(input, [LABELS.consent, LABELS.noConsent]);
    return answer ? ok(answer) : reask(`โปรดกด "${LABELS.consent}" หรือ "${LABELS.noConsent}"`);
  },
  apply(ctx, data, answer) {
    if (answer === LABELS.noConsent) {
      ctx.reply(textMessage(OTHER_CHANNELS, [CHOICES.menu]));
      return { done: true };
    }
    ctx.write(setConsent(ctx.deps.db, ctx.user.lineUserId, ctx.now));
    return { next: "type", data };
  },
});

const type = step("type", {
  schema: stages.type,
  prompt: () => [
    textMessage(
      `ต้องการแจ้งเรื่องประเภทใด\n• ${TRACK_CHOICES.general}: ปัญหาความเดือดร้อน เช่น ถนน ไฟฟ้า น้ำประปา ขยะ\n• ${TRACK_CHOICES.corruption}: การทุจริตหรือประพฤติมิชอบของเจ้าหน้าที่ (เก็บตัวตนผู้ร้องเป็นความลับ)`,
      [{ label: TRACK_CHOICES.general }, { label: TRACK_CHOICES.corruption }, CHOICES.cancel],
    ),
  ],
  parse(_ctx, _data, input) {
    const text = textOf(input);
    // CONTRACT.md: a choice whose label contains ทุจริต is the corruption kind.
    if (text?.includes("ทุจริต")) return ok("corruption" as const);
    if (text === TRACK_CHOICES.general || text?.includes("ร้องทุกข์")) return ok("general" as const);
    return reask("โปรดเลือกประเภทเรื่องจากปุ่มด้านล่าง");
  },
  apply: (_ctx, _data, track) =>
    track === "corruption" ? { next: "description", data: { track } } : { next: "category", data: { track } },
});

const category = step("category", {
  schema: stages.category,
  prompt: async (ctx) => [
    textMessage("เลือกประเภทของปัญหา", [
      ...(await activeCategories(ctx)).slice(0, 12).map((c) => choiceFor(c.name)),
      CHOICES.cancel,
    ]),
  ],
  async parse(ctx, _data, input) {
    const text = textOf(input);
    const found = text ? (await activeCategories(ctx)).find((c) => c.name === text) : undefined;
    return found ? ok(found) : reask("โปรดเลือกประเภทของปัญหาจากปุ่มด้านล่าง");
  },
  apply: (_ctx, data, picked) => ({
    next: "description",
    data: { ...data, categoryId: picked.id, category: picked.name },
  }),
});

const description = step("description", {
  schema: stages.description,
  prompt: (_ctx, data) => [
    textMessage(
      data.track === "corruption"
        ? "โปรดเล่าเรื่องที่ต้องการร้องเรียน: เกิดอะไรขึ้น เมื่อไร ที่ไหน และเกี่ยวข้องกับใคร (ตำแหน่งหรือหน่วยงาน)"
        : `โปรดเล่ารายละเอียดปัญหา (${data.category}): เกิดอะไรขึ้น ที่ไหน ตั้งแต่เมื่อไร`,
      [CHOICES.cancel],
    ),
  ],
  parse(_ctx, _data, input) {
    const text = textOf(input);
    if (text === undefined) return reask("โปรดพิมพ์รายละเอียดเป็นข้อความ");
    if (graphemeCount(text) < DESCRIPTION_MIN)
      return reask(`รายละเอียดสั้นเกินไป โปรดเล่าอย่างน้อย ${DESCRIPTION_MIN} ตัวอักษร`);
    if (text.length > DESCRIPTION_MAX)
      return reask(`รายละเอียดยาวเกิน ${DESCRIPTION_MAX} ตัวอักษร โปรดสรุปให้สั้นลง`);
    return ok(text);
  },
  apply: (_ctx, data, text) => ({ next: "location", data: { ...data, description: text } }),
});

const location = step("location", {
  schema: stages.location,
  prompt: () => [
    textMessage(`ส่งตำแหน่งที่เกิดเหตุได้โดยกด "${LABELS.sendLocation}" หรือกด "${LABELS.skip}" หากไม่ต้องการระบุ`, [
      CHOICES.sendLocation,
      CHOICES.skip,
      CHOICES.cancel,
    ]),
  ],
  parse(_ctx, _data, input) {
    if (input.kind === "location") {
      const address = input.address ?? input.title;
      const place = { latitude: input.latitude, longitude: input.longitude };
      return ok({ ...place, address: address ? address.slice(0, 500) : null });
    }
    if (choiceOf(input, [LABELS.skip])) return ok(null);
    return reask(`โปรดกด "${LABELS.sendLocation}" เพื่อส่งตำแหน่ง หรือกด "${LABELS.skip}"`);
  },
  apply: (_ctx, data, place) => ({ next: "photos", data: { ...data, location: place, photos: [] } }),
});

const photos = photoStep<ComplaintDraft>({
  schema: stages.photos,
  noun: "รูปภาพประกอบ",
  max: MAX_PHOTOS,
  prefix: (ctx) => `complaints/${ctx.deps.orgId}`,
  next: (ctx, data) => (data.track === "corruption" ? { next: "anonymity", data } : toSummary(ctx, data)),
});

const anonymity = step("anonymity", {
  schema: stages.anonymity,
  prompt: () => [textMessage(anonymityQuestion(), [CHOICES.anonymous, CHOICES.identified, CHOICES.cancel])],
  parse(_ctx, _data, input) {
    const answer = choiceOf(input, [LABELS.anonymous, LABELS.identified]);
    return answer
      ? ok(answer === LABELS.anonymous)
      : reask(`โปรดกด "${LABELS.anonymous}" หรือ "${LABELS.identified}"`);
  },
  apply: (ctx, data, anonymous) => toSummary(ctx, { ...data, anonymous }),
});

const confirm = step("confirm", {
  schema: stages.confirm,
  prompt: (_ctx, data) => [
    withChoices(
      complaintSummaryCard({
        trackLabel: TRACK_LABELS[data.track],
        category: data.track === "corruption" ? CORRUPTION_CATEGORY : data.category,
        description: data.description,
        address: data.location ? (data.location.address ?? "ตำแหน่งที่ส่งมา") : null,
        photoCount: data.photos.length,
        anonymity:
          data.track === "corruption" ? (data.anonymous ? LABELS.anonymous : LABELS.identified) : null,
        unitName: data.preview.unitName,
        dueDate: thaiShortDate(data.preview.dueDate),
      }),
      [CHOICES.confirm, CHOICES.cancel],
    ),
  ],
  parse: (_ctx, _data, input) =>
    choiceOf(input, [LABELS.confirm])
      ? ok(true)
      : reask(`โปรดกด "${LABELS.confirm}" เพื่อส่งเรื่อง หรือ "${LABELS.cancel}"`),
  apply: (ctx, data) => file(ctx, data),
});

/** ร้องเรียน: consent (once) → type → category → description → location → photos → anonymity → summary. */
export const complaintFlow: FlowDefinition<ComplaintDraft, "consent"> = {
  name: "complaint",
  // 2: the draft is stored by stage (v1 kept one shape with every answer optional).
  version: 2,
  first: "consent",
  initial: () => ({}),
  discard: (ctx, data) => ("photos" in data ? discardPhotos(ctx.deps, data.photos) : Promise.resolve()),
  steps: { consent, type, category, description, location, photos, anonymity, confirm },
};
