/**
 * The benchmark's baselines: the least work a durable LINE webhook must do on Node, done the cheapest
 * correct way (issue 17 §1), on the same load as the bot.
 *   BASELINE=store   verify-and-store: `@hono/node-server`; the signature checked with `node:crypto`
 *                    (`createHmac` + `timingSafeEqual`) over the raw body; `JSON.parse`; one
 *                    better-sqlite3 `INSERT OR IGNORE` per event (WAL, `synchronous=NORMAL`); 200.
 *   BASELINE=answer  the same, and after the 200 each stored event is answered with one small text
 *                    message through LINE's reply endpoint (the bench's LINE double) over keep-alive
 *                    connections, at most 16 requests in flight, then marked done in SQLite — all in
 *                    this one thread.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { serve } from "@hono/node-server";
import Database from "better-sqlite3";
import { Hono } from "hono";

const port = Number(process.env.PORT);
const answering = process.env.BASELINE === "answer";
const secret = process.env.LINE_CHANNEL_SECRET ?? "";
const lineApi = process.env.LINE_API_BASE_URL ?? "";
const token = process.env.LINE_CHANNEL_ACCESS_TOKEN ?? "";
const IN_FLIGHT = 16;

const sqlite = new Database(process.env.DATABASE_PATH ?? ":memory:");
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = NORMAL");
sqlite.exec(
  "CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, body TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)",
);
const insert = sqlite.prepare("INSERT OR IGNORE INTO events (id, body) VALUES (?, ?)");
const markDone = sqlite.prepare("UPDATE events SET done = 1 WHERE id = ?");

interface LineEvent {
  webhookEventId: string;
  replyToken?: string;
}

const waiting: Array<{ id: string; replyToken: string }> = [];
let inFlight = 0;

async function answer(event: { id: string; replyToken: string }): Promise<void> {
  try {
    const response = await fetch(`${lineApi}/v2/bot/message/reply`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ replyToken: event.replyToken, messages: [{ type: "text", text: "รับทราบค่ะ" }] }),
    });
    await response.arrayBuffer();
    markDone.run(event.id);
  } catch (error) {
    console.error(`baseline: reply failed: ${String(error)}`);
  }
}

function pump(): void {
  while (inFlight < IN_FLIGHT && waiting.length > 0) {
    const event = waiting.shift();
    if (!event) break;
    inFlight++;
    void answer(event).finally(() => {
      inFlight--;
      pump();
    });
  }
}

const app = new Hono();
app.post("/webhook", async (c) => {
  const raw = Buffer.from(await c.req.arrayBuffer());
  const given = c.req.header("x-line-signature") ?? "";
  const mac = createHmac("sha256", secret).update(raw).digest();
  const signature = Buffer.from(given, "base64");
  if (signature.length !== mac.length || !timingSafeEqual(mac, signature)) return c.json({}, 401);
  const body = JSON.parse(raw.toString("utf8")) as { events: LineEvent[] };
  for (const event of body.events) {
    const stored = insert.run(event.webhookEventId, JSON.stringify(event)).changes > 0;
    if (answering && stored && event.replyToken)
      waiting.push({ id: event.webhookEventId, replyToken: event.replyToken });
  }
  if (answering) setImmediate(pump); // after the 200 is on its way
  return c.json({}, 200);
});
app.get("/healthz", (c) => c.json({ status: "ok" }));
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => console.log("baseline ready"));
