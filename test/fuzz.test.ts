/**
 * Property-based tests (fast-check) over the webhook and every chat step. Bounded for CI;
 * `FUZZ_RUNS=500 npx vitest run test/fuzz.test.ts` runs longer.
 * Invariants: no 5xx, no crash (no event fails), no half-saved record, every message gets an answer.
 */

import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UserAction } from "../src/simulator/webhook-events";
import { newLineUserId, webhookBody } from "../src/simulator/webhook-events";
import { GIF, JPEG, PNG } from "./support/chat";
import { useBot } from "./support/harness";

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const t = useBot();

/** Words the bot knows (keywords, labels) and text meant to break things. */
const KNOWN = [
  "เมนู",
  "ร้องเรียน",
  "ติดตามเรื่อง",
  "ประเมิน",
  "ยกเลิก",
  "ลงทะเบียน ABCD-EFGH",
  "มาตรการ",
  "งานร้องเรียน",
  "ภาพรวม",
  "รายงาน",
  "ลบข้อมูลของฉัน",
  "ยืนยัน",
  "ยินยอม",
  "ไม่ยินยอม",
  "ร้องทุกข์ทั่วไป",
  "ร้องเรียนการทุจริต",
  "ถนน/ทางเท้า",
  "อื่น ๆ",
  "ข้าม",
  "เสร็จ",
  "ไม่ประสงค์ออกนาม",
  "เปิดเผยตัวตน",
  "มากที่สุด",
  "เคย",
  "ไม่เคย",
  "ติดตามเรื่อง R2570-00001",
  "ติดตามเรื่อง <script>alert(1)</script>",
];
const NASTY = [
  "ก่ำ่่่่่่่่", // stacked Thai tone marks
  "👩‍👩‍👧‍👦‍".repeat(50), // zero-width joiners
  "مرحبا بالعالم ‮ RTL override", // right-to-left
  "\u0000\u0001\u001f", // control characters
  "ถนน".repeat(1667), // 5,001 characters
  " ".repeat(20),
  "'; DROP TABLE complaints; --",
];

const text = fc.oneof(
  fc.constantFrom(...KNOWN),
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
);
const action: fc.Arbitrary<UserAction> = fc.oneof(
  { weight: 6, arbitrary: text.map((value) => ({ type: "text" as const, text: value.slice(0, 5000) })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          "a=fix&c=R2570-00001&v=no",
          "a=work&c=X",
          "a=measure&id=../../etc",
          "a=rate&c=R2570-00001&v=99",
        ),
      )
      .map((data) => ({ type: "postback" as const, data })),
  },
  { weight: 1, arbitrary: fc.constant({ type: "sticker" as const }) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        latitude: fc.double({ min: -90, max: 90, noNaN: true }),
        longitude: fc.double({ min: -180, max: 180, noNaN: true }),
      })
      .map((place) => ({ type: "location" as const, ...place, address: "ที่ไหนสักแห่ง" })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("jpeg", "png", "gif", "missing")
      .map((kind) => ({ type: "image" as const, messageId: kind })),
  },
  { weight: 1, arbitrary: fc.constantFrom({ type: "follow" as const }, { type: "unfollow" as const }) },
);

describe("fuzz: the webhook body", () => {
  it("answers any signed body with 200, 400 or 413 — never 5xx — and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ destination: "U0", events: [v] })),
        ),
        async (body) => {
          const response = await t.bot.postRaw(body);
          expect([200, 400, 413]).toContain(response.status);
        },
      ),
      { numRuns: RUNS * 10 },
    );
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
  });
});

