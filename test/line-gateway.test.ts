/**
 * The LINE gateway over both transports it runs on: the Web `fetch` (Workers, scripts) and Node's
 * `undici.request` pool (src/runtime/node-line-transport.ts), against the LINE double over HTTP. The
 * double checks every request against LINE's OpenAPI spec (asserted after each test).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { atomic } from "../src/db/client";
import { insertOutbox } from "../src/db/repos/outbox.repo";
import { outbox } from "../src/db/schema";
import { createDelivery } from "../src/jobs/delivery.job";
import {
  createLineGateway,
  LineApiError,
  type LineGatewayOptions,
  LineTimeoutError,
  type LineTransport,
} from "../src/line/gateway";
import { createNodeLineTransport, type NodeLineTransport } from "../src/runtime/node-line-transport";
import { type RunningDouble, startDouble } from "./support/double";
import { serviceDeps } from "./support/services";

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 200 }, (_, i) => i % 256)]);
const text = (value: string) => ({ type: "text" as const, text: value });

/** A server that counts connections and answers each request after `delayMs` (or never, if null). */
async function rawServer(
  delayMs: number | null,
): Promise<{ origin: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    if (delayMs === null) return;
    setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), delayMs);
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const transports: Array<[string, () => (LineTransport & { close?(): Promise<void> }) | undefined]> = [
  ["Web fetch", () => undefined],
  ["the Node transport", (): NodeLineTransport => createNodeLineTransport()],
];

describe.each(transports)("the LINE gateway over %s", (_name, makeTransport) => {
  let line: RunningDouble;
  let transport: ReturnType<typeof makeTransport>;
  const gateway = (options: Partial<LineGatewayOptions> = {}) =>
    createLineGateway({ ...line.lineOptions, transport, ...options });

  beforeAll(async () => {
    line = await startDouble();
    transport = makeTransport();
  });
  afterAll(async () => {
    await transport?.close?.();
    await line.close();
  });
  afterEach(() => {
    expect(line.double.invalidRequests()).toEqual([]);
    line.double.reset();
  });

  it("sends a reply and a push with the headers and bodies LINE expects, the push with its retry key", async () => {
    const replyToken = line.double.issueReplyToken("U1");
    await gateway().reply(replyToken, [text("สวัสดีครับ")]);
    const retryKey = crypto.randomUUID();
    await gateway().push("U2", [text("แจ้งเตือน")], retryKey);

    const [reply, push] = line.double.requests();
    expect([reply?.method, reply?.path, reply?.status]).toEqual(["POST", "/v2/bot/message/reply", 200]);
    expect(reply?.headers["content-type"]).toBe("application/json");
    expect(reply?.headers.authorization).toBeDefined(); // recorded redacted; a wrong token is a 401 (below)
    expect(reply?.body).toEqual({ replyToken, messages: [text("สวัสดีครับ")] });
    expect(reply?.retryKey).toBeNull();
    expect(push?.retryKey).toBe(retryKey);
    expect(push?.body).toEqual({ to: "U2", messages: [text("แจ้งเตือน")] });
    expect(line.double.messagesFor("U1")).toEqual([text("สวัสดีครับ")]);

    // The same key again: LINE refuses it with 409 (the delivery job counts that as sent).
    const again = await gateway()
      .push("U2", [text("แจ้งเตือน")], retryKey)
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(LineApiError);
    expect((again as LineApiError).status).toBe(409);
    expect(line.double.deliveries({ userId: "U2" })).toHaveLength(1);
  });

  it("turns LINE's refusals into LineApiError with status, body and request id", async () => {
    const refused = await gateway({ channelAccessToken: "wrong-token" })
      .push("U1", [text("x")])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LineApiError);
    expect((refused as LineApiError).status).toBe(401);

    line.double.injectFault({ endpoint: "reply", kind: "invalidReplyToken", times: 1 });
    const invalid = (await gateway()
      .reply("spent", [text("x")])
      .catch((error: unknown) => error)) as LineApiError;
    expect(invalid).toMatchObject({ call: "reply", status: 400, lineMessage: "Invalid reply token" });
    expect(invalid.body).toContain("Invalid reply token");
    expect(invalid.requestId).toBe(line.double.requests().at(-1)?.id);

    line.double.injectFault({ endpoint: "push", kind: "500", times: 1 });
    await expect(gateway().push("U1", [text("x")])).rejects.toMatchObject({ status: 500 });
    line.double.injectFault({ endpoint: "push", kind: "429", times: 1 });
    await expect(gateway().push("U1", [text("x")])).rejects.toMatchObject({ status: 429 });
  });

  it("reads message content as bytes with its type, and refuses more than the caller's limit", async () => {
    line.double.setContent("m1", JPEG, "image/jpeg");
    expect(await gateway().content("m1", { maxBytes: 1024 })).toEqual({
      ok: true,
      bytes: JPEG,
      contentType: "image/jpeg",
    });
    expect(await gateway().content("m1", { maxBytes: 100 })).toEqual({ ok: false, reason: "too-large" });
    await expect(gateway().content("gone", { maxBytes: 1024 })).rejects.toMatchObject({ status: 404 });
    expect(line.double.requests().map((r) => r.path)).toEqual([
      "/v2/bot/message/m1/content",
      "/v2/bot/message/m1/content",
      "/v2/bot/message/gone/content",
    ]);
  });

  it("reads a profile and the bot's info, shows the loading animation, links and unlinks a menu", async () => {
    line.double.setProfile("U1", { displayName: "สมชาย ใจดี" });
    expect(await gateway().profile("U1")).toMatchObject({ userId: "U1", displayName: "สมชาย ใจดี" });
    expect(await gateway().botInfo()).toHaveProperty("basicId");
    await gateway().showLoading("U1", 10);
    await expect(gateway().richMenuAlias("prongsai-staff")).rejects.toMatchObject({ status: 404 });
    await expect(gateway().linkMenu("U1", "richmenu-missing")).rejects.toMatchObject({ status: 404 });
    await gateway().linkMenu("U1", null);
    expect(line.double.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /v2/bot/profile/U1 200",
      "GET /v2/bot/info 200",
      "POST /v2/bot/chat/loading/start 202",
      "GET /v2/bot/richmenu/alias/prongsai-staff 404",
      "POST /v2/bot/user/U1/richmenu/richmenu-missing 404",
      "DELETE /v2/bot/user/U1/richmenu 200",
    ]);
  });

  it("gives up on a call LINE does not answer in time, with a LineTimeoutError", async () => {
    line.double.injectFault({ endpoint: "push", kind: "timeout", times: 1, delayMs: 2000 });
    const started = Date.now();
    const late = await gateway({ timeouts: { jsonMs: 200 } })
      .push("U1", [text("x")], crypto.randomUUID())
      .catch((error: unknown) => error);
    expect(late).toBeInstanceOf(LineTimeoutError);
    expect((late as LineTimeoutError).message).toBe("no answer from LINE within 200 ms");
    expect(Date.now() - started).toBeLessThan(1500);

    // A server that never answers at all.
    const silent = await rawServer(null);
    try {
      const lost = await gateway({ apiBaseUrl: silent.origin, timeouts: { jsonMs: 200 } })
        .reply("t", [text("x")])
        .catch((error: unknown) => error);
      expect(lost).toBeInstanceOf(LineTimeoutError);
    } finally {
      await silent.close();
    }
  });

  it("disarms each call's deadline when the call settles, answered or refused", async () => {
    // workerd refuses more than 10,000 armed timers per I/O context: a Durable Object answering
    // ~1,000 events a second must not leave a 10 s deadline armed for every call it has finished.
    const armed = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const setSpy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((
      handler: () => void,
      ms?: number,
    ) => {
      const timer = realSet(handler, ms);
      if (ms === 9_876) armed.add(timer);
      return timer;
    }) as typeof setTimeout);
    const clearSpy = vi.spyOn(globalThis, "clearTimeout").mockImplementation(((timer) => {
      armed.delete(timer);
      realClear(timer);
    }) as typeof clearTimeout);
    try {
      const line9876 = gateway({ timeouts: { jsonMs: 9_876 } });
      for (let i = 0; i < 5; i++) await line9876.push(`U${i}`, [text("x")], crypto.randomUUID());
      line.double.injectFault({ endpoint: "push", kind: "500", times: 1 });
      await line9876.push("U9", [text("x")], crypto.randomUUID()).catch(() => undefined);
      // Six calls, each with its own deadline, none left armed.
      expect(setSpy.mock.calls.filter(([, ms]) => ms === 9_876)).toHaveLength(6);
      expect(armed.size).toBe(0);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });

  it("fails as a network error, not a LINE answer, when LINE cannot be reached", async () => {
    const closed = await rawServer(0);
    await closed.close();
    const failure = await gateway({ apiBaseUrl: closed.origin })
      .push("U1", [text("x")])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(LineApiError);
    expect(failure).not.toBeInstanceOf(LineTimeoutError);
  });

  it("keeps the connection alive across calls", async () => {
    const server = await rawServer(0);
    try {
      const calls = gateway({ apiBaseUrl: server.origin });
      for (let i = 0; i < 10; i++) await calls.reply(`t${i}`, [text("x")]);
      // One, or two when a call goes out before the socket of the one before is back in the pool.
      expect(server.connections()).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });
});

