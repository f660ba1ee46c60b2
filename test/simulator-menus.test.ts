/**
 * The simulator draws the rich menu LINE would show (set up on the double by the same code and images as
 * `npm run richmenu`), reports the role the bot holds (an invite typed in chat changes it), and its demo
 * set-up gives the demo unit this fiscal year's measures.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRichMenuAdmin } from "../src/line/gateway";
import { RICH_MENU_KEYWORDS, setupRichMenus } from "../src/line/rich-menus";
import { createSignatureVerifier } from "../src/line/signature";
import { loadRichMenuImages, RICH_MENU_IMAGE_DIR } from "../src/runtime/rich-menu-assets";
import { botRoleOf, DEMO_MEASURES, seedDemoMeasures } from "../src/simulator/app-data";
import { createSimulatorBackend } from "../src/simulator/simulator-backend";
import { adminApi } from "./support/admin";
import { startTestBot, TEST_ADMIN_TOKEN, TEST_SECRET, type TestBot } from "./support/bot";
import { textOf } from "./support/chat";
import { type RunningDouble, startDouble } from "./support/double";

let line: RunningDouble;
let bot: TestBot;

beforeAll(async () => {
  line = await startDouble();
  await setupRichMenus(createRichMenuAdmin(line.lineOptions), await loadRichMenuImages());
  const signer = await createSignatureVerifier(TEST_SECRET);
  bot = await startTestBot(line, {
    simulator: (dispatch, deps) =>
      createSimulatorBackend({
        double: line.double,
        signer,
        dispatch,
        adminToken: TEST_ADMIN_TOKEN,
        now: Date.now,
        roleOf: botRoleOf(deps),
        demoMeasures: (unitId) => seedDemoMeasures(deps, unitId),
      }),
  });
});
afterAll(async () => {
  await bot.close();
  expect(line.double.invalidRequests()).toEqual([]);
  await line.close();
});

const api = async (path: string, body?: unknown) => {
  const response = await fetch(`${bot.url}/simulator/api/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
};

interface Menu {
  richMenuId: string;
  size: { width: number; height: number };
  chatBarText: string;
  areas: Array<{
    bounds: { x: number; width: number };
    action: { type: string; text?: string; label?: string };
  }>;
  imageUrl: string;
}
const menuOf = async (userId: string) => (await api(`menu?userId=${userId}`)).json.menu as Menu | null;
const labels = (menu: Menu | null) => (menu?.areas ?? []).map((area) => area.action.label);

async function unitId(name: string): Promise<string> {
  const { items } = (await api("units")).json as { items: Array<{ id: string; name: string }> };
  const unit = items.find((u) => u.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

describe("the simulator's rich menu", () => {
  it("shows a citizen the citizen menu, with its image as uploaded", async () => {
    const { json: user } = await api("users", { name: "สมหญิง", follow: true });
    await bot.settle();
    const menu = await menuOf(user.id);
    expect(labels(menu)).toEqual([...RICH_MENU_KEYWORDS.citizen]);
    expect(menu?.chatBarText).toBe("เมนูบริการ");
    expect(
      menu?.areas.every((area) => area.action.type === "message" && area.action.text === area.action.label),
    ).toBe(true);
    const image = await fetch(`${bot.url}${menu?.imageUrl}`);
    expect(image.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect(bytes).toEqual(new Uint8Array(await readFile(`${RICH_MENU_IMAGE_DIR}/citizen.png`)));
  });

  it("switches to the staff menu and the staff role when the citizen redeems an invite in chat", async () => {
    const { json: user } = await api("users", { name: "สมชาย", follow: true });
    await bot.settle();
    const invite = await adminApi(bot, "POST", "/invites", { role: "staff", unitId: await unitId("กองช่าง") });
    expect(invite.status).toBe(201);
    await api("send", { userId: user.id, action: { type: "text", text: `ลงทะเบียน ${invite.json.code}` } });
    await bot.settle();
    const listed = (await api("users")).json.items.find((u: { id: string }) => u.id === user.id);
    expect(listed).toMatchObject({ role: "staff", unitName: "กองช่าง" });
    expect(labels(await menuOf(user.id))).toEqual([...RICH_MENU_KEYWORDS.staff]);
  });

  it("answers 404 for an unknown user and for an image of no shown menu", async () => {
    expect((await api("menu?userId=U0123456789abcdef0123456789abcdef")).status).toBe(404);
    expect((await api("menu-images/richmenu-00000000000000000000000000000000")).status).toBe(404);
  });
});

describe("demo data", () => {
  it("gives the demo unit this fiscal year's measures, once, and its staff member finds them under มาตรการ", async () => {
    const unit = await unitId("กองช่าง");
    expect((await api("demo", { unitId: unit })).json).toEqual({ measures: DEMO_MEASURES.length });
    expect((await api("demo", { unitId: unit })).json).toEqual({ measures: 0 });
    const { json: staff } = await api("users", { name: "ช่างดี", role: "staff", unitId: unit, follow: true });
    await bot.settle();
    await api("send", { userId: staff.id, action: { type: "text", text: "มาตรการ" } });
    await bot.settle();
    const { items } = (await api(`transcript?userId=${staff.id}`)).json as {
      items: Array<{ from: string; messages: unknown[] }>;
    };
    const last = items.filter((entry) => entry.from === "bot").at(-1);
    const text = (last?.messages ?? []).map((m) => textOf(m as never)).join("\n");
    expect(text).toContain("มาตรการยกระดับการป้องกันการทุจริต");
    expect(text).toContain("โครงการพัฒนาระบบบริการอิเล็กทรอนิกส์");
  });
});
