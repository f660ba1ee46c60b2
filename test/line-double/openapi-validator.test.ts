import { beforeAll, describe, expect, it } from "vitest";
import { checkMessageLimits, validateMessages } from "../../src/line-double/message-limits";
import {
  createOpenApiValidator,
  graphemeLength,
  loadMessagingApiSpec,
  type OpenApiValidator,
} from "../../src/line-double/openapi-validator";
import { carouselMessage, helloWorldFlex, quickReplyText, restaurantBubble } from "./line-examples";

let validator: OpenApiValidator;

beforeAll(async () => {
  validator = createOpenApiValidator(await loadMessagingApiSpec());
});

const THAI_20_GRAPHEMES = "แจ้งเรื่องร้องเรียนถนนชำรุด";

function quickReplyItem(label: string) {
  return { type: "action", action: { type: "message", label, text: label } };
}

describe("openapi validator on LINE's spec", () => {
  it("accepts LINE's documented examples", () => {
    const messages = [
      { type: "text", text: "Hello, world" },
      helloWorldFlex,
      { type: "flex", altText: "Brown Cafe", contents: restaurantBubble },
      carouselMessage(2),
      quickReplyText,
    ];
    expect(validateMessages(validator, messages)).toEqual([]);
  });

  it("dispatches on the discriminator and rejects an unknown message type", () => {
    expect(validator.validate("Message", { type: "hologram", text: "hi" }, "messages[0]")).toEqual([
      { property: "messages[0].type", message: expect.stringContaining('unknown type "hologram"') },
    ]);
  });

  it("checks the concrete schema's required fields and the base schema's properties", () => {
    expect(validator.validate("Message", { type: "flex", contents: restaurantBubble })).toEqual([
      { property: "altText", message: "must be specified" },
    ]);
    const issues = validator.validate("Message", { type: "text", text: "x", sender: { name: 5 } });
    expect(issues).toEqual([{ property: "sender.name", message: "must be of type string" }]);
  });

  it("reports unknown properties of the concrete schema and its allOf chain", () => {
    expect(validator.validate("Message", { type: "text", text: "x", colour: "red" })).toEqual([
      { property: "colour", message: "unknown property" },
    ]);
  });

  it("reports a flex component of unknown type with its full path", () => {
    const bubble = {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        contents: [{ type: "text", text: "ok" }, { type: "marquee" }],
      },
    };
    const issues = validateMessages(validator, [{ type: "flex", altText: "x", contents: bubble }]);
    expect(issues).toEqual([
      {
        property: "messages[0].contents.body.contents[1].type",
        message: expect.stringContaining("unknown type"),
      },
    ]);
  });

  it("validates nested properties deep in a flex tree", () => {
    const bubble = structuredClone(restaurantBubble) as { footer: { contents: { height?: string }[] } };
    const first = bubble.footer.contents[0];
    if (first) first.height = "xl";
    const issues = validateMessages(validator, [{ type: "flex", altText: "x", contents: bubble }]);
    expect(issues).toEqual([
      { property: "messages[0].contents.footer.contents[0].height", message: "must be one of: md, sm" },
    ]);
  });

  it("does not dispatch again on the base schema, but a directly used concrete schema checks its tag", () => {
    const carousel = carouselMessage(1) as { contents: { contents: { type: string }[] } };
    const bubble = carousel.contents.contents[0];
    if (bubble) bubble.type = "carousel";
    expect(validateMessages(validator, [carousel])).toEqual([
      { property: "messages[0].contents.contents[0].type", message: "must be one of: bubble" },
    ]);
  });

  it("counts string lengths in grapheme clusters", () => {
    expect(graphemeLength(THAI_20_GRAPHEMES)).toBe(20);
    expect(THAI_20_GRAPHEMES.length).toBeGreaterThan(20);
    expect(validator.validate("Sender", { name: THAI_20_GRAPHEMES })).toEqual([]);
    expect(validator.validate("Sender", { name: `${THAI_20_GRAPHEMES}ก` })).toEqual([
      { property: "name", message: "Length must be between 0 and 20" },
    ]);
  });

  it("checks format uri, minimum/maximum and array sizes", () => {
    expect(validator.validate("ShowLoadingAnimationRequest", { chatId: "U1", loadingSeconds: 65 })).toEqual([
      { property: "loadingSeconds", message: "must be less than or equal to 60" },
    ]);
    expect(
      validator.validate("Message", {
        type: "image",
        originalContentUrl: "/a.jpg",
        previewImageUrl: "https://x/y",
      }),
    ).toEqual([{ property: "originalContentUrl", message: "must be an absolute URL" }]);
    expect(validator.validate("PushMessageRequest", { to: "U1", messages: [] })).toEqual([
      { property: "messages", message: "Size must be between 1 and 5" },
    ]);
  });

  it("validates additionalProperties maps", () => {
    const message = { type: "textV2", text: "{a}", substitution: { a: { type: "mention" } } };
    expect(validator.validate("Message", message)).toEqual([
      { property: "substitution.a.mentionee", message: "must be specified" },
    ]);
  });
});

