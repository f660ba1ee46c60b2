/**
 * Migration 0015 (one database per organisation): a database migrated to 0014 with rows in every
 * table keeps them all, less their org_id, on both drivers (better-sqlite3 through drizzle's
 * migrator as `npm start` runs it, D1 in workerd as `npm run start:worker` applies it); a database
 * with rows of two organisations is refused and left as it was.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { D1Database } from "@cloudflare/workers-types";
import Database from "better-sqlite3";
import { Log, LogLevel, Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MixedOrganisationsError } from "../src/runtime/one-organisation";
import { MIGRATIONS_FOLDER, openSqlite } from "../src/runtime/sqlite";
import { applyD1Migrations } from "../src/runtime/worker-local";

const BEFORE = "0014_drop_line_api_stats";
const ORG = "default";

/** Rows in every table of the 0014 schema, linked as the product links them. */
function rowsAt0014(org: string): string[] {
  const o = `'${org}'`;
  return [
    `INSERT INTO organizations (id, name, created_at) VALUES (${o}, 'อบต.ทดสอบ', 1)`,
    `INSERT INTO tenants (id, name, channel_secret_sealed, channel_access_token_sealed, admin_token_sha256, created_at) VALUES ('other-org', 'อื่น', 's', 't', 'h', 1)`,
    `INSERT INTO units (id, org_id, name, created_at) VALUES ('u1', ${o}, 'กองช่าง', 1), ('u2', ${o}, 'สำนักปลัด', 1)`,
    `INSERT INTO complaint_categories (id, org_id, name, unit_id, deadline_days) VALUES ('c1', ${o}, 'ถนน', 'u1', 15)`,
    `INSERT INTO complaints (id, org_id, tracking_code, track, fiscal_year, seq, category_id, category, description, status, routed_unit_id, anonymous, created_at, due_date, updated_at, source_event_id) VALUES (1, ${o}, 'G69-0001', 'general', 2569, 1, 'c1', 'ถนน', 'ถนนชำรุด', 'in_progress', 'u1', 0, 10, '2026-12-20', 11, 'ev-1'), (2, ${o}, 'C69-0001', 'corruption', 2569, 1, NULL, 'ทุจริต', 'เรียกเงิน', 'received', NULL, 1, 12, '2026-12-21', 12, 'ev-2')`,
    `INSERT INTO complaint_contacts (complaint_id, org_id, line_user_id, created_at) VALUES (1, ${o}, 'Ucitizen', 10)`,
    `INSERT INTO complaint_photos (id, org_id, complaint_id, kind, blob_key, content_type, created_at) VALUES ('p1', ${o}, 1, 'report', 'photos/p1', 'image/jpeg', 10)`,
    `INSERT INTO complaint_history (org_id, complaint_id, status, note, by, at) VALUES (${o}, 1, 'received', '', 'ผู้ร้อง', 10), (${o}, 1, 'in_progress', 'รับเรื่อง', 'กองช่าง', 11)`,
    `INSERT INTO users (org_id, line_user_id, role, unit_id, created_at, last_seen_at, display_name) VALUES (${o}, 'Ucitizen', 'citizen', NULL, 1, 2, NULL), (${o}, 'Ustaff', 'staff', 'u1', 1, 2, 'ช่างสมชาย')`,
    `INSERT INTO conversations (org_id, line_user_id, flow, version, step, data, expires_at, updated_at) VALUES (${o}, 'Ucitizen', 'complaint', 1, 'describe', '{"track":"general"}', 99, 5)`,
    `INSERT INTO invites (code, org_id, role, unit_id, created_at, expires_at) VALUES ('ABC123', ${o}, 'staff', 'u2', 1, 99)`,
    `INSERT INTO audit_log (org_id, at, actor, action, subject, detail) VALUES (${o}, 3, 'admin-api', 'unit.create', 'u2', '{"name":"สำนักปลัด"}')`,
    `INSERT INTO reminder_log (org_id, recipient, kind, day, sent_at, summary) VALUES (${o}, 'Ustaff', 'due_soon', '2026-12-01', 4, '1 เรื่อง')`,
    `INSERT INTO privacy_erasures (org_id, line_user_id, pseudonym, requested_at) VALUES (${o}, 'Ugone', 'anon-1', 5)`,
    `INSERT INTO admin_accounts (id, org_id, username, password_hash, created_at) VALUES ('a1', ${o}, 'admin', '$2b$hash', 1)`,
    `INSERT INTO admin_sessions (token_hash, org_id, account_id, csrf_token, created_at, expires_at) VALUES ('t1', ${o}, 'a1', 'csrf', 1, 99)`,
    `INSERT INTO sign_in_attempts (org_id, client_key, at) VALUES (${o}, 'k1', 6)`,
    `INSERT INTO eit_responses (org_id, fiscal_year, line_user_id, scores, answered_at) VALUES (${o}, 2569, 'Ustaff', '{"e1":80}', 7)`,
    `INSERT INTO eit_invitations (org_id, fiscal_year, line_user_id, sent_at) VALUES (${o}, 2569, 'Ucitizen', 7)`,
    `INSERT INTO inbox_events (id, org_id, webhook_event_id, chat_key, type, event_at, payload, received_at, status, next_attempt_at) VALUES (1, ${o}, 'W1', 'Ucitizen', 'message', 8, '{}', 8, 'done', 8), (2, ${o}, 'W2', 'Ucitizen', 'message', 9, '{}', 9, 'pending', 9)`,
    `INSERT INTO inbox_watermarks (org_id, low_id) VALUES (${o}, 2)`,
    `INSERT INTO ita_results (org_id, fiscal_year, total, level, indicators, items, updated_at) VALUES (${o}, 2568, 88.5, 'A', '[{"indicator":1,"score":90}]', '[]', 9)`,
    `INSERT INTO measure_templates (id, org_id, indicator, title, method, created_at) VALUES ('mt1', ${o}, 9, 'เปิดเผยข้อมูล', 'เว็บไซต์', 1)`,
    `INSERT INTO measures (id, org_id, fiscal_year, title, indicators, method, start_month, end_month, created_at) VALUES ('m1', ${o}, 2569, 'มาตรการ', '[9]', 'วิธี', '2026-10', '2027-09', 1)`,
    `INSERT INTO measure_units (measure_id, unit_id, org_id) VALUES ('m1', 'u1', ${o})`,
    `INSERT INTO measure_progress (id, org_id, measure_id, at, performed_on, by, text, percent, status) VALUES ('mp1', ${o}, 'm1', 10, '2026-11-01', 'กองช่าง', 'ทำแล้ว', 50, 'in_progress')`,
    `INSERT INTO measure_progress_revisions (id, org_id, progress_id, kind, at, by, before) VALUES ('mr1', ${o}, 'mp1', 'corrected', 11, 'กองช่าง', '{"percent":40}')`,
    `INSERT INTO measure_photos (id, org_id, progress_id, blob_key, content_type, created_at) VALUES ('mph1', ${o}, 'mp1', 'photos/mph1', 'image/png', 10)`,
    `INSERT INTO outbox (org_id, to_id, messages, retry_key, next_attempt_at, created_at, status) VALUES (${o}, 'Ucitizen', '[]', 'rk-1', 12, 12, 'pending')`,
    `INSERT INTO org_settings (org_id, key, value, updated_at) VALUES (${o}, 'eit_drive', '{"on":true}', 1)`,
    `INSERT INTO holidays (org_id, date, name) VALUES (${o}, '2026-12-05', 'วันพ่อ')`,
  ];
}

