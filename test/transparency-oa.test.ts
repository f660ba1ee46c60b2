/**
 * The transparency page tells people how to reach the bot (the OA's LINE ID from LINE's bot info, the
 * add-friend link, a QR code as inline SVG) and offers only fiscal years that have data.
 */
import { describe, expect, it } from "vitest";
import { atomic } from "../src/db/client";
import { fileComplaintStatements } from "../src/db/repos/complaints.repo";
import { insertMeasures } from "../src/db/repos/measures.repo";
import { qrSvg } from "../src/web/transparency/line-oa";
import { useBot } from "./support/harness";

/** 20 May 2027 in Bangkok: fiscal year 2570. */
const NOW = Date.parse("2027-05-20T10:00:00+07:00");
const t = useBot({ startAt: NOW });

async function page(query = "") {
  const response = await fetch(`${t.bot.url}/transparency${query}`);
  return { status: response.status, html: await response.text() };
}

/** The year picker's entries, as shown. */
function yearsOffered(html: string): string[] {
  const list = html.slice(
    html.indexOf('<ul class="years"'),
    html.indexOf("</ul>", html.indexOf('<ul class="years"')),
  );
  return [...list.matchAll(/<(?:a|strong)[^>]*>(\d{4})<\/(?:a|strong)>/g)].map((m) => m[1] as string);
}

describe("how to reach the bot", () => {
  it("shows the OA's LINE ID from LINE's bot info, the add-friend link and a QR code", async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain('data-testid="line-id">@123prongsai</strong>');
    expect(html).toContain('href="https://line.me/R/ti/p/%40123prongsai"');
    const svg = html.match(/<svg[^>]*data-testid="line-qr"[\s\S]*?<\/svg>/)?.[0] ?? "";
    expect(svg).toContain('role="img"');
    // A version-3 code or larger: many dark modules drawn.
    expect((svg.match(/h1v1h-1z/g) ?? []).length).toBeGreaterThan(200);
    // Asked once, then cached.
    await page();
    const infoCalls = t.line.double.requests().filter((r) => r.path === "/v2/bot/info");
    expect(infoCalls).toHaveLength(1);
  });

  it("says how to find the OA when LINE cannot tell its ID", async () => {
    t.line.double.injectFault({ endpoint: "*", kind: "500", times: 1 });
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain('data-testid="line-oa-missing"');
    expect(html).not.toContain("line.me/R/ti/p/");
  });

  it("draws the same QR code for the same link, and a different one for another", () => {
    const a = qrSvg("https://line.me/R/ti/p/%40123prongsai", "x");
    expect(qrSvg("https://line.me/R/ti/p/%40123prongsai", "x")).toBe(a);
    expect(qrSvg("https://line.me/R/ti/p/%40999other", "x")).not.toBe(a);
  });
});

describe("the year picker", () => {
  it("offers only the years with complaints or measures, and the year shown", async () => {
    expect(yearsOffered((await page()).html)).toEqual(["2570"]);
    const db = t.bot.deps.db;
    await atomic(
      db,
      insertMeasures(db, [
        {
          id: "m-2568",
          unitIds: [],
          fiscalYear: 2568,
          title: "มาตรการยกระดับการป้องกันการทุจริต",
          indicators: [10],
          method: "ทบทวนมาตรการป้องกันการทุจริต",
          startMonth: "2024-10",
          endMonth: "2025-09",
          kpi: null,
          budget: null,
          status: "not_started",
          percent: 0,
          lastProgressAt: null,
          createdAt: NOW,
        },
      ]),
    );
    await atomic(
      db,
      fileComplaintStatements(db, {
        sourceEventId: "ev-2566",
        track: "general",
        fiscalYear: 2566,
        categoryId: null,
        category: "ถนน/ทางเท้า",
        description: "ถนนชำรุด",
        location: null,
        routedUnitId: null,
        anonymous: false,
        createdAt: Date.parse("2023-01-10T10:00:00+07:00"),
        dueDate: "2023-01-20",
        lineUserId: "U0123456789abcdef0123456789abcdef",
        photos: [],
        receivedBy: "ระบบ",
        receivedNote: "รับเรื่องผ่าน LINE",
      }),
    );
    // 2570 is shown (the current year) though empty; 2569 and 2567 have nothing and are not offered.
    expect(yearsOffered((await page()).html)).toEqual(["2570", "2568", "2566"]);
    expect(yearsOffered((await page("?fiscalYear=2568")).html)).toEqual(["2568", "2566"]);
  });
});