describe("fuzz: chat", () => {
  it("random, duplicated and reordered events from several users: every message answered, nothing half-saved", async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ user: fc.integer({ min: 0, max: 2 }), action }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.boolean(),
        fc.boolean(),
        async (steps, duplicate, reverse) => {
          const users = [newLineUserId(), newLineUserId(), newLineUserId()];
          for (const [kind, bytes, type] of [
            ["jpeg", JPEG, "image/jpeg"],
            ["png", PNG, "image/png"],
            ["gif", GIF, "image/gif"],
          ] as const) {
            t.line.double.setContent(kind, bytes, type);
          }
          let events = steps.map(({ user, action: a }) => {
            const userId = users[user] as string;
            const event = t.bot.event(
              userId,
              a.type === "image" ? { type: "image", messageId: a.messageId } : a,
            );
            return { event, userId, answerable: a.type !== "unfollow" };
          });
          if (reverse) events = events.reverse();
          const bodies = events.map((e) => e.event);
          const posted = duplicate ? [...bodies, ...bodies] : bodies;
          for (let i = 0; i < posted.length; i += 7) {
            const response = await t.bot.postRaw(webhookBody(posted.slice(i, i + 7)));
            expect(response.status).toBe(200);
          }
          await t.bot.settle();
          counter++;

          // No handler threw (a thrown event is left with its error for a retry).
          const failures = await t.bot.deps.db.all<{ n: number }>(
            sql`SELECT count(*) AS n FROM inbox_events WHERE last_error IS NOT NULL`,
          );
          expect(failures[0]?.n).toBe(0);
          // Every user who wrote while following got answers (a blocked user gets none).
          for (const userId of users) {
            const mine = events.filter((e) => e.userId === userId && e.answerable);
            if (mine.length === 0) continue;
            const lastFollow = [...events].reverse().find((e) => e.userId === userId);
            if (!lastFollow?.answerable) continue;
            expect(t.line.double.deliveries({ userId }).length).toBeGreaterThan(0);
          }
          // Nothing half-saved: every complaint has its contact, its first history entry and a code.
          const orphans = await t.bot.deps.db.all<{ n: number }>(sql`
            SELECT count(*) AS n FROM complaints k
            WHERE NOT EXISTS (SELECT 1 FROM complaint_contacts c WHERE c.complaint_id = k.id)
               OR NOT EXISTS (SELECT 1 FROM complaint_history h WHERE h.complaint_id = k.id)`);
          expect(orphans[0]?.n).toBe(0);
          expect(t.line.double.invalidRequests()).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    expect(counter).toBe(RUNS);
  });
});

/** A whole complaint journey, as a person would tap it. */
const JOURNEY: UserAction[] = [
  { type: "text", text: "ร้องเรียน" },
  { type: "text", text: "ยินยอม" },
  { type: "text", text: "ร้องทุกข์ทั่วไป" },
  { type: "text", text: "ถนน/ทางเท้า" },
  { type: "text", text: "ถนนหน้าโรงเรียนเป็นหลุมลึก" },
  { type: "location", latitude: 13.7, longitude: 100.5, address: "หน้าโรงเรียน" },
  { type: "image", messageId: "jpeg" },
  { type: "text", text: "เสร็จ" },
  { type: "text", text: "ยืนยัน" },
];

describe("fuzz: journeys with noise", () => {
  it("a complaint journey with random events slipped in files at most one complaint, whole, and answers everything", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: JOURNEY.length }), action), { maxLength: 6 }),
        async (noise) => {
          t.line.double.setContent("jpeg", JPEG, "image/jpeg");
          const userId = newLineUserId();
          const steps = [...JOURNEY];
          for (const [at, extra] of [...noise].sort((a, b) => b[0] - a[0])) steps.splice(at, 0, extra);
          for (const step of steps) {
            expect((await t.bot.send(userId, step)).status).toBe(200);
          }
          await t.bot.settle();
          const filed = await t.bot.deps.db.all<{ n: number }>(sql`
            SELECT count(*) AS n FROM complaint_contacts WHERE line_user_id = ${userId}`);
          expect(filed[0]?.n).toBeLessThanOrEqual(1);
          const broken = await t.bot.deps.db.all<{ n: number }>(sql`
            SELECT count(*) AS n FROM complaints k JOIN complaint_contacts c ON c.complaint_id = k.id
            WHERE c.line_user_id = ${userId}
              AND NOT EXISTS (SELECT 1 FROM complaint_history h WHERE h.complaint_id = k.id)`);
          expect(broken[0]?.n).toBe(0);
          const failures = await t.bot.deps.db.all<{ n: number }>(
            sql`SELECT count(*) AS n FROM inbox_events WHERE last_error IS NOT NULL`,
          );
          expect(failures[0]?.n).toBe(0);
          // Every event but an unfollow got exactly one answer.
          const answerable = steps.filter((step) => step.type !== "unfollow").length;
          expect(t.line.double.deliveries({ userId })).toHaveLength(answerable);
          // With no noise at all the journey files exactly one complaint.
          if (noise.length === 0) expect(filed[0]?.n).toBe(1);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