/** Every table's rows as the app sees them, less org_id: what must survive the migration. */
const TABLES = [
  "organizations",
  "tenants",
  "units",
  "complaint_categories",
  "complaints",
  "complaint_contacts",
  "complaint_photos",
  "complaint_history",
  "users",
  "conversations",
  "invites",
  "audit_log",
  "reminder_log",
  "privacy_erasures",
  "admin_accounts",
  "admin_sessions",
  "sign_in_attempts",
  "eit_responses",
  "eit_invitations",
  "inbox_events",
  "inbox_watermarks",
  "ita_results",
  "measure_templates",
  "measures",
  "measure_units",
  "measure_progress",
  "measure_progress_revisions",
  "measure_photos",
  "outbox",
  "org_settings",
  "holidays",
  "metric_counters",
];

type Row = Record<string, unknown>;
type Read = (sql: string) => Promise<Row[]>;

/** The tables that still have an org_id column (D1 does not let a query read sqlite_master). */
async function tablesWithOrgId(read: Read): Promise<string[]> {
  const found: string[] = [];
  for (const table of TABLES) {
    const columns = await read(`PRAGMA table_info(${table})`);
    if (columns.some((column) => column.name === "org_id")) found.push(table);
  }
  return found;
}

async function snapshot(read: Read): Promise<Record<string, Row[]>> {
  const all: Record<string, Row[]> = {};
  for (const table of TABLES) {
    const rows = await read(`SELECT * FROM ${table} ORDER BY 1, 2`);
    all[table] = rows.map(({ org_id: _org, id, ...rest }) =>
      // inbox_watermarks had no id (its key was org_id): the one row is id 1 now.
      table === "inbox_watermarks" ? rest : { id, ...rest },
    );
  }
  return all;
}

