import { describe, expect, it } from "vitest";
import { users } from "../src/db/schema";
import { newLineUserId } from "../src/simulator/webhook-events";
import { actionsOf, chatUser, textOf } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

describe("รายงาน in chat", () => {
  it("gives executives signed download links good for 24 hours, and the ITA analysis", async () => {
    const exec = newLineUserId();
    await t.bot.deps.db
      .insert(users)
      .values({ lineUserId: exec, role: "executive", createdAt: 0, lastSeenAt: 0 });
    const user = chatUser(t.bot, t.line, exec);
    const answer = await user.say("รายงาน");
    const links = actionsOf(answer[0]).flatMap((a) => (a.type === "uri" ? [(a as { uri: string }).uri] : []));
    expect(links).toHaveLength(5);
    expect(textOf(answer[1])).toContain("ITA");
    const docx = new URL(links[0] as string);
    expect(docx.pathname).toBe("/r/reports/measures.docx");
    const local = (url: URL) => `${t.bot.url}${url.pathname}${url.search}`;
    const ok = await fetch(local(docx));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("wordprocessingml");
    const xlsx = await fetch(local(new URL(links[4] as string)));
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");

    // Tampered, unsigned or expired links are refused; the admin API still needs its token.
    const tampered = new URL(docx);
    tampered.searchParams.set("period", tampered.searchParams.get("period") === "h1" ? "year" : "h1");
    expect((await fetch(local(tampered))).status).toBe(403);
    const unsigned = new URL(docx);
    unsigned.searchParams.delete("sig");
    expect((await fetch(local(unsigned))).status).toBe(403);
    t.clock.advance(25 * 60 * 60 * 1000);
    expect((await fetch(local(docx))).status).toBe(403);
    expect((await fetch(`${t.bot.url}/api/admin/reports/measures.docx`)).status).toBe(401);

    const citizen = chatUser(t.bot, t.line, newLineUserId());
    expect(textOf((await citizen.say("รายงาน"))[0])).toContain("ขออภัย");
  });
});
