import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLineFetch } from "../src/runtime/line-fetch";
import { type RunningDouble, startDouble, TEST_ACCESS_TOKEN } from "./support/double";

/**
 * The Node processing thread's `fetch` for LINE's JSON calls, driven through the SDK's own clients
 * against the LINE double over HTTP (the SDK reads the global `fetch`, so the tests install it).
 */
describe("the lean LINE fetch", () => {
  let line: RunningDouble;
  const realFetch = globalThis.fetch;
  const fellBack: string[] = [];

  beforeAll(async () => {
    line = await startDouble();
  });
  afterAll(() => line.close());
  afterEach(() => {
    globalThis.fetch = realFetch;
    fellBack.length = 0;
    line.double.reset();
  });

  function install(origins: string[]) {
    globalThis.fetch = createLineFetch(origins, (input, init) => {
      fellBack.push(String(input instanceof Request ? input.url : input));
      return realFetch(input, init);
    });
  }

  const clients = (token = TEST_ACCESS_TOKEN) => ({
    messaging: new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: line.origin }),
    blob: new messagingApi.MessagingApiBlobClient({ channelAccessToken: token, baseURL: line.origin }),
  });

  it("sends a reply and a push with their headers and bodies, and reads LINE's answers", async () => {
    install([line.origin]);
    const { messaging } = clients();
    const replyToken = line.double.issueReplyToken("U1");
    await messaging.replyMessage({ replyToken, messages: [{ type: "text", text: "สวัสดีครับ" }] });
    const retryKey = crypto.randomUUID();
    const pushed = await messaging.pushMessage(
      { to: "U2", messages: [{ type: "text", text: "แจ้งเตือน" }] },
      retryKey,
    );
    expect(pushed.sentMessages).toHaveLength(1);
    expect(fellBack).toEqual([]);

    const [reply, push] = line.double.requests();
    expect(reply?.path).toBe("/v2/bot/message/reply");
    expect(reply?.status).toBe(200);
    expect(reply?.headers["content-type"]).toBe("application/json");
    expect(reply?.headers.authorization).toBeDefined();
    expect(push?.retryKey).toBe(retryKey);
    expect(push?.body).toEqual({ to: "U2", messages: [{ type: "text", text: "แจ้งเตือน" }] });
    expect(line.double.messagesFor("U1")).toEqual([{ type: "text", text: "สวัสดีครับ" }]);
  });

  it("turns LINE's refusals into the SDK's HTTPFetchError with status, body and request id", async () => {
    install([line.origin]);
    const refused = await clients("wrong-token")
      .messaging.pushMessage({ to: "U1", messages: [{ type: "text", text: "x" }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HTTPFetchError);
    expect((refused as HTTPFetchError).status).toBe(401);

    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    const invalid = (await clients()
      .messaging.replyMessage({ replyToken: "spent", messages: [{ type: "text", text: "x" }] })
      .catch((error: unknown) => error)) as HTTPFetchError;
    expect(invalid.status).toBe(400);
    expect(String(invalid.body)).toContain("Invalid reply token");
    expect(invalid.headers.get("x-line-request-id")).toBe(line.double.requests().at(-1)?.id);
    expect(fellBack).toEqual([]);
  });

  it("leaves other origins and GETs of message content to the real fetch", async () => {
    install(["https://api.line.me"]);
    const replyToken = line.double.issueReplyToken("U1");
    await clients().messaging.replyMessage({ replyToken, messages: [{ type: "text", text: "x" }] });
    expect(fellBack).toEqual([`${line.origin}/v2/bot/message/reply`]);

    fellBack.length = 0;
    install([line.origin]);
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    line.double.setContent("m1", photo, "image/jpeg");
    const stream = await clients().blob.getMessageContent("m1");
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(photo);
    expect(fellBack).toEqual([`${line.origin}/v2/bot/message/m1/content`]);
  });

  it("rejects as fetch does when LINE cannot be reached", async () => {
    const closed = await startDouble();
    await closed.close();
    install([closed.origin]);
    const failure = await new messagingApi.MessagingApiClient({
      channelAccessToken: TEST_ACCESS_TOKEN,
      baseURL: closed.origin,
    })
      .pushMessage({ to: "U1", messages: [{ type: "text", text: "x" }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe("fetch failed");
    expect((failure as TypeError).cause).toBeInstanceOf(Error);
  });
});