/** A migrations folder that stops at `last`, as a database of that version saw it. */
function migrationsUpTo(last: string): string {
  const dir = mkdtempSync(join(tmpdir(), "prongsai-migrations-"));
  mkdirSync(join(dir, "meta"));
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"));
  const end = journal.entries.findIndex((entry: { tag: string }) => entry.tag === last);
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(join(dir, "meta/_journal.json"), JSON.stringify(journal));
  for (const entry of journal.entries)
    cpSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  return dir;
}

const folders: string[] = [];
let before: string;
beforeAll(() => {
  before = migrationsUpTo(BEFORE);
  folders.push(before);
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("migration 0015 on better-sqlite3", () => {
  function databaseAt0014(extra: string[] = []) {
    const dir = mkdtempSync(join(tmpdir(), "prongsai-0015-"));
    folders.push(dir);
    const path = join(dir, "bot.sqlite");
    openSqlite(path, before).close();
    const raw = new Database(path);
    raw.pragma("foreign_keys = ON");
    raw.transaction(() => {
      for (const statement of [...rowsAt0014(ORG), ...extra]) raw.prepare(statement).run();
    })();
    return { path, raw };
  }
  const reader =
    (raw: Database.Database): Read =>
    async (sql) =>
      raw.prepare(sql).all() as Row[];

  it("keeps every row, less org_id, with foreign keys and counters intact", async () => {
    const { path, raw } = databaseAt0014();
    const was = await snapshot(reader(raw));
    raw.close();

    const sqlite = openSqlite(path);
    sqlite.close();
    const after = new Database(path);
    try {
      expect(await snapshot(reader(after))).toEqual(was);
      expect(await tablesWithOrgId(reader(after))).toEqual([]);
      expect(after.pragma("foreign_key_check")).toEqual([]);
      expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
      // The counters' triggers came back without org_id.
      after
        .prepare(
          "INSERT INTO complaint_history (complaint_id, status, by, at) VALUES (1, 'done', 'กองช่าง', 20)",
        )
        .run();
      expect(
        after
          .prepare(
            "SELECT value FROM metric_counters WHERE name = 'prongsai_complaint_status_changes_total' AND labels = 'status=\"done\"'",
          )
          .get(),
      ).toEqual({ value: 1 });
    } finally {
      after.close();
    }
  });

  it("refuses a database with rows of two organisations, and leaves it as it was", async () => {
    const { path, raw } = databaseAt0014([
      "INSERT INTO organizations (id, name, created_at) VALUES ('other', 'อื่น', 1)",
      "INSERT INTO units (id, org_id, name, created_at) VALUES ('u9', 'other', 'กองช่าง', 1)",
    ]);
    const was = await snapshot(reader(raw));
    const withOrg = raw.prepare("SELECT org_id, id FROM units ORDER BY id").all();
    raw.close();

    let refused: unknown;
    try {
      openSqlite(path).close();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(MixedOrganisationsError);
    expect((refused as Error).message).toContain(
      `database ${path} holds rows of 2 organisations (default: 38 rows, other: 1 row)`,
    );
    expect((refused as Error).message).toContain("nothing was changed");

    const after = new Database(path);
    try {
      expect(after.prepare("SELECT org_id, id FROM units ORDER BY id").all()).toEqual(withOrg);
      const applied = after.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
      expect(applied.n).toBe(15);
      const now = await snapshot(reader(after));
      expect(now).toEqual(was);
    } finally {
      after.close();
    }
  });
});

describe("migration 0015 on D1 (workerd)", () => {
  let mf: Miniflare;
  let d1Before: string;
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: "export default { fetch: () => new Response(null, { status: 404 }) };",
      d1Databases: { KEPT: "kept", MIXED: "mixed" },
      host: "127.0.0.1",
      port: 0,
      cf: false,
      log: new Log(LogLevel.WARN),
    });
    // applyD1Migrations reads the .sql files of a folder: the same folder up to 0014.
    d1Before = mkdtempSync(join(tmpdir(), "prongsai-d1-migrations-"));
    folders.push(d1Before);
    for (const name of readdirSync(before).filter((file) => file.endsWith(".sql"))) {
      cpSync(join(before, name), join(d1Before, name));
    }
  });
  afterAll(async () => {
    await mf?.dispose();
  });

  async function d1At0014(binding: string, extra: string[] = []) {
    const d1 = (await mf.getD1Database(binding)) as unknown as D1Database;
    await applyD1Migrations(d1, d1Before, binding);
    await d1.batch([...rowsAt0014(ORG), ...extra].map((statement) => d1.prepare(statement)));
    const read: Read = async (sql) => (await d1.prepare(sql).all<Row>()).results;
    return { d1, read };
  }

  it("keeps every row, less org_id, with foreign keys intact", async () => {
    const { d1, read } = await d1At0014("KEPT");
    const was = await snapshot(read);
    expect(await applyD1Migrations(d1, undefined, "KEPT")).toEqual([
      "0015_one_database_per_organisation.sql",
    ]);
    expect(await snapshot(read)).toEqual(was);
    expect(await tablesWithOrgId(read)).toEqual([]);
    expect(await read("PRAGMA foreign_key_check")).toEqual([]);
    // The counters' triggers came back without org_id.
    await d1
      .prepare(
        "INSERT INTO complaint_history (complaint_id, status, by, at) VALUES (1, 'done', 'กองช่าง', 20)",
      )
      .run();
    expect(
      await read(
        `SELECT value FROM metric_counters WHERE name = 'prongsai_complaint_status_changes_total' AND labels = 'status="done"'`,
      ),
    ).toEqual([{ value: 1 }]);
  });

  it("refuses a database with rows of two organisations, and leaves it as it was", async () => {
    const { d1, read } = await d1At0014("MIXED", [
      "INSERT INTO organizations (id, name, created_at) VALUES ('other', 'อื่น', 1)",
      "INSERT INTO units (id, org_id, name, created_at) VALUES ('u9', 'other', 'กองช่าง', 1)",
    ]);
    const was = await snapshot(read);
    await expect(applyD1Migrations(d1, undefined, "MIXED")).rejects.toThrow(
      "database MIXED (D1) holds rows of 2 organisations (default: 38 rows, other: 1 row)",
    );
    expect(await snapshot(read)).toEqual(was);
    expect(await read("SELECT org_id FROM units WHERE id = 'u9'")).toEqual([{ org_id: "other" }]);
    expect(await read("SELECT count(*) AS n FROM d1_migrations")).toEqual([{ n: 15 }]);
  });
});
