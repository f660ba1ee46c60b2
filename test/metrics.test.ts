import { describe, expect, it } from "vitest";
import { newLineUserId } from "../src/simulator/webhook-events";
import { chatUser } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

describe("GET /metrics", () => {
  it("answers Prometheus text with events, outbox, LINE answers and complaints, and no personal data", async () => {
    const userId = newLineUserId();
    const user = chatUser(t.bot, t.line, userId);
    await user.say("ร้องเรียน");
    await user.tap("ยินยอม");
    await user.tap("ร้องทุกข์ทั่วไป");
    await user.tap("ถนน/ทางเท้า");
    await user.say("ถนนเป็นหลุมหน้าบ้านนายสมชาย");
    await user.tap("ข้าม");
    await user.tap("ข้าม");
    await user.tap("ยืนยัน");
    const response = await fetch(`${t.bot.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();
    expect(text).toContain("# TYPE prongsai_webhook_events gauge");
    expect(text).toMatch(/prongsai_webhook_events\{status="done"\} (\d+)/);
    expect(Number(/prongsai_webhook_events\{status="done"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(
      8,
    );
    expect(text).toMatch(/prongsai_outbox_messages\{status="sent"\} \d+/);
    expect(text).toContain('prongsai_line_api_answers{status="200"}');
    expect(text).toContain('prongsai_complaints{track="general",status="received"} 1');
    expect(text).toContain("prongsai_outbox_oldest_pending_seconds 0");
    const calls = Number(/prongsai_line_api_calls_15m (\d+)/.exec(text)?.[1]);
    expect(calls).toBeGreaterThanOrEqual(8); // one reply per message
    expect(text).toContain(`prongsai_line_api_latency_15m_seconds{le="+Inf"} ${calls}`);
    expect(text).toContain("prongsai_line_api_failures_15m 0");
    expect(text).not.toContain(userId);
    expect(text).not.toContain("สมชาย");
    // Every sample line is `name{labels} number`.
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) {
      expect(line).toMatch(/^[a-z_][a-z0-9_]*(\{[^}]*\})? -?\d+(\.\d+)?$/);
    }
  });
});
