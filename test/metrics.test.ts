import { execFileSync, spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newLineUserId } from "../src/simulator/webhook-events";
import { startTestBot } from "./support/bot";
import { chatUser } from "./support/chat";
import { useBot } from "./support/harness";

const t = useBot();

/** The value of one sample (`name{labels} value`), or undefined when the series is absent. */
function sampleValue(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return response.text();
}

async function fileComplaint(user: ReturnType<typeof chatUser>) {
  await user.say("ร้องเรียน");
  await user.tap("ยินยอม");
  await user.tap("ร้องทุกข์ทั่วไป");
  await user.tap("ถนน/ทางเท้า");
  await user.say("ถนนเป็นหลุมหน้าบ้านนายสมชาย");
  await user.tap("ข้าม");
  await user.tap("ข้าม");
  await user.tap("ยืนยัน");
}

const PROMTOOL = spawnSync("promtool", ["--version"]).status === 0;

describe("GET /metrics", () => {
  it("counts events, answers, LINE calls and complaints as counters and histograms, with no personal data", async () => {
    const userId = newLineUserId();
    await fileComplaint(chatUser(t.bot, t.line, userId));
    const text = await scrape(t.bot.url);
    const org = 'org="default"';
    expect(text).toContain("# TYPE prongsai_webhook_events_received_total counter");
    expect(sampleValue(text, `prongsai_webhook_events_received_total{${org},type="message"}`)).toBe(8);
    expect(sampleValue(text, `prongsai_webhook_events_handled_total{${org},outcome="done"}`)).toBe(8);
    expect(sampleValue(text, `prongsai_complaints_filed_total{${org},track="general"}`)).toBe(1);
    const replies = sampleValue(text, `prongsai_line_api_calls_total{${org},endpoint="reply",status="2xx"}`);
    expect(replies).toBeGreaterThanOrEqual(8);
    // Histograms: cumulative buckets ending in +Inf = _count, and a _sum.
    expect(text).toContain("# TYPE prongsai_event_answer_seconds histogram");
    const answered = sampleValue(text, `prongsai_event_answer_seconds_count{${org}}`);
    expect(answered).toBe(8);
    expect(sampleValue(text, `prongsai_event_answer_seconds_bucket{${org},le="+Inf"}`)).toBe(answered);
    expect(sampleValue(text, `prongsai_event_answer_seconds_bucket{${org},le="300"}`)).toBe(answered);
    const buckets = [
      ...text.matchAll(
        /^prongsai_line_api_request_duration_seconds_bucket\{org="default",endpoint="reply",[^}]*\} (\S+)$/gm,
      ),
    ].map((m) => Number(m[1]));
    expect(buckets).toHaveLength(9);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b)); // cumulative
    expect(buckets.at(-1)).toBe(replies);
    expect(sampleValue(text, `prongsai_outbox_depth{${org}}`)).toBe(0);
    expect(sampleValue(text, `prongsai_outbox_oldest_undelivered_seconds{${org}}`)).toBe(0);
    expect(sampleValue(text, `prongsai_inbox_backlog{${org}}`)).toBe(0);
    expect(text).not.toContain(userId);
    expect(text).not.toContain("สมชาย");
  });

  it("counters never go down: not when handled rows are pruned, not across a restart", async () => {
    await fileComplaint(chatUser(t.bot, t.line, newLineUserId()));
    const before = await scrape(t.bot.url);
    const received = 'prongsai_webhook_events_received_total{org="default",type="message"}';
    const filed = 'prongsai_complaints_filed_total{org="default",track="general"}';
    expect(sampleValue(before, received)).toBe(8);
    // Retention and erasure delete rows; the counters stay. (The newest event stays, as pruning keeps
    // it: the inbox's ids and its scan watermark go on from there.)
    await t.bot.deps.db.run(sql`DELETE FROM outbox`);
    await t.bot.deps.db.run(sql`DELETE FROM inbox_events WHERE id < (SELECT max(id) FROM inbox_events)`);
    const pruned = await scrape(t.bot.url);
    expect(sampleValue(pruned, received)).toBe(8);
    expect(sampleValue(pruned, filed)).toBe(1);
    // The same database after a restart: the numbers go on from where they were.
    const path = t.bot.deps.config.databasePath;
    await t.bot.close();
    const again = await startTestBot(t.line, { databasePath: path });
    try {
      await chatUser(again, t.line, newLineUserId()).say("เมนู");
      await again.settle();
      const after = await scrape(again.url);
      expect(sampleValue(after, received)).toBe(9);
      expect(sampleValue(after, filed)).toBe(1);
    } finally {
      await again.close();
      // useBot closes its own bot after the test; give it a live one to close.
      Object.assign(t.bot, { close: async () => {} });
    }
  });

  it.skipIf(!PROMTOOL)(
    "passes `promtool check metrics` (Debian's prometheus package; skipped where absent)",
    async () => {
      await fileComplaint(chatUser(t.bot, t.line, newLineUserId()));
      const text = await scrape(t.bot.url);
      const output = execFileSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
      expect(output.trim()).toBe("");
    },
  );
});
