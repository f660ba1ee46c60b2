import { randomUUID } from "node:crypto";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  carouselMessage,
  helloWorldFlex,
  quickReplyText,
  restaurantBubble,
  richMenuRequest,
} from "./line-examples";
import { type RunningDouble, startDouble } from "./start-double";

const USER = "U4af4980629e0b4f1e4b1a8d3b8b6a1c2";
const THAI_20_GRAPHEMES = "แจ้งเรื่องร้องเรียนถนนชำรุด";

let running: RunningDouble;

beforeAll(async () => {
  running = await startDouble();
});
afterAll(() => running.close());
beforeEach(() => running.double.reset());

/** Runs `call`, expects the SDK to throw HTTPFetchError, and returns it with the parsed body. */
async function fetchError(
  call: () => Promise<unknown>,
): Promise<HTTPFetchError & { json: Record<string, unknown> }> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(HTTPFetchError);
    const httpError = error as HTTPFetchError;
    return Object.assign(httpError, { json: JSON.parse(httpError.body) as Record<string, unknown> });
  }
  throw new Error("expected the call to fail");
}

const text = (value: string): messagingApi.TextMessage => ({ type: "text", text: value });

describe("authentication and recording", () => {
  it("rejects a wrong bearer token with 401", async () => {
    const client = new messagingApi.MessagingApiClient({
      channelAccessToken: "wrong",
      baseURL: running.baseURL,
    });
    const error = await fetchError(() => client.pushMessage({ to: USER, messages: [text("hi")] }));
    expect(error.status).toBe(401);
    expect(error.json).toEqual({
      message: "Authentication failed. Confirm that the access token in the authorization header is valid.",
    });
    expect(error.headers.get("x-line-request-id")).toBeTruthy();
    expect(running.double.deliveries()).toEqual([]);
  });

  it("records every request with lower-cased headers and a redacted token", async () => {
    const { httpResponse } = await running.client.pushMessageWithHttpInfo({
      to: USER,
      messages: [text("hi")],
    });
    const [request] = running.double.requests();
    expect(request).toMatchObject({
      id: httpResponse.headers.get("x-line-request-id"),
      method: "POST",
      path: "/v2/bot/message/push",
      body: { to: USER, messages: [text("hi")] },
      retryKey: null,
      status: 200,
      issues: [],
    });
    expect(request?.headers.authorization).toBe("Bearer <redacted>");
    expect(request?.headers["user-agent"]).toMatch(/^@line\/bot-sdk\//);
  });
});

describe("reply", () => {
  it("delivers once; a reused token gets 400 Invalid reply token", async () => {
    const replyToken = running.double.issueReplyToken(USER);
    const response = await running.client.replyMessage({ replyToken, messages: [text("สวัสดีค่ะ")] });
    expect(response.sentMessages).toHaveLength(1);
    expect(response.sentMessages[0]?.id).toMatch(/^\d+$/);
    expect(response.sentMessages[0]?.quoteToken).toBeTruthy();

    const error = await fetchError(() =>
      running.client.replyMessage({ replyToken, messages: [text("again")] }),
    );
    expect(error.status).toBe(400);
    expect(error.json).toEqual({ message: "Invalid reply token" });
    expect(running.double.messagesFor(USER)).toEqual([text("สวัสดีค่ะ")]);
    expect(running.double.deliveries()).toMatchObject([{ kind: "reply", to: [USER], replyToken }]);
  });

  it("expires tokens it issued after 60 seconds and accepts unknown tokens once", async () => {
    let clock = 1_000_000;
    const timed = await startDouble({ now: () => clock });
    try {
      const replyToken = timed.double.issueReplyToken(USER);
      clock += 61_000;
      const error = await fetchError(() =>
        timed.client.replyMessage({ replyToken, messages: [text("late")] }),
      );
      expect(error.json).toEqual({ message: "Invalid reply token" });
      await timed.client.replyMessage({ replyToken: "made-up-token", messages: [text("ok")] });
      expect(timed.double.deliveries()).toMatchObject([
        { kind: "reply", to: [], replyToken: "made-up-token" },
      ]);
    } finally {
      await timed.close();
    }
  });

  it("rejects X-Line-Retry-Key on reply", async () => {
    const replyToken = running.double.issueReplyToken(USER);
    const response = await fetch(`${running.baseURL}/v2/bot/message/reply`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-channel-access-token",
        "content-type": "application/json",
        "x-line-retry-key": randomUUID(),
      },
      body: JSON.stringify({ replyToken, messages: [text("x")] }),
    });
    expect(response.status).toBe(400);
    expect(running.double.deliveries()).toEqual([]);
  });

  it("invalidReplyToken fault answers 400 and delivers nothing", async () => {
    running.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    const replyToken = running.double.issueReplyToken(USER);
    const error = await fetchError(() => running.client.replyMessage({ replyToken, messages: [text("x")] }));
    expect(error.json).toEqual({ message: "Invalid reply token" });
    await running.client.replyMessage({ replyToken, messages: [text("x")] });
    expect(running.double.deliveries()).toHaveLength(1);
  });
});

