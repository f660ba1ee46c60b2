import { z } from "zod";

/** Upper bounds for what we accept from the webhook; LINE stays far below them. */
export const WEBHOOK_LIMITS = { bodyBytes: 1_000_000, events: 500 } as const;

const lineId = z.string().min(1).max(100);

const source = z.looseObject({
  type: z.string().max(20),
  userId: lineId.optional(),
  groupId: lineId.optional(),
  roomId: lineId.optional(),
});

/**
 * The envelope and the fields every event shares. Extra properties and unknown event types
 * pass through: LINE adds them without notice, and they are stored and ignored, not rejected.
 */
export const webhookEventSchema = z.looseObject({
  type: z.string().min(1).max(64),
  mode: z.string().max(32).default("active"),
  timestamp: z.number().int().nonnegative(),
  source: source.optional(),
  webhookEventId: z.string().min(1).max(64),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
});

export const webhookBodySchema = z.looseObject({
  destination: z.string().max(100),
  events: z.array(webhookEventSchema).max(WEBHOOK_LIMITS.events),
});

export type WebhookEvent = z.output<typeof webhookEventSchema>;

/** The chat an event belongs to: its user, group or room. Events of one chat are handled in order. */
export function chatKeyOf(event: WebhookEvent): string {
  const s = event.source;
  return s?.userId ?? s?.groupId ?? s?.roomId ?? "-";
}

// The events the bot acts on. Parsed after the 200, from the stored payload.
const replyable = { replyToken: z.string().min(1).max(200).optional() };

const textContent = z.looseObject({ type: z.literal("text"), id: z.string(), text: z.string().max(10_000) });
const imageContent = z.looseObject({
  type: z.literal("image"),
  id: z.string(),
  contentProvider: z.looseObject({ type: z.string() }).optional(),
  imageSet: z
    .looseObject({ id: z.string(), index: z.number().optional(), total: z.number().optional() })
    .optional(),
});
const locationContent = z.looseObject({
  type: z.literal("location"),
  id: z.string(),
  title: z.string().max(1000).nullish(),
  address: z.string().max(1000).nullish(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
const otherContent = z.looseObject({ type: z.string(), id: z.string() });

export const messageContentSchema = z.union([textContent, imageContent, locationContent, otherContent]);

export const messageEventSchema = webhookEventSchema.extend({
  type: z.literal("message"),
  ...replyable,
  message: messageContentSchema,
});
export const postbackEventSchema = webhookEventSchema.extend({
  type: z.literal("postback"),
  ...replyable,
  postback: z.looseObject({
    data: z.string().max(300),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
});
export const followEventSchema = webhookEventSchema.extend({ type: z.literal("follow"), ...replyable });
export const unfollowEventSchema = webhookEventSchema.extend({ type: z.literal("unfollow") });

export const handledEventSchema = z.discriminatedUnion("type", [
  messageEventSchema,
  postbackEventSchema,
  followEventSchema,
  unfollowEventSchema,
]);

export type HandledEvent = z.output<typeof handledEventSchema>;
export type MessageEvent = z.output<typeof messageEventSchema>;
export type MessageContent = z.output<typeof messageContentSchema>;
export const HANDLED_EVENT_TYPES = new Set(["message", "postback", "follow", "unfollow"]);
