/**
 * The benchmark's baseline: a bare Hono app that only verifies the signature and inserts the event
 * into SQLite (same driver, WAL, same Web Crypto check) — the floor Prongsai's webhook is compared with.
 */
import { serve } from "@hono/node-server";
import Database from "better-sqlite3";
import { Hono } from "hono";
import { createSignatureVerifier } from "../src/line/signature";

const port = Number(process.env.PORT);
const sqlite = new Database(process.env.DATABASE_PATH ?? ":memory:");
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = NORMAL");
sqlite.exec("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
const insert = sqlite.prepare("INSERT OR IGNORE INTO events (id, body) VALUES (?, ?)");
const verifier = await createSignatureVerifier(process.env.LINE_CHANNEL_SECRET ?? "");

const app = new Hono();
app.post("/webhook", async (c) => {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!(await verifier.verify(raw, c.req.header("x-line-signature")))) return c.json({}, 401);
  const body = JSON.parse(new TextDecoder().decode(raw)) as { events: Array<{ webhookEventId: string }> };
  for (const event of body.events) insert.run(event.webhookEventId, JSON.stringify(event));
  return c.json({}, 200);
});
app.get("/healthz", (c) => c.json({ status: "ok" }));
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => console.log("baseline ready"));