describe("push and retry keys", () => {
  it("acceptThen500 delivers; the retry with the same key gets 409 and is not delivered again", async () => {
    running.double.injectFault({ endpoint: "push", kind: "acceptThen500", times: 1 });
    const retryKey = randomUUID();
    const request = { to: USER, messages: [text("แจ้งความคืบหน้า")] };

    const first = await fetchError(() => running.client.pushMessage(request, retryKey));
    expect(first.status).toBe(500);
    const second = await fetchError(() => running.client.pushMessage(request, retryKey));
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ message: "The retry key is already accepted" });
    expect(second.json.sentMessages).toHaveLength(1);
    const acceptedId = running.double.requests()[0]?.id;
    expect(second.headers.get("x-line-accepted-request-id")).toBe(acceptedId);

    expect(running.double.deliveries()).toMatchObject([{ kind: "push", to: [USER], retryKey }]);
    expect(running.double.messagesFor(USER)).toEqual(request.messages);
  });

  it("a 500 fault delivers nothing and does not remember the key; the retry succeeds once", async () => {
    running.double.injectFault({ endpoint: "push", kind: "500", times: 1 });
    const retryKey = randomUUID();
    const request = { to: USER, messages: [text("retry me")] };
    const error = await fetchError(() => running.client.pushMessage(request, retryKey));
    expect(error.status).toBe(500);
    expect(error.json).toEqual({ message: "Internal server error" });
    const response = await running.client.pushMessage(request, retryKey);
    expect(response.sentMessages).toHaveLength(1);
    expect(running.double.deliveries()).toHaveLength(1);
  });

  it("a 429 fault answers the monthly-limit error", async () => {
    running.double.injectFault({ endpoint: "*", kind: "429", times: 1 });
    const error = await fetchError(() => running.client.pushMessage({ to: USER, messages: [text("x")] }));
    expect(error.status).toBe(429);
    expect(error.json).toEqual({ message: "You have reached your monthly limit." });
    expect(running.double.deliveries()).toEqual([]);
  });

  it("a timeout fault answers late but delivers", async () => {
    running.double.injectFault({ endpoint: "push", kind: "timeout", times: 1, delayMs: 50 });
    const started = Date.now();
    await running.client.pushMessage({ to: USER, messages: [text("slow")] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(running.double.deliveries()).toHaveLength(1);
  });

  it("rejects a retry key that is not a UUID", async () => {
    const error = await fetchError(() =>
      running.client.pushMessage({ to: USER, messages: [text("x")] }, "abc"),
    );
    expect(error.status).toBe(400);
  });

  it("multicast answers {} and 409 without sentMessages on a repeated key", async () => {
    const retryKey = randomUUID();
    const request = { to: [USER, "Uother"], messages: [text("ประกาศ")] };
    expect(await running.client.multicast(request, retryKey)).toEqual({});
    const error = await fetchError(() => running.client.multicast(request, retryKey));
    expect(error.status).toBe(409);
    expect(error.json).toEqual({ message: "The retry key is already accepted" });
    expect(running.double.deliveries()).toMatchObject([{ kind: "multicast", to: [USER, "Uother"] }]);
    expect(running.double.messagesFor("Uother")).toEqual(request.messages);
  });

  it("rejects a multicast to more than 500 users", async () => {
    const to = Array.from({ length: 501 }, (_, i) => `U${i}`);
    const error = await fetchError(() => running.client.multicast({ to, messages: [text("x")] }));
    expect(error.json).toMatchObject({
      details: [{ property: "to", message: "Size must be between 1 and 500" }],
    });
  });
});