describe("documented limits", () => {
  it("limits text to 5000 UTF-16 code units", () => {
    expect(checkMessageLimits([{ type: "text", text: "a".repeat(5000) }])).toEqual([]);
    expect(checkMessageLimits([{ type: "text", text: `${"a".repeat(4999)}🍎` }])).toEqual([
      { property: "messages[0].text", message: "Length must be between 0 and 5000" },
    ]);
  });

  it("limits quick reply items and labels", () => {
    const items = Array.from({ length: 14 }, (_, i) => quickReplyItem(`item ${i}`));
    expect(validateMessages(validator, [{ type: "text", text: "x", quickReply: { items } }])).toEqual([
      { property: "messages[0].quickReply.items", message: "Size must be between 0 and 13" },
    ]);
    const thai = [{ type: "text", text: "x", quickReply: { items: [quickReplyItem(THAI_20_GRAPHEMES)] } }];
    expect(validateMessages(validator, thai)).toEqual([]);
    const long = [
      { type: "text", text: "x", quickReply: { items: [quickReplyItem(`${THAI_20_GRAPHEMES}ก`)] } },
    ];
    expect(validateMessages(validator, long)).toEqual([
      {
        property: "messages[0].quickReply.items[0].action.label",
        message: "Length must be between 0 and 20",
      },
    ]);
  });

  it("limits flex button labels to 40 and postback data to 300", () => {
    const button = (label: string, data: string) => ({
      type: "button",
      action: { type: "postback", label, data },
    });
    const bubble = (label: string, data: string) => ({
      type: "flex",
      altText: "x",
      contents: {
        type: "bubble",
        body: { type: "box", layout: "vertical", contents: [button(label, data)] },
      },
    });
    expect(validateMessages(validator, [bubble("b".repeat(40), "d".repeat(300))])).toEqual([]);
    expect(validateMessages(validator, [bubble("b".repeat(41), "d".repeat(301))])).toEqual([
      {
        property: "messages[0].contents.body.contents[0].action.data",
        message: "Length must be between 0 and 300",
      },
      {
        property: "messages[0].contents.body.contents[0].action.label",
        message: "Length must be between 0 and 40",
      },
    ]);
  });

  it("limits carousels to 12 bubbles and 50 KB, bubbles to 30 KB, altText to 1500", () => {
    expect(validateMessages(validator, [carouselMessage(12)])).toEqual([]);
    expect(validateMessages(validator, [carouselMessage(13)])).toEqual([
      { property: "messages[0].contents.contents", message: "Size must be between 1 and 12" },
    ]);
    const big = { type: "flex", altText: "a".repeat(1501), contents: structuredClone(restaurantBubble) };
    (big.contents.body as { contents: unknown[] }).contents.push({
      type: "text",
      text: "x".repeat(31 * 1024),
    });
    const properties = validateMessages(validator, [big]).map((issue) => issue.property);
    expect(properties).toEqual(["messages[0].altText", "messages[0].contents"]);
  });

  it("limits a call to 1..5 messages", () => {
    const six = Array.from({ length: 6 }, () => ({ type: "text", text: "x" }));
    expect(validateMessages(validator, six)).toEqual([
      { property: "messages", message: "Size must be between 1 and 5" },
    ]);
  });
});
