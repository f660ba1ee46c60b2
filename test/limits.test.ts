import { describe, expect, it } from "vitest";
import { useBot } from "./support/harness";

const t = useBot();

describe("per-address limits and body limits", () => {
  it("the public page answers 429 to one address that asks too often, not to another", async () => {
    const get = (ip: string) =>
      fetch(`${t.bot.url}/transparency`, { headers: { "x-forwarded-for": ip } }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push(await get("203.0.113.7"));
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // The test's requests come from 127.0.0.1, a proxy on this machine: its x-forwarded-for counts.
    expect(await get("203.0.113.8")).toBe(200);
    t.clock.advance(60_000);
    expect(await get("203.0.113.7")).toBe(200);
  });

  it("refuses a body over the limit on every route", async () => {
    const big = "x".repeat(13 * 1024 * 1024);
    const response = await fetch(`${t.bot.url}/admin/sign-in`, { method: "POST", body: big });
    expect(response.status).toBe(413);
  });
});