describe("the delivery job over the gateway", () => {
  it("retries a push that timed out with the same retry key; LINE's 409 for it counts as sent, once", async () => {
    const line = await startDouble();
    const transport = createNodeLineTransport();
    try {
      const deps = await serviceDeps();
      deps.line = createLineGateway({
        ...line.lineOptions,
        transport,
        timeouts: { jsonMs: 300 },
      });
      const now = deps.clock.now();
      const retryKey = crypto.randomUUID();
      const row = {
        to: "U1",
        messages: JSON.stringify([text("แจ้งสถานะเรื่องร้องเรียน")]),
        retryKey,
        nextAttemptAt: now,
        createdAt: now,
      };
      await atomic(deps.db, insertOutbox(deps.db, [row]));
      // LINE takes the push but answers too late.
      line.double.injectFault({ endpoint: "push", kind: "timeout", times: 1, delayMs: 1500 });
      const delivery = createDelivery(deps);
      await delivery.sweep();
      expect(await deps.db.select().from(outbox)).toMatchObject([
        { status: "pending", attempts: 1, lastStatus: null, lastError: "no answer from LINE within 300 ms" },
      ]);
      deps.clock.advance(1_000);
      await delivery.sweep();
      expect(await deps.db.select().from(outbox)).toMatchObject([{ status: "sent" }]);
      // The double records the late call once its delay is over, after the retry's.
      const pushes = () => line.double.requests().filter((r) => r.path === "/v2/bot/message/push");
      await vi.waitFor(() => expect(pushes()).toHaveLength(2), { timeout: 3000 });
      expect(pushes().map((r) => [r.retryKey, r.status])).toEqual([
        [retryKey, 409],
        [retryKey, 200],
      ]);
      expect(line.double.deliveries({ userId: "U1" })).toHaveLength(1);
    } finally {
      await transport.close();
      await line.close();
    }
  });
});
