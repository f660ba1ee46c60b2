import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppDeps } from "../deps";

interface Sample {
  labels?: Record<string, string | number>;
  value: number;
}

function family(name: string, help: string, type: "gauge" | "counter", samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const sample of samples) {
    const labels = Object.entries(sample.labels ?? {})
      .map(([key, value]) => `${key}="${String(value).replace(/["\\\n]/g, "_")}"`)
      .join(",");
    lines.push(`${name}${labels ? `{${labels}}` : ""} ${sample.value}`);
  }
  return lines.join("\n");
}

/**
 * `GET /metrics`: Prometheus text format, read from the database so every thread's and every
 * instance's work counts (events by status, the outbox's depth and age, LINE's answers, complaints,
 * reminders). No personal data: only counts.
 */
export function metricsRoute(deps: AppDeps) {
  const { db, orgId } = deps;
  return new Hono().get("/", async (c) => {
    const now = deps.clock.now();
    const sinceMinute = Math.floor(now / 60_000) - 15;
    const [inbox, outbox, oldest, lineAnswers, complaints, reminders, calls] = await Promise.all([
      db.all<{ status: string; n: number }>(
        sql`SELECT status, count(*) AS n FROM inbox_events WHERE org_id = ${orgId} GROUP BY status`,
      ),
      db.all<{ status: string; n: number }>(
        sql`SELECT status, count(*) AS n FROM outbox WHERE org_id = ${orgId} GROUP BY status`,
      ),
      db.get<{ at: number | null }>(
        sql`SELECT min(created_at) AS at FROM outbox WHERE org_id = ${orgId} AND status IN ('pending', 'sending')`,
      ),
      db.all<{ status: number; n: number }>(
        sql`SELECT last_status AS status, count(*) AS n FROM outbox
          WHERE org_id = ${orgId} AND last_status IS NOT NULL GROUP BY last_status`,
      ),
      db.all<{ track: string; status: string; n: number }>(
        sql`SELECT track, status, count(*) AS n FROM complaints WHERE org_id = ${orgId} GROUP BY track, status`,
      ),
      db.all<{ kind: string; n: number }>(
        sql`SELECT kind, count(*) AS n FROM reminder_log WHERE org_id = ${orgId} GROUP BY kind`,
      ),
      db.get<{
        calls: number;
        failures: number;
        totalMs: number;
        w250: number;
        w1000: number;
        w5000: number;
      }>(
        sql`SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(failures), 0) AS failures,
          coalesce(sum(total_ms), 0) AS totalMs, coalesce(sum(within_250), 0) AS w250,
          coalesce(sum(within_1000), 0) AS w1000, coalesce(sum(within_5000), 0) AS w5000
        FROM line_api_stats WHERE org_id = ${orgId} AND minute > ${sinceMinute}`,
      ),
    ]);
    const recent = calls ?? { calls: 0, failures: 0, totalMs: 0, w250: 0, w1000: 0, w5000: 0 };
    const body = [
      family("prongsai_up", "1 when the database answers.", "gauge", [{ value: 1 }]),
      family(
        "prongsai_webhook_events",
        "Webhook events stored, by processing status.",
        "gauge",
        inbox.map((row) => ({ labels: { status: row.status }, value: row.n })),
      ),
      family(
        "prongsai_outbox_messages",
        "Message batches to LINE, by delivery status.",
        "gauge",
        outbox.map((row) => ({ labels: { status: row.status }, value: row.n })),
      ),
      family("prongsai_outbox_oldest_pending_seconds", "Age of the oldest undelivered batch.", "gauge", [
        { value: oldest?.at ? Math.round((now - oldest.at) / 1000) : 0 },
      ]),
      family(
        "prongsai_line_api_answers",
        "Batches by the last HTTP status LINE's API answered (429: rate limit or quota).",
        "gauge",
        lineAnswers.map((row) => ({ labels: { status: row.status }, value: row.n })),
      ),
      family("prongsai_line_api_calls_15m", "LINE API calls (reply, push) in the last 15 minutes.", "gauge", [
        { value: recent.calls },
      ]),
      family(
        "prongsai_line_api_failures_15m",
        "LINE API calls that failed in the last 15 minutes.",
        "gauge",
        [{ value: recent.failures }],
      ),
      family(
        "prongsai_line_api_latency_15m_seconds",
        "LINE API call latency over the last 15 minutes: calls answered within each bound, and the sum.",
        "gauge",
        [
          { labels: { le: "0.25" }, value: recent.w250 },
          { labels: { le: "1" }, value: recent.w1000 },
          { labels: { le: "5" }, value: recent.w5000 },
          { labels: { le: "+Inf" }, value: recent.calls },
          { labels: { stat: "sum" }, value: Math.round(recent.totalMs) / 1000 },
        ],
      ),
      family(
        "prongsai_complaints",
        "Complaints by track and status.",
        "gauge",
        complaints.map((row) => ({ labels: { track: row.track, status: row.status }, value: row.n })),
      ),
      family(
        "prongsai_reminders_sent_total",
        "Reminders sent, by kind.",
        "counter",
        reminders.map((row) => ({ labels: { kind: row.kind }, value: row.n })),
      ),
    ].join("\n\n");
    return c.text(`${body}\n`, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
}
