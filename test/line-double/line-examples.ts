/**
 * Message objects from LINE's Messaging API documentation (reference examples and
 * the "Restaurant" Flex showcase), used to prove the double accepts what LINE accepts.
 */
import type { messagingApi } from "@line/bot-sdk";

const STAR = "https://developers-resource.landpress.line.me/fx/img/review_gold_star_28.png";
const GRAY_STAR = "https://developers-resource.landpress.line.me/fx/img/review_gray_star_28.png";

function infoRow(label: string, value: string): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "baseline",
    spacing: "sm",
    contents: [
      { type: "text", text: label, color: "#aaaaaa", size: "sm", flex: 1 },
      { type: "text", text: value, wrap: true, color: "#666666", size: "sm", flex: 5 },
    ],
  };
}

/** The "Restaurant" (Brown Cafe) showcase bubble. */
export const restaurantBubble: messagingApi.FlexBubble = {
  type: "bubble",
  hero: {
    type: "image",
    url: "https://developers-resource.landpress.line.me/fx/img/01_1_cafe.png",
    size: "full",
    aspectRatio: "20:13",
    aspectMode: "cover",
    action: { type: "uri", uri: "https://line.me/" },
  },
  body: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "text", text: "Brown Cafe", weight: "bold", size: "xl" },
      {
        type: "box",
        layout: "baseline",
        margin: "md",
        contents: [
          { type: "icon", size: "sm", url: STAR },
          { type: "icon", size: "sm", url: STAR },
          { type: "icon", size: "sm", url: STAR },
          { type: "icon", size: "sm", url: STAR },
          { type: "icon", size: "sm", url: GRAY_STAR },
          { type: "text", text: "4.0", size: "sm", color: "#999999", margin: "md", flex: 0 },
        ],
      },
      {
        type: "box",
        layout: "vertical",
        margin: "lg",
        spacing: "sm",
        contents: [infoRow("Place", "Flex Tower, 7-7-4 Midori-ku, Tokyo"), infoRow("Time", "10:00 - 23:00")],
      },
    ],
  },
  footer: {
    type: "box",
    layout: "vertical",
    spacing: "sm",
    contents: [
      {
        type: "button",
        style: "link",
        height: "sm",
        action: { type: "uri", label: "CALL", uri: "https://line.me/" },
      },
      {
        type: "button",
        style: "link",
        height: "sm",
        action: { type: "uri", label: "WEBSITE", uri: "https://line.me/" },
      },
      { type: "box", layout: "vertical", contents: [], margin: "sm" },
    ],
    flex: 0,
  },
};

/** Reference › Flex Message example. */
export const helloWorldFlex: messagingApi.FlexMessage = {
  type: "flex",
  altText: "this is a flex message",
  contents: {
    type: "bubble",
    body: {
      type: "box",
      layout: "vertical",
      contents: [
        { type: "text", text: "hello" },
        { type: "text", text: "world" },
      ],
    },
  },
};

function simpleBubble(text: string): messagingApi.FlexBubble {
  return { type: "bubble", body: { type: "box", layout: "vertical", contents: [{ type: "text", text }] } };
}

/** Reference › Carousel example, with `count` bubbles. */
export function carouselMessage(count: number): messagingApi.FlexMessage {
  return {
    type: "flex",
    altText: "this is a carousel",
    contents: {
      type: "carousel",
      contents: Array.from({ length: count }, (_, i) => simpleBubble(`Bubble ${i + 1}`)),
    },
  };
}

/** Reference › Quick reply example. */
export const quickReplyText: messagingApi.TextMessage = {
  type: "text",
  text: "Select your favorite food category or send me your location!",
  quickReply: {
    items: [
      {
        type: "action",
        imageUrl: "https://example.com/sushi.png",
        action: { type: "message", label: "Sushi", text: "Sushi" },
      },
      {
        type: "action",
        imageUrl: "https://example.com/tempura.png",
        action: { type: "message", label: "Tempura", text: "Tempura" },
      },
      { type: "action", action: { type: "location", label: "Send location" } },
    ],
  },
};

/** Reference › Rich menu object example (2500×1686, one area). */
export const richMenuRequest: messagingApi.RichMenuRequest = {
  size: { width: 2500, height: 1686 },
  selected: false,
  name: "Nice richmenu",
  chatBarText: "Tap to open",
  areas: [
    {
      bounds: { x: 0, y: 0, width: 2500, height: 1686 },
      action: { type: "postback", data: "action=buy&itemid=123" },
    },
  ],
};
