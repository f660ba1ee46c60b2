import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { EVENT_ANSWER_BUCKETS, LINE_CALL_BUCKETS, labelText, readCounters } from "../db/repos/metrics.repo";
import type { AppDeps } from "../deps";

type Kind = "counter" | "gauge" | "histogram";

interface Family {
  name: string;
  kind: Kind;
  help: string;
  /** Histograms: the bucket bounds, rendered in full for every label set. */
  buckets?: readonly number[];
}

/** Every durable counter and histogram (`metric_counters`), in exposition order. */
const COUNTERS: readonly Family[] = [
  {
    name: "prongsai_webhook_events_received_total",
    kind: "counter",
    help: "Webhook events acknowledged and taken up for handling (each once, however often LINE redelivers it), by type.",
  },
  {
    name: "prongsai_webhook_events_handled_total",
    kind: "counter",
    help: "Webhook event handlings by outcome: done, failed (for good), retry (failed, tried again later).",
  },
  {
    name: "prongsai_line_api_calls_total",
    kind: "counter",
    help: "Messaging API calls by endpoint (reply, push, richmenu) and HTTP status class (error: no answer).",
  },
  {
    name: "prongsai_line_api_request_duration_seconds",
    kind: "histogram",
    help: "Messaging API call latency by endpoint.",
    buckets: LINE_CALL_BUCKETS,
  },
  {
    name: "prongsai_event_answer_seconds",
    kind: "histogram",
    help: "From acknowledging an event to LINE taking its first answer.",
    buckets: EVENT_ANSWER_BUCKETS,
  },
  { name: "prongsai_complaints_filed_total", kind: "counter", help: "Complaints filed, by track." },
  {
    name: "prongsai_complaint_status_changes_total",
    kind: "counter",
    help: "Complaint status changes (reopenings included), by new status.",
  },
  { name: "prongsai_reminders_sent_total", kind: "counter", help: "Reminders sent, by kind." },
];

function header(family: { name: string; kind: Kind; help: string }): string[] {
  return [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.kind}`];
}

function sample(name: string, labels: string, value: number): string {
  return `${name}${labels ? `{${labels}}` : ""} ${Number.isFinite(value) ? value : 0}`;
}

const withOrg = (org: string, labels: string) => [`org="${org}"`, labels].filter(Boolean).join(",");

/** A histogram's label sets (without `le`) from its stored rows, each rendered with every bucket. */
function histogram(family: Family, rows: Map<string, number>, org: string): string[] {
  const sets = new Set<string>();
  for (const key of rows.keys()) {
    const [name, labels = ""] = key.split("\u0000");
    if (name === `${family.name}_count`) sets.add(labels);
  }
  const lines: string[] = [];
  for (const labels of [...sets].sort()) {
    const parsed = Object.fromEntries(
      [...labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    const bucket = (le: string) => labelText({ ...parsed, le });
    for (const le of [...(family.buckets ?? []).map(String), "+Inf"]) {
      const value = rows.get(`${family.name}_bucket\u0000${bucket(le)}`) ?? 0;
      lines.push(sample(`${family.name}_bucket`, withOrg(org, bucket(le)), value));
    }
    lines.push(
      sample(`${family.name}_sum`, withOrg(org, labels), rows.get(`${family.name}_sum\u0000${labels}`) ?? 0),
    );
    lines.push(
      sample(
        `${family.name}_count`,
        withOrg(org, labels),
        rows.get(`${family.name}_count\u0000${labels}`) ?? 0,
      ),
    );
  }
  return lines;
}

/**
 * `GET /metrics`: Prometheus text format 0.0.4. Counters and histograms come from `metric_counters`,
 * bumped in the same commit as what they count, so they only ever grow — across restarts, threads,
 * instances and runtimes, and whatever is pruned. Gauges are levels read from the open rows only
 * (partial indexes), so a scrape costs the same however much history the database holds. Every
 * sample carries the organisation (`org`). No personal data: only counts.
 */
export function metricsRoute(deps: AppDeps) {
  const { db, orgId } = deps;
  return new Hono().get("/", async (c) => {
    const now = deps.clock.now();
    const [counters, outbox, inbox] = await Promise.all([
      readCounters(db),
      db.get<{ depth: number; oldest: number | null }>(
        sql`SELECT count(*) AS depth, min(created_at) AS oldest FROM outbox
          WHERE status IN ('pending', 'sending')`,
      ),
      db.get<{ backlog: number }>(
        sql`SELECT count(*) AS backlog FROM inbox_events
          WHERE status IN ('pending', 'processing')`,
      ),
    ]);
    const rows = new Map(counters.map((row) => [`${row.name}\u0000${row.labels}`, row.value]));
    const org = orgId.replace(/["\\\n]/g, "_");
    const sections: string[][] = [
      [
        ...header({ name: "prongsai_up", kind: "gauge", help: "1 when the database answers." }),
        sample("prongsai_up", withOrg(org, ""), 1),
      ],
      [
        ...header({
          name: "prongsai_outbox_depth",
          kind: "gauge",
          help: "Message batches and LINE actions not yet delivered.",
        }),
        sample("prongsai_outbox_depth", withOrg(org, ""), outbox?.depth ?? 0),
      ],
      [
        ...header({
          name: "prongsai_outbox_oldest_undelivered_seconds",
          kind: "gauge",
          help: "Age of the oldest undelivered batch (0 when none).",
        }),
        sample(
          "prongsai_outbox_oldest_undelivered_seconds",
          withOrg(org, ""),
          outbox?.oldest ? Math.max(0, Math.round((now - outbox.oldest) / 1000)) : 0,
        ),
      ],
      [
        ...header({
          name: "prongsai_inbox_backlog",
          kind: "gauge",
          help: "Webhook events stored and not yet handled.",
        }),
        sample("prongsai_inbox_backlog", withOrg(org, ""), inbox?.backlog ?? 0),
      ],
    ];
    for (const family of COUNTERS) {
      if (family.kind === "histogram") {
        sections.push([...header(family), ...histogram(family, rows, org)]);
        continue;
      }
      const samples = counters
        .filter((row) => row.name === family.name)
        .sort((a, b) => a.labels.localeCompare(b.labels))
        .map((row) => sample(family.name, withOrg(org, row.labels), row.value));
      sections.push([...header(family), ...samples]);
    }
    const body = sections.map((lines) => lines.join("\n")).join("\n");
    return c.text(`${body}\n`, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
}