describe("message validation", () => {
  async function rejectedPush(messages: unknown[]): Promise<{ property: string; message: string }[]> {
    const error = await fetchError(() =>
      running.client.pushMessage({ to: USER, messages: messages as messagingApi.Message[] }),
    );
    expect(error.status).toBe(400);
    const details = error.json.details as { property: string; message: string }[];
    expect(error.json.message).toBe(`The request body has ${details.length} error(s)`);
    expect(running.double.deliveries()).toEqual([]);
    return details;
  }

  const properties = (details: { property: string }[]) => details.map((detail) => detail.property);

  it("rejects an unknown message type", async () => {
    expect(properties(await rejectedPush([{ type: "hologram" }]))).toEqual(["messages[0].type"]);
  });

  it("rejects text of 5001 UTF-16 code units", async () => {
    expect(await rejectedPush([text(`${"ก".repeat(4999)}🍎`)])).toEqual([
      { property: "messages[0].text", message: "Length must be between 0 and 5000" },
    ]);
  });

  it("rejects 14 quick reply items", async () => {
    const items = Array.from({ length: 14 }, (_, i) => ({
      type: "action",
      action: { type: "message", label: `ข้อ ${i}`, text: `ข้อ ${i}` },
    }));
    expect(properties(await rejectedPush([{ ...text("เลือก"), quickReply: { items } }]))).toEqual([
      "messages[0].quickReply.items",
    ]);
  });

  it("rejects postback data of 301 characters", async () => {
    const items = [{ type: "action", action: { type: "postback", label: "ok", data: "d".repeat(301) } }];
    expect(properties(await rejectedPush([{ ...text("x"), quickReply: { items } }]))).toEqual([
      "messages[0].quickReply.items[0].action.data",
    ]);
  });

  it("rejects a flex bubble with an unknown component type", async () => {
    const bubble = {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        contents: [{ type: "text", text: "ok" }, { type: "carousel3d" }],
      },
    };
    expect(properties(await rejectedPush([{ type: "flex", altText: "x", contents: bubble }]))).toEqual([
      "messages[0].contents.body.contents[1].type",
    ]);
  });

  it("rejects a carousel of 13 bubbles", async () => {
    expect(await rejectedPush([carouselMessage(13)])).toEqual([
      { property: "messages[0].contents.contents", message: "Size must be between 1 and 12" },
    ]);
  });

  it("rejects a flex message without altText", async () => {
    expect(await rejectedPush([{ type: "flex", contents: restaurantBubble }])).toEqual([
      { property: "messages[0].altText", message: "must be specified" },
    ]);
  });

  it("records rejected requests as invalid", async () => {
    await rejectedPush([{ type: "hologram" }]);
    expect(running.double.invalidRequests()).toHaveLength(1);
    expect(running.double.stats()).toMatchObject({
      requests: 1,
      deliveries: 0,
      invalid: 1,
      byEndpoint: { push: 1 },
    });
  });

  it("accepts LINE's documented flex bubble, carousel and text with quick reply", async () => {
    const messages: messagingApi.Message[] = [
      { type: "flex", altText: "Brown Cafe", contents: restaurantBubble },
      helloWorldFlex,
      carouselMessage(12),
      quickReplyText,
    ];
    const response = await running.client.pushMessage({ to: USER, messages });
    expect(response.sentMessages).toHaveLength(4);
    expect(running.double.messagesFor(USER)).toEqual(messages);
    expect(running.double.invalidRequests()).toEqual([]);
  });

  it("accepts a Thai quick-reply label of 20 graphemes with combining marks", async () => {
    expect(THAI_20_GRAPHEMES.length).toBeGreaterThan(20);
    const message: messagingApi.TextMessage = {
      ...text("เลือกหัวข้อ"),
      quickReply: {
        items: [
          { type: "action", action: { type: "message", label: THAI_20_GRAPHEMES, text: THAI_20_GRAPHEMES } },
        ],
      },
    };
    await running.client.pushMessage({ to: USER, messages: [message] });
    expect(running.double.deliveries()).toHaveLength(1);
  });
});

describe("loading animation, content and profile", () => {
  it("answers 202 for the loading animation and rejects 7 seconds", async () => {
    const { httpResponse } = await running.client.showLoadingAnimationWithHttpInfo({
      chatId: USER,
      loadingSeconds: 10,
    });
    expect(httpResponse.status).toBe(202);
    const error = await fetchError(() =>
      running.client.showLoadingAnimation({ chatId: USER, loadingSeconds: 7 }),
    );
    expect(error.status).toBe(400);
    expect(error.json.details).toEqual([{ property: "loadingSeconds", message: "must be a multiple of 5" }]);
  });

  it("serves message content set by the test and 404 otherwise", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    running.double.setContent("100001", bytes, "image/jpeg");
    const { httpResponse, body } = await running.blobClient.getMessageContentWithHttpInfo("100001");
    expect(httpResponse.headers.get("content-type")).toBe("image/jpeg");
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(bytes);

    const error = await fetchError(() => running.blobClient.getMessageContent("missing"));
    expect(error.status).toBe(404);
  });

  it("stores content through PUT /__double/content/:messageId", async () => {
    await fetch(`${running.baseURL}/__double/content/200002`, {
      method: "PUT",
      headers: { "content-type": "image/png" },
      body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    });
    const { httpResponse } = await running.blobClient.getMessageContentWithHttpInfo("200002");
    expect(httpResponse.headers.get("content-type")).toBe("image/png");
  });

  it("returns a default Thai profile, a set profile, and 404 for non-friends", async () => {
    expect(await running.client.getProfile(USER)).toEqual({
      userId: USER,
      displayName: `ผู้ใช้ ${USER.slice(-4)}`,
      language: "th",
    });
    running.double.setProfile(USER, { displayName: "สมชาย ใจดี", pictureUrl: "https://example.com/p.jpg" });
    expect(await running.client.getProfile(USER)).toMatchObject({ displayName: "สมชาย ใจดี" });
    running.double.setProfile(USER, null);
    const error = await fetchError(() => running.client.getProfile(USER));
    expect(error.status).toBe(404);
  });
});

