import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignatureVerifier } from "../src/line/signature";
import { createSimulatorBackend } from "../src/simulator/simulator-backend";
import { startTestBot, TEST_SECRET, type TestBot } from "./support/bot";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;

beforeAll(async () => {
  line = await startDouble();
  const signer = await createSignatureVerifier(TEST_SECRET);
  bot = await startTestBot(line, {
    simulator: (dispatch) => createSimulatorBackend({ double: line.double, signer, dispatch, now: Date.now }),
  });
});
afterAll(async () => {
  await bot.close();
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

const api = (path: string, body?: unknown) =>
  fetch(`${bot.url}/simulator/api/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("simulator", () => {
  it("serves the page", async () => {
    const page = await fetch(`${bot.url}/simulator`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("ตัวจำลอง LINE");
  });

  it("chats as a chosen user: signed events in, the bot's answers out", async () => {
    const user = await (await api("users", { name: "สมหญิง" })).json();
    expect(user.id).toMatch(/^U[0-9a-f]{32}$/);
    expect((await api("users")).status).toBe(200);

    const sent = await api("send", { userId: user.id, action: { type: "text", text: "เมนู" } });
    expect(await sent.json()).toEqual({ webhookStatus: 200 });
    await bot.settle();
    const { items } = await (await api(`transcript?userId=${user.id}&after=0`)).json();
    expect(items.map((e: { from: string }) => e.from)).toEqual(["user", "bot"]);
    expect(items[1].messages[0].type).toBe("flex");

    const { items: newer } = await (await api(`transcript?userId=${user.id}&after=${items[1].seq}`)).json();
    expect(newer).toEqual([]);
  });

  it("answers bad input with 400 naming the field, and unknown users with 404", async () => {
    const bad = await api("send", { userId: "U123", action: { type: "text", text: "x" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("userId");
    const unknown = await api("send", { userId: `U${"a".repeat(32)}`, action: { type: "text", text: "x" } });
    expect(unknown.status).toBe(404);
  });

  it("is not served outside simulator mode", async () => {
    const plain = await startTestBot(line);
    expect((await fetch(`${plain.url}/simulator`)).status).toBe(404);
    await plain.close();
  });
});

describe("admin API", () => {
  it("is off (401) when no ADMIN_TOKEN is configured", async () => {
    const plain = await startTestBot(line);
    plain.deps.config.adminToken = undefined;
    const response = await fetch(`${plain.url}/api/admin/delivery`, {
      headers: { authorization: "Bearer anything-at-all-here" },
    });
    expect(response.status).toBe(401);
    await plain.close();
  });

  it("rejects a wrong token", async () => {
    const response = await fetch(`${bot.url}/api/admin/delivery`, {
      headers: { authorization: "Bearer wrong-token-0123456789" },
    });
    expect(response.status).toBe(401);
  });
});
