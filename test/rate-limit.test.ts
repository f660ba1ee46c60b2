import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../src/bot/rate-limit";
import { newLineUserId } from "../src/simulator/webhook-events";
import { textOf } from "./support/chat";
import { useBot } from "./support/harness";

describe("chat rate limit", () => {
  it("lets a person's pace through, says once when a chat floods, then drops until it slows down", () => {
    const limiter = createRateLimiter(60); // a minute's average of 60, bursts of 30
    const results = Array.from({ length: 40 }, (_, i) => limiter.check("U1", 1_000 + i * 10));
    expect(results.filter((r) => r === "ok")).toHaveLength(30);
    expect(results[30]).toBe("limited");
    expect(results.slice(31).every((r) => r === "drop")).toBe(true);
    expect(limiter.check("U2", 1_500)).toBe("ok"); // another chat is unaffected
    expect(limiter.check("U1", 1_000 + 40 * 10 + 2_000)).toBe("ok"); // a second later: a token is back
    expect(createRateLimiter(0).check("U1", 0)).toBe("ok");
  });
});

describe("over HTTP", () => {
  const t = useBot({ chatRateLimit: "6" }); // bursts of 5
  it("answers a flood once with a notice and stays silent for the rest", async () => {
    const userId = newLineUserId();
    const events = Array.from({ length: 10 }, () => t.bot.event(userId, { type: "text", text: "สวัสดี" }));
    expect((await t.bot.postEvents(events)).status).toBe(200);
    await t.bot.settle();
    const texts = t.line.double.messagesFor(userId).map(textOf);
    expect(texts).toHaveLength(6);
    expect(texts.at(-1)).toContain("ส่งข้อความถี่เกินไป");
  });
});
