import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atomic, isStatement } from "../../src/db/client";
import { insertInvite } from "../../src/db/repos/invites.repo";
import { insertUnit } from "../../src/db/repos/units.repo";
import { invites, units } from "../../src/db/schema";
import { serviceDeps } from "../support/services";

describe("repository write builders", () => {
  it("return statements that do not run when awaited, only when committed", async () => {
    const deps = await serviceDeps();
    const unit = { id: "u-x", name: "กองทดลอง", createdAt: 1 };
    const write = insertUnit(deps.db, unit);
    expect(isStatement(write)).toBe(true);
    expect("then" in (write as object)).toBe(false);
    // Awaiting a statement gives the statement back, and writes nothing.
    expect(await write).toBe(write);
    expect((await deps.db.select().from(units)).some((u) => u.id === "u-x")).toBe(false);
    await atomic(deps.db, [write]);
    expect((await deps.db.select().from(units)).some((u) => u.id === "u-x")).toBe(true);
  });

  it("all-or-nothing: a failing statement takes the others with it", async () => {
    const deps = await serviceDeps();
    const unit = { id: "u-y", name: "กองซ้ำ", createdAt: 1 };
    const invite = {
      code: "ABCD-EFGH",
      role: "staff" as const,
      unitId: null,
      createdAt: 1,
      expiresAt: 2,
      usedAt: null,
      usedBy: null,
    };
    await expect(
      atomic(deps.db, [insertInvite(deps.db, invite), insertUnit(deps.db, unit), insertUnit(deps.db, unit)]),
    ).rejects.toThrow();
    expect(await deps.db.select().from(invites)).toEqual([]);
  });

  it("no module outside src/db and src/services commits or awaits a repository write builder", () => {
    // Writes go through a plan's commit (src/services/commit.ts) or the event's commit (jobs):
    // adapters (http, web, features) never call `atomic` themselves.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && /\batomic\(/.test(readFileSync(path, "utf8")))
          offenders.push(path);
      }
    };
    for (const dir of ["src/http", "src/web", "src/features", "src/bot", "src/flows"]) walk(dir);
    expect(offenders.sort()).toEqual([]);
  });
});
