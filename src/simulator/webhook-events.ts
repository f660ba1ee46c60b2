/**
 * Webhook events as LINE sends them (webhook.yml), for the simulator and the tests.
 * Ids are random; `timestamp` is the event time in ms.
 */
export interface EventBase {
  userId: string;
  timestamp: number;
  replyToken?: string;
  webhookEventId?: string;
  mode?: "active" | "standby";
}

export type UserAction =
  | { type: "text"; text: string }
  /** `displayText` is what LINE shows as the user's message; it is not part of the webhook event. */
  | { type: "postback"; data: string; displayText?: string; params?: Record<string, string> }
  | { type: "location"; latitude: number; longitude: number; address?: string; title?: string }
  | { type: "image"; messageId?: string }
  | { type: "sticker" }
  | { type: "follow"; isUnblocked?: boolean }
  | { type: "unfollow" };

function randomId(length: number, alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = "";
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export const newWebhookEventId = () => `01${randomId(24)}`;
export const newMessageId = () => randomId(18, "0123456789");
export const newLineUserId = () => `U${randomId(32, "0123456789abcdef")}`;

export function webhookEvent(action: UserAction, base: EventBase): Record<string, unknown> {
  const common = {
    mode: base.mode ?? "active",
    timestamp: base.timestamp,
    source: { type: "user", userId: base.userId },
    webhookEventId: base.webhookEventId ?? newWebhookEventId(),
    deliveryContext: { isRedelivery: false },
  };
  const replyable =
    base.mode === "standby" ? {} : { replyToken: base.replyToken ?? randomId(32, "0123456789abcdef") };
  switch (action.type) {
    case "text":
      return {
        type: "message",
        ...common,
        ...replyable,
        message: { id: newMessageId(), type: "text", text: action.text, quoteToken: randomId(20) },
      };
    case "postback":
      return {
        type: "postback",
        ...common,
        ...replyable,
        // A picker's choice (datetimepicker: `{date}`) arrives beside the data, as LINE sends it.
        postback: { data: action.data, ...(action.params ? { params: action.params } : {}) },
      };
    case "location":
      return {
        type: "message",
        ...common,
        ...replyable,
        message: {
          id: newMessageId(),
          type: "location",
          latitude: action.latitude,
          longitude: action.longitude,
          ...(action.address ? { address: action.address } : {}),
          ...(action.title ? { title: action.title } : {}),
        },
      };
    case "image":
      return {
        type: "message",
        ...common,
        ...replyable,
        message: { id: action.messageId ?? newMessageId(), type: "image", contentProvider: { type: "line" } },
      };
    case "sticker":
      return {
        type: "message",
        ...common,
        ...replyable,
        message: {
          id: newMessageId(),
          type: "sticker",
          packageId: "446",
          stickerId: "1988",
          stickerResourceType: "STATIC",
        },
      };
    case "follow":
      return {
        type: "follow",
        ...common,
        ...replyable,
        follow: { isUnblocked: action.isUnblocked === true },
      };
    case "unfollow":
      return { type: "unfollow", ...common };
  }
}

export function webhookBody(
  events: Array<Record<string, unknown>>,
  destination = `U${"0".repeat(32)}`,
): string {
  return JSON.stringify({ destination, events });
}
