/**
 * Reads in one round trip (`readTogether`) and the batch's chat states built on it (`loadChats`), the
 * same on better-sqlite3 and on D1 (one vitest project each, see vitest.config.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChats } from "../../src/bot/bot";
import { atomic, readTogether, statement } from "../../src/db/client";
import { touchUser, usersAmong } from "../../src/db/repos/users.repo";
import { conversations, organizations } from "../../src/db/schema";
import type { AppDeps } from "../../src/deps";
import { CONTRACT_NOW, type ContractDatabase, openContractDatabase } from "./database";

let database: ContractDatabase;
beforeAll(async () => {
  database = await openContractDatabase();
});
afterAll(() => database?.close());

describe("readTogether", () => {
  it("answers each read with its own rows, in order, and nothing for no reads", async () => {
    const { db } = database;
    const org = await database.org();
    await atomic(db, [touchUser(db, org, "U-a", CONTRACT_NOW), touchUser(db, org, "U-b", CONTRACT_NOW)]);
    const [a, both, none, orgs] = await readTogether(db, [
      usersAmong(db, org, ["U-a"]),
      usersAmong(db, org, ["U-a", "U-b", "U-x"]),
      usersAmong(db, org, ["U-x"]),
      db.select({ id: organizations.id }).from(organizations),
    ]);
    expect(a.map((u) => u.lineUserId)).toEqual(["U-a"]);
    expect(both.map((u) => u.lineUserId).sort()).toEqual(["U-a", "U-b"]);
    expect(none).toEqual([]);
    expect(orgs.map((o) => o.id)).toContain(org);
    expect(await readTogether(db, [])).toEqual([]);
  });
});

describe("loadChats", () => {
  it("reads 250 chats' users and flows (more than D1 binds in one statement), each in its own chat", async () => {
    const { db } = database;
    const org = await database.org();
    const other = await database.org();
    const ids = Array.from({ length: 250 }, (_, i) => `U-chat-${i}`);
    // Every other chat has a user; every third a flow in progress; the other organisation has both for all.
    await atomic(db, [
      ...ids.filter((_, i) => i % 2 === 0).map((id) => touchUser(db, org, id, CONTRACT_NOW)),
      ...ids.map((id) => touchUser(db, other, id, CONTRACT_NOW)),
    ]);
    const flow = (orgId: string, lineUserId: string, step: string) =>
      statement(
        db.insert(conversations).values({
          orgId,
          lineUserId,
          flow: "complaint",
          version: 1,
          step,
          data: { step },
          expiresAt: CONTRACT_NOW + 60_000,
          updatedAt: CONTRACT_NOW,
        }),
      );
    await atomic(db, [
      ...ids.filter((_, i) => i % 3 === 0).map((id) => flow(org, id, `step-${id}`)),
      ...ids.map((id) => flow(other, id, "other")),
    ]);

    const states = await loadChats({ db, orgId: org } as AppDeps, [...ids, ids[0] as string]);
    expect(states.size).toBe(250);
    ids.forEach((id, i) => {
      const state = states.get(id);
      expect(state?.user?.lineUserId ?? null).toBe(i % 2 === 0 ? id : null);
      expect(state?.user?.orgId ?? org).toBe(org);
      expect(state?.conversation?.step ?? null).toBe(i % 3 === 0 ? `step-${id}` : null);
      expect(state?.conversation?.data ?? null).toEqual(i % 3 === 0 ? { step: `step-${id}` } : null);
    });
    expect((await loadChats({ db, orgId: org } as AppDeps, [])).size).toBe(0);
  });
});
