/**
 * `ลงทะเบียน` in chat, end to end: the role's rich menu follows the answer through the outbox, and
 * two people racing for one code in one webhook delivery cannot both get it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../src/db/schema";
import { createRichMenuAdmin } from "../src/line/gateway";
import { RICH_MENU_KINDS, type RichMenuImages, setupRichMenus } from "../src/line/rich-menus";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

async function invite(role: string): Promise<string> {
  const created = await adminApi(t.bot, "POST", "/invites", { role });
  expect(created.status).toBe(201);
  return created.json.code;
}

async function roleOf(lineUserId: string) {
  return (await t.bot.deps.db.select().from(users).where(eq(users.lineUserId, lineUserId)).get())?.role;
}

describe("ลงทะเบียน", () => {
  it("links the role's rich menu after the answer, through the outbox", async () => {
    const root = join(import.meta.dirname, "..");
    const images = Object.fromEntries(
      await Promise.all(
        RICH_MENU_KINDS.map(async (kind) => {
          const bytes = await readFile(join(root, "assets/richmenu", `${kind}.png`));
          return [kind, new Blob([bytes], { type: "image/png" })];
        }),
      ),
    ) as RichMenuImages;
    const setup = await setupRichMenus(createRichMenuAdmin(t.line.lineOptions), images);
    const executiveMenu = setup.menus.find((menu) => menu.kind === "executive")?.richMenuId;
    const member = chatUser(t.bot, t.line, newLineUserId());
    const answer = await member.say(`ลงทะเบียน ${await invite("executive")}`);
    expect(textOf(answer[0])).toContain("ลงทะเบียนสำเร็จ");
    // `say` waits for processing and delivery (the harness's settle): the link was delivered too.
    expect(t.line.double.richMenuLinks().links[member.userId]).toBe(executiveMenu);
  });

  it("gives one code to one of two people racing for it in one delivery; the other is told it is used", async () => {
    const code = await invite("admin");
    const [a, b] = [chatUser(t.bot, t.line, newLineUserId()), chatUser(t.bot, t.line, newLineUserId())];
    const events = [a, b].map((user) => t.bot.event(user.userId, { type: "text", text: `ลงทะเบียน ${code}` }));
    expect((await t.bot.postEvents(events)).status).toBe(200);
    await t.bot.settle();
    // The losing event failed whole at commit (nothing of it written or sent) and waits for its retry.
    t.clock.advance(60_000);
    await t.bot.tick();
    await t.bot.settle();
    const roles = [await roleOf(a.userId), await roleOf(b.userId)];
    expect(roles.filter((role) => role === "admin")).toHaveLength(1);
    const answers = [a, b].map((user) => user.lastText());
    expect(answers.filter((text) => text.includes("ลงทะเบียนสำเร็จ"))).toHaveLength(1);
    expect(answers.filter((text) => text.includes("ถูกใช้ไปแล้ว"))).toHaveLength(1);
  });
});
