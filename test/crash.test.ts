/**
 * The process killed (SIGKILL) at a random point under load, as `npm start` runs it (processing on
 * its own thread): after a restart on the same database, no acknowledged event is lost and nothing is
 * answered twice, while LINE redelivers what was not acknowledged (and some of what was).
 */
import { type ChildProcess, spawn } from "node:child_process";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createSignatureVerifier } from "../src/line/signature";
import { newLineUserId, webhookBody, webhookEvent } from "../src/simulator/webhook-events";
import { TEST_ADMIN_TOKEN, TEST_SECRET, tempDatabasePath } from "./support/bot";
import { type RunningDouble, startDouble, TEST_ACCESS_TOKEN } from "./support/double";

let child: ChildProcess | undefined;
let line: RunningDouble | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  await line?.close();
});

function startBot(databasePath: string, port: number, origin: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/runtime/node.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_PATH: databasePath,
      LINE_CHANNEL_SECRET: TEST_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
      LINE_API_BASE_URL: origin,
      LINE_DATA_API_BASE_URL: origin,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      CHAT_RATE_LIMIT: "0",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
}

async function waitHealthy(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never became healthy`);
}

describe("killed under load", () => {
  it("loses no acknowledged event and answers none twice after a restart", async () => {
    line = await startDouble();
    const double = line.double;
    const databasePath = tempDatabasePath();
    const port = 23_000 + Math.floor(Math.random() * 2000);
    const url = `http://127.0.0.1:${port}`;
    const signer = await createSignatureVerifier(TEST_SECRET);
    const users = Array.from({ length: 20 }, () => newLineUserId());
    const events = users.flatMap((userId) =>
      Array.from({ length: 10 }, (_, i) =>
        webhookEvent(
          { type: "text", text: `สวัสดี ${i}` },
          { userId, timestamp: Date.now() + i, replyToken: double.issueReplyToken(userId) },
        ),
      ),
    );
    const post = async (event: Record<string, unknown>) => {
      const body = webhookBody([event]);
      try {
        const response = await fetch(`${url}/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-line-signature": await signer.sign(body) },
          body,
        });
        return response.status;
      } catch {
        return 0; // the connection died with the process
      }
    };

    child = startBot(databasePath, port, line.origin);
    await waitHealthy(`${url}/healthz`);
    const acknowledged = new Set<string>();
    const killAt = 40 + Math.floor(Math.random() * 100);
    let sent = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (sent < events.length) {
          const event = events[sent++] as Record<string, unknown>;
          if (sent === killAt) child?.kill("SIGKILL");
          if ((await post(event)) === 200) acknowledged.add(String(event.webhookEventId));
        }
      }),
    );
    child.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(events.length);

    // Restart; LINE redelivers everything not acknowledged, and every third acknowledged one too.
    child = startBot(databasePath, port, line.origin);
    await waitHealthy(`${url}/healthz`);
    for (const [i, event] of events.entries()) {
      const id = String(event.webhookEventId);
      if (!acknowledged.has(id) || i % 3 === 0) {
        expect(await post({ ...event, deliveryContext: { isRedelivery: true } })).toBe(200);
      }
    }
    const db = new Database(databasePath, { readonly: true });
    try {
      for (let i = 0; i < 200; i++) {
        const open = db
          .prepare("SELECT count(*) AS n FROM inbox_events WHERE status IN ('pending', 'processing')")
          .get() as { n: number };
        const undelivered = db
          .prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')")
          .get() as { n: number };
        if (open.n === 0 && undelivered.n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const rows = db.prepare("SELECT webhook_event_id AS id, status FROM inbox_events").all() as Array<{
        id: string;
        status: string;
      }>;
      // Every event (acknowledged before the kill, or redelivered after) is stored once and handled.
      expect(rows).toHaveLength(events.length);
      expect(rows.every((row) => row.status === "done")).toBe(true);
      // One answer batch per event; none lost but the replies cut off mid-send (LINE cannot tell
      // whether those tokens were used, so they are not sent again).
      const answers = db
        .prepare(
          `SELECT i.webhook_event_id AS id, count(o.id) AS batches, group_concat(o.status) AS statuses
           FROM inbox_events i LEFT JOIN outbox o ON o.source_event_id = i.id GROUP BY i.id`,
        )
        .all() as Array<{ id: string; batches: number; statuses: string }>;
      expect(answers.every((a) => a.batches === 1)).toBe(true);
      const unknown = answers.filter((a) => a.statuses === "unknown").length;
      expect(answers.filter((a) => a.statuses !== "sent" && a.statuses !== "unknown")).toEqual([]);
      // Nobody got more answers than events they sent.
      for (const userId of users) {
        expect(double.deliveries({ userId }).length).toBeLessThanOrEqual(10);
      }
      // A reply cut off mid-send may or may not have reached LINE (the kill can land after LINE took it
      // and before the result was written): every other answer arrived, and none twice.
      const delivered = users.reduce((n, userId) => n + double.deliveries({ userId }).length, 0);
      expect(delivered).toBeGreaterThanOrEqual(events.length - unknown);
      expect(delivered).toBeLessThanOrEqual(events.length);
    } finally {
      db.close();
    }
  }, 60_000);
});