describe("rich menus", () => {
  it("creates, uploads, lists, links per user and as default, unlinks and deletes", async () => {
    const { richMenuId } = await running.client.createRichMenu(richMenuRequest);
    expect(richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/);

    const notReady = await fetchError(() => running.client.linkRichMenuIdToUser(USER, richMenuId));
    expect(notReady.status).toBe(400);

    await running.blobClient.setRichMenuImage(
      richMenuId,
      new Blob([new Uint8Array([0x89, 0x50])], { type: "image/png" }),
    );
    expect((await running.client.getRichMenuList()).richmenus).toEqual([{ richMenuId, ...richMenuRequest }]);

    await running.client.linkRichMenuIdToUser(USER, richMenuId);
    await running.client.setDefaultRichMenu(richMenuId);
    expect(await running.client.getRichMenuIdOfUser(USER)).toEqual({ richMenuId });
    expect(running.double.richMenuLinks()).toEqual({
      defaultRichMenuId: richMenuId,
      links: { [USER]: richMenuId },
    });

    await running.client.unlinkRichMenuIdFromUser(USER);
    expect((await fetchError(() => running.client.getRichMenuIdOfUser(USER))).status).toBe(404);
    await running.client.deleteRichMenu(richMenuId);
    expect((await running.client.getRichMenuList()).richmenus).toEqual([]);
    expect(running.double.richMenuLinks().defaultRichMenuId).toBeNull();
  });

  it("rejects a rich menu with a chatBarText over 14 characters", async () => {
    const error = await fetchError(() =>
      running.client.createRichMenu({ ...richMenuRequest, chatBarText: "เมนูหลักสำหรับประชาชนทั่วไป" }),
    );
    expect(error.json.details).toEqual([
      { property: "chatBarText", message: "Length must be between 0 and 14" },
    ]);
  });
});

describe("controls over HTTP", () => {
  it("issues reply tokens, injects faults, lists deliveries and stats, and resets", async () => {
    const control = (path: string, init?: RequestInit) => fetch(`${running.baseURL}/__double${path}`, init);
    const post = (path: string, body: unknown) =>
      control(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    const { replyToken } = (await (await post("/reply-tokens", { userId: USER })).json()) as {
      replyToken: string;
    };
    expect((await post("/faults", { endpoint: "reply", kind: "500", times: 1 })).status).toBe(200);
    expect((await post("/faults", { endpoint: "reply", kind: "explode", times: 1 })).status).toBe(400);

    expect(
      (await fetchError(() => running.client.replyMessage({ replyToken, messages: [text("a")] }))).status,
    ).toBe(500);
    await running.client.replyMessage({ replyToken, messages: [text("a")] });

    const { deliveries } = (await (await control(`/deliveries?userId=${USER}`)).json()) as {
      deliveries: unknown[];
    };
    expect(deliveries).toMatchObject([{ kind: "reply", to: [USER], messages: [text("a")] }]);
    const { requests } = (await (await control("/requests")).json()) as { requests: { status: number }[] };
    expect(requests.map((request) => request.status)).toEqual([500, 200]);
    expect(await (await control("/stats")).json()).toEqual({
      requests: 2,
      deliveries: 1,
      invalid: 0,
      byEndpoint: { reply: 2 },
    });

    await post("/reset", {});
    expect(await (await control("/stats")).json()).toMatchObject({ requests: 0, deliveries: 0 });
  });

  it("notifies subscribers of each delivery", async () => {
    const seen: string[] = [];
    const unsubscribe = running.double.subscribe((delivery) => seen.push(delivery.kind));
    await running.client.pushMessage({ to: USER, messages: [text("x")] });
    await running.client.replyMessage({
      replyToken: running.double.issueReplyToken(USER),
      messages: [text("y")],
    });
    unsubscribe();
    await running.client.pushMessage({ to: USER, messages: [text("z")] });
    expect(seen).toEqual(["push", "reply"]);
  });
});
