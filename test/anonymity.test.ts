import { describe, expect, it } from "vitest";
import { complaintContacts } from "../src/db/schema";
import { ANONYMITY_OPTIONS, ANONYMITY_RULE, anonymityQuestion } from "../src/domain/anonymity";
import { newLineUserId } from "../src/simulator/webhook-events";
import { adminApi } from "./support/admin";
import { type ChatUser, chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

/** Text as a page shows it: tags dropped, spaces collapsed. */
function shown(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .replace(/ :/g, ":")
    .trim();
}

/** The statements every surface must show, word for word. */
const STATEMENTS = [
  ANONYMITY_OPTIONS.anonymous.label,
  ANONYMITY_OPTIONS.anonymous.meaning,
  ANONYMITY_OPTIONS.identified.label,
  ANONYMITY_OPTIONS.identified.meaning,
  ANONYMITY_RULE,
];

async function upToAnonymity(user: ChatUser) {
  await user.say("ร้องเรียน");
  if (user.labels().includes("ยินยอม")) await user.tap("ยินยอม");
  await user.tap("ร้องเรียนการทุจริต");
  await user.say("เจ้าหน้าที่เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง");
  await user.tap("ข้าม");
  return user.tap("ข้าม");
}

/** An admin console session (cookie) by the ordinary sign-in form. */
async function consoleGet(path: string): Promise<string> {
  const username = "wilai";
  const password = "ยาวพอสมควร-2570";
  await adminApi(t.bot, "POST", "/accounts", { username, password, displayName: "วิไล" });
  const form = await fetch(`${t.bot.url}/admin/sign-in`);
  const cookies = form.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const signed = await fetch(`${t.bot.url}/admin/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookies.join("; ") },
    body: new URLSearchParams({ username, password, _csrf: csrf }),
  });
  expect(signed.status).toBe(303);
  const session = signed.headers.getSetCookie().map((c) => c.split(";")[0]);
  const page = await fetch(`${t.bot.url}${path}`, {
    headers: { cookie: [...cookies, ...session].join("; ") },
  });
  expect(page.status).toBe(200);
  return shown(await page.text());
}

describe("the anonymity rule, stated once", () => {
  it("the chat, the console and the transparency page show the same statement", async () => {
    const user = chatUser(t.bot, t.line, newLineUserId());
    t.line.double.setProfile(user.userId, { displayName: "สมหญิง กล้าหาญ" });
    const asked = await upToAnonymity(user);
    const chat = textOf(asked.at(-1));
    expect(chat).toBe(anonymityQuestion());
    for (const statement of STATEMENTS) expect(chat).toContain(statement);
    await user.tap("เปิดเผยตัวตน");
    const receipt = await user.tap("ยืนยัน");
    const code = /C\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;

    const console = await consoleGet(`/admin/complaints/${code}`);
    // The console shows the complaint's own choice with its meaning, and the rule.
    expect(console).toContain(
      `${ANONYMITY_OPTIONS.identified.label}: ${ANONYMITY_OPTIONS.identified.meaning}`,
    );
    expect(console).toContain(ANONYMITY_RULE);
    expect(console).not.toContain("สมหญิง");

    const page = shown(await (await fetch(`${t.bot.url}/transparency`)).text());
    for (const option of Object.values(ANONYMITY_OPTIONS)) {
      expect(page).toContain(`${option.label}: ${option.meaning}`);
    }
    expect(page).toContain(ANONYMITY_RULE);
  });

  it("keeps what it says: no name for either choice, and the API shows only the choice", async () => {
    for (const choice of ["ไม่ประสงค์ออกนาม", "เปิดเผยตัวตน"] as const) {
      const user = chatUser(t.bot, t.line, newLineUserId());
      t.line.double.setProfile(user.userId, { displayName: "สมหญิง กล้าหาญ" });
      await upToAnonymity(user);
      await user.tap(choice);
      const receipt = await user.tap("ยืนยัน");
      const code = /C\d{4}-\d{5}/.exec(textOf(receipt.at(-1)))?.[0] as string;
      const detail = await adminApi(t.bot, "GET", `/complaints/${code}`);
      expect(detail.json.anonymous).toBe(choice === "ไม่ประสงค์ออกนาม");
      expect(JSON.stringify(detail.json)).not.toMatch(/สมหญิง|U[0-9a-f]{32}/);
    }
    const names = (await t.bot.deps.db.select().from(complaintContacts)).map((c) => c.displayName);
    expect(names).toEqual([null, null]);
  });
});
