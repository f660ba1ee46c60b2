import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../src/db/schema";
import { fiscalYearOf, localDate } from "../src/domain/thai-time";
import { createSignatureVerifier } from "../src/line/signature";
import { createSimulatorBackend } from "../src/simulator/simulator-backend";
import { startTestBot, TEST_ADMIN_TOKEN, TEST_SECRET, type TestBot } from "./support/bot";
import { JPEG, textOf } from "./support/chat";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;

beforeAll(async () => {
  line = await startDouble();
  const signer = await createSignatureVerifier(TEST_SECRET);
  bot = await startTestBot(line, {
    simulator: (dispatch) =>
      createSimulatorBackend({
        double: line.double,
        signer,
        dispatch,
        adminToken: TEST_ADMIN_TOKEN,
        now: Date.now,
      }),
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

interface Entry {
  seq: number;
  from: "user" | "bot";
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
  messages: any[];
  html?: Array<string | null>;
  via?: string;
  undelivered?: boolean;
}

/** A simulator user driven through the web chat's API, as the page does it. */
async function simulatorUser(body: Record<string, unknown>) {
  const created = await api("users", body);
  expect(created.status).toBe(201);
  const user = await created.json();
  await bot.settle();
  let seen = 0;
  const entries = async (): Promise<Entry[]> => {
    const { items } = await (await api(`transcript?userId=${user.id}&after=${seen}`)).json();
    if (items.length) seen = items.at(-1).seq;
    return items;
  };
  const botMessages = (items: Entry[]) => items.filter((e) => e.from === "bot").flatMap((e) => e.messages);
  const chat = {
    user,
    entries,
    async send(action: Record<string, unknown>) {
      const sent = await api("send", { userId: user.id, action });
      expect(await sent.json()).toEqual({ webhookStatus: 200 });
      await bot.settle();
      return botMessages(await entries());
    },
    say: (text: string) => chat.send({ type: "text", text }),
    async photo(bytes: Uint8Array, type = "image/jpeg") {
      const form = new FormData();
      form.append("userId", user.id);
      form.append("photo", new Blob([new Uint8Array(bytes)], { type }), "photo.jpg");
      const response = await fetch(`${bot.url}/simulator/api/photo`, { method: "POST", body: form });
      const answer = await response.json();
      await bot.settle();
      return { status: response.status, answer, messages: botMessages(await entries()) };
    },
  };
  return chat;
}

const labelsOf = (message: { quickReply?: { items: Array<{ action: { label?: string } }> } } | undefined) =>
  (message?.quickReply?.items ?? []).map((item) => item.action.label);

async function unitId(name: string): Promise<string> {
  const { items } = await (await api("units")).json();
  const unit = items.find((u: { name: string }) => u.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

describe("simulator page", () => {
  it("serves the page in Thai with the test ids an end-to-end test needs", async () => {
    const page = await fetch(`${bot.url}/simulator`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("ตัวจำลอง LINE");
    expect(html).toContain('<html lang="th">');
    expect(html).toContain('name="viewport"');
    for (const id of [
      "demo-setup",
      "add-pane",
      "panes",
      "user-picker",
      "new-user-form",
      "new-user-name",
      "new-user-role",
      "new-user-unit",
      "new-user-submit",
      "text-input",
      "send-button",
      "photo-input",
      "location-button",
      "quick-replies",
      "chat-log",
      "follow-button",
      "block-button",
    ]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    // Roles offered with their Thai labels; the Flex renderer's CSS is in the page.
    expect(html).toContain('<option value="staff">เจ้าหน้าที่</option>');
    expect(html).toContain('<option value="executive">ผู้บริหาร</option>');
    expect(html).toContain(".fx-bubble{");
  });
});

describe("simulator API", () => {
  it("chats as a chosen user: signed events in, the bot's answers out, Flex drawn", async () => {
    const user = await (await api("users", { name: "สมหญิง" })).json();
    expect(user).toMatchObject({ name: "สมหญิง", role: "citizen", unitId: null, blocked: false });
    expect(user.id).toMatch(/^U[0-9a-f]{32}$/);
    const listed = await (await api("users")).json();
    expect(listed.items.map((u: { id: string }) => u.id)).toContain(user.id);

    const sent = await api("send", { userId: user.id, action: { type: "text", text: "เมนู" } });
    expect(await sent.json()).toEqual({ webhookStatus: 200 });
    await bot.settle();
    const { items } = await (await api(`transcript?userId=${user.id}&after=0`)).json();
    expect(items.map((e: { from: string }) => e.from)).toEqual(["user", "bot"]);
    expect(items[1].messages[0].type).toBe("flex");
    expect(items[1].via).toBe("reply");
    expect(items[1].html[0]).toContain('class="fx-bubble');
    expect(items[1].html[0]).toContain('data-label="ร้องเรียน"');

    const { items: newer } = await (await api(`transcript?userId=${user.id}&after=${items[1].seq}`)).json();
    expect(newer).toEqual([]);
  });

  it("a photo upload reaches the bot as an image whose content the bot fetches", async () => {
    const chat = await simulatorUser({ name: "สมศรี" });
    await chat.say("ร้องเรียน");
    await chat.say("ยินยอม");
    await chat.say("ร้องทุกข์ทั่วไป");
    await chat.say("ถนน/ทางเท้า");
    const location = await chat.say("ถนนหน้าตลาดเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อยมาก");
    expect(labelsOf(location.at(-1))).toContain("ส่งตำแหน่ง");
    const photoStep = await chat.send({
      type: "location",
      title: "ตลาดสด",
      address: "ตลาดสดเทศบาล ถนนจอมพล",
      latitude: 14.97412,
      longitude: 102.09554,
    });
    expect(labelsOf(photoStep.at(-1))).toContain("ข้าม");

    const { status, answer, messages } = await chat.photo(JPEG);
    expect(status).toBe(200);
    expect(answer).toMatchObject({ webhookStatus: 200, messageId: expect.stringMatching(/^\d+$/) });
    expect(textOf(messages.at(-1))).toContain("ได้รับรูปที่ 1");
    expect(labelsOf(messages.at(-1))).toContain("เสร็จ");

    // The user's bubble shows the photo, served back by the simulator.
    const { items } = await (await api(`transcript?userId=${chat.user.id}&after=0`)).json();
    const shown = items.find((e: Entry) => e.from === "user" && e.messages[0].type === "image").messages[0];
    expect(shown).toEqual({
      type: "image",
      messageId: answer.messageId,
      url: `/simulator/api/photos/${answer.messageId}`,
    });
    const served = await fetch(`${bot.url}${shown.url}`);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(JPEG);

    const summary = await chat.say("เสร็จ");
    expect(textOf(summary.at(-1))).toContain("1 รูป");
  });

  it("gives a user a role through an invite redeemed in chat, as in production", async () => {
    const staff = await simulatorUser({
      name: "สมชาย ช่างดี",
      role: "staff",
      unitId: await unitId("กองช่าง"),
      follow: true,
    });
    expect(staff.user).toMatchObject({ role: "staff", unitName: "กองช่าง" });
    const start = await staff.entries();
    const said = start.filter((e) => e.from === "user").map((e) => e.messages[0]);
    expect(said[0]).toEqual({ type: "follow" });
    expect(said[1].text).toMatch(/^ลงทะเบียน [2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const answers = start.filter((e) => e.from === "bot").flatMap((e) => e.messages);
    expect(answers.map(textOf).join("\n")).toContain("ลงทะเบียนสำเร็จ");
    const row = await bot.deps.db.select().from(users).where(eq(users.lineUserId, staff.user.id)).get();
    expect(row).toMatchObject({ role: "staff", displayName: "สมชาย ช่างดี" });

    const work = await staff.say("งานร้องเรียน");
    expect(work.map(textOf).join("\n")).not.toContain("ใช้ได้เฉพาะ");

    const executive = await simulatorUser({ name: "นายกฯ", role: "executive" });
    const overview = await executive.say("ภาพรวม");
    expect(overview.at(-1)?.type).toBe("flex");
    expect(textOf(overview.at(-1))).toContain("ภาพรวม");
    expect(textOf(overview.at(-1))).not.toContain("ใช้ได้เฉพาะ");

    // A citizen is refused the same command: the roles above are real.
    const citizen = await simulatorUser({ name: "ประชาชน" });
    expect((await citizen.say("งานร้องเรียน")).map(textOf).join("\n")).toContain("ใช้ได้เฉพาะ");
  });

  it("refuses a staff member without a unit, or with an unknown unit, naming the field", async () => {
    const noUnit = await api("users", { name: "x", role: "staff" });
    expect(noUnit.status).toBe(400);
    expect((await noUnit.json()).field).toBe("unitId");
    const unknown = await api("users", { name: "x", role: "staff", unitId: "no-such-unit" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).field).toBe("unitId");
    const badRole = await api("users", { name: "x", role: "king" });
    expect(badRole.status).toBe(400);
    expect((await badRole.json()).field).toBe("role");
  });

  it("shows a postback's displayText as the user's message; block and unblock", async () => {
    const chat = await simulatorUser({ name: "กดปุ่ม" });
    await chat.send({ type: "postback", data: "a=nothing", displayText: "ดูรายละเอียด" });
    const { items } = await (await api(`transcript?userId=${chat.user.id}&after=0`)).json();
    expect(items[0].messages[0]).toEqual({ type: "postback", data: "a=nothing", displayText: "ดูรายละเอียด" });

    await chat.send({ type: "unfollow" });
    const blocked = (await (await api("users")).json()).items.find(
      (u: { id: string }) => u.id === chat.user.id,
    );
    expect(blocked.blocked).toBe(true);
    await chat.send({ type: "follow" });
    const back = (await (await api("users")).json()).items.find((u: { id: string }) => u.id === chat.user.id);
    expect(back.blocked).toBe(false);
    const all = (await (await api(`transcript?userId=${chat.user.id}&after=0`)).json()).items as Entry[];
    const shown = all.filter((e) => e.from === "user").map((e) => e.messages[0].type);
    expect(shown).toEqual(["postback", "unfollow", "follow"]);
  });

  it("a date picker (datetimepicker) sends the chosen day as LINE does, in postback params", async () => {
    const page = await (await fetch(`${bot.url}/simulator`)).text();
    for (const id of ["date-picker", "date-input", "date-send"])
      expect(page).toContain(`data-testid="${id}"`);
    expect(page).toContain('case "datetimepicker"');
    const unit = await unitId("กองช่าง");
    const today = localDate(Date.now(), "Asia/Bangkok");
    const fiscalYear = fiscalYearOf(Date.now(), "Asia/Bangkok");
    const created = await fetch(`${bot.url}/api/admin/measures`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        fiscalYear,
        title: "ประกาศเจตจำนงสุจริตของผู้บริหาร",
        indicators: [10],
        method: "ประกาศบนเว็บไซต์",
        unitIds: [unit],
        startMonth: `${fiscalYear - 544}-10`,
        endMonth: `${fiscalYear - 543}-09`,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const staff = await simulatorUser({ name: "สมศรี", role: "staff", unitId: unit });
    await staff.say("มาตรการ");
    await staff.send({ type: "postback", data: `a=measure&id=${id}` });
    const asked = await staff.say("ประกาศเจตจำนงแล้ว");
    const picker = asked
      .at(-1)
      ?.quickReply?.items.find(
        (item: { action: { type: string } }) => item.action.type === "datetimepicker",
      )?.action;
    expect(picker).toMatchObject({ label: "เลือกวันที่", mode: "date", max: today });
    const next = await staff.send({
      type: "postback",
      data: picker.data,
      params: { date: today },
      displayText: today,
    });
    expect(textOf(next.at(-1))).toContain("ความก้าวหน้ากี่เปอร์เซ็นต์");
    const bad = await api("send", {
      userId: staff.user.id,
      action: { type: "postback", data: "a=x", params: { date: "soon" } },
    });
    expect(bad.status).toBe(400);
  });

  it("answers bad input with 400 naming the field, and unknown users with 404", async () => {
    const bad = await api("send", { userId: "U123", action: { type: "text", text: "x" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("userId");
    const unknown = await api("send", { userId: `U${"a".repeat(32)}`, action: { type: "text", text: "x" } });
    expect(unknown.status).toBe(404);

    const form = new FormData();
    form.append("userId", `U${"a".repeat(32)}`);
    const noFile = await fetch(`${bot.url}/simulator/api/photo`, { method: "POST", body: form });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).field).toBe("photo");
    form.append("photo", new Blob([new Uint8Array(JPEG)], { type: "image/jpeg" }), "a.jpg");
    const nobody = await fetch(`${bot.url}/simulator/api/photo`, { method: "POST", body: form });
    expect(nobody.status).toBe(404);
    expect((await fetch(`${bot.url}/simulator/api/photos/123`)).status).toBe(404);
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
