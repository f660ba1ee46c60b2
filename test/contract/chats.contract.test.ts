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
    await database.fresh();
    await atomic(db, [touchUser(db, "U-a", CONTRACT_NOW), touchUser(db, "U-b", CONTRACT_NOW)]);
    const [a, both, none, orgs] = await readTogether(db, [
      usersAmong(db, ["U-a"]),
      usersAmong(db, ["U-a", "U-b", "U-x"]),
      usersAmong(db, ["U-x"]),
      db.select({ id: organizations.id }).from(organizations),
    ]);
    expect(a.map((u) => u.lineUserId)).toEqual(["U-a"]);
    expect(both.map((u) => u.lineUserId).sort()).toEqual(["U-a", "U-b"]);
    expect(none).toEqual([]);
    expect(Array.isArray(orgs)).toBe(true);
    expect(await readTogether(db, [])).toEqual([]);
  });
});

describe("loadChats", () => {
  it("reads 250 chats' users and flows (more than D1 binds in one statement), each in its own chat", async () => {
    const { db } = database;
    await database.fresh();
    const ids = Array.from({ length: 250 }, (_, i) => `U-chat-${i}`);
    // Every other chat has a user; every third a flow in progress; other chats have both.
    await atomic(db, [
      ...ids.filter((_, i) => i % 2 === 0).map((id) => touchUser(db, id, CONTRACT_NOW)),
      touchUser(db, "U-other", CONTRACT_NOW),
    ]);
    const flow = (lineUserId: string, step: string) =>
      statement(
        db.insert(conversations).values({
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
      ...ids.filter((_, i) => i % 3 === 0).map((id) => flow(id, `step-${id}`)),
      flow("U-other", "other"),
    ]);

    const states = await loadChats({ db } as AppDeps, [...ids, ids[0] as string]);
    expect(states.size).toBe(250);
    ids.forEach((id, i) => {
      const state = states.get(id);
      expect(state?.user?.lineUserId ?? null).toBe(i % 2 === 0 ? id : null);
      expect(state?.conversation?.step ?? null).toBe(i % 3 === 0 ? `step-${id}` : null);
      expect(state?.conversation?.data ?? null).toEqual(i % 3 === 0 ? { step: `step-${id}` } : null);
    });
    expect(states.has("U-other")).toBe(false);
    expect((await loadChats({ db } as AppDeps, [])).size).toBe(0);
  });
});
