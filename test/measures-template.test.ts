/** The console offers the measures CSV template, and the template imports as it is. */
import { describe, expect, it } from "vitest";
import { listMeasures } from "../src/db/repos/measures.repo";
import { CSV_HEADERS } from "../src/features/measures/measure-import";
import { signedInConsole } from "./support/console-forms";
import { useBot } from "./support/harness";

/** 20 May 2027 in Bangkok: fiscal year 2570. */
const t = useBot({ startAt: Date.parse("2027-05-20T10:00:00+07:00") });

describe("the measures CSV template", () => {
  it("downloads as UTF-8 with a BOM, the Thai headers and one example row, and imports as it is", async () => {
    const b = await signedInConsole(t.bot);
    const page = await b.get("/admin/measures/import");
    expect(page.html).toContain('href="/admin/measures/template.csv"');

    const response = await fetch(`${t.bot.url}/admin/measures/template.csv`, {
      headers: { cookie: [...b.jar].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(Object.values(CSV_HEADERS).join(","));
    expect(lines[1]).toBe(
      "2570,มาตรการยกระดับการป้องกันการทุจริต,10,๑. ทบทวนมาตรการป้องกันการทุจริต ๒. เผยแพร่ผลการดำเนินงาน ๓. รายงานผลต่อผู้บริหาร,สำนักปลัด,ต.ค. 2569,ก.ย. 2570,,",
    );

    const file = new Blob([bytes], { type: "text/csv" });
    const imported = await b.post("/admin/measures/import", { file }, { from: "/admin/measures/import" });
    expect(imported.status).toBe(303);
    expect(imported.location).toBe("/admin/measures/import?imported=1");
    const measures = await listMeasures(t.bot.deps.db, { fiscalYear: 2570 });
    expect(measures).toMatchObject([
      { title: "มาตรการยกระดับการป้องกันการทุจริต", indicators: [10], startMonth: "2026-10", endMonth: "2027-09" },
    ]);
  });

  it("is for signed-in console users only", async () => {
    const response = await fetch(`${t.bot.url}/admin/measures/template.csv`, { redirect: "manual" });
    expect(response.status).not.toBe(200);
  });
});
