/**
 * The Durable Object's processing gives way to webhooks being accepted (src/runtime/ack-priority.ts):
 * a turn lasts until its share of acceptances is done, none is left, or its polls run out.
 */
import { describe, expect, it } from "vitest";
import { createAckPriority } from "../src/runtime/ack-priority";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe("acknowledgements before answers", () => {
  it("takes one macrotask when nothing is being accepted", async () => {
    const acks = createAckPriority({ acksPerTurn: 2, maxPolls: 1000 });
    expect(await settled(acks.turn())).toBe(true);
  });

  it("lasts until its share of acceptances is done, or none is left in flight", async () => {
    const acks = createAckPriority({ acksPerTurn: 2, maxPolls: 1000 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const accepted = gates.map((gate) => acks.accepting(() => gate.promise.then(() => "stored")));
    const turn = acks.turn();
    gates[0]?.resolve();
    expect(await settled(turn)).toBe(false);
    gates[1]?.resolve();
    expect(await settled(turn)).toBe(true);
    expect(await accepted[0]).toBe("stored");

    const next = acks.turn(); // two in flight, two more to wait for, but they are the last ones
    gates[2]?.resolve();
    expect(await settled(next)).toBe(false);
    gates[3]?.resolve();
    expect(await settled(next)).toBe(true);
  });

  it("counts a failed acceptance as done, and gives up after its polls so processing goes on", async () => {
    const acks = createAckPriority({ acksPerTurn: 1, maxPolls: 3 });
    const failing = acks.accepting(() => Promise.reject(new Error("D1 busy")));
    await expect(failing).rejects.toThrow("D1 busy");
    const stuck = acks.accepting(() => new Promise<void>(() => {}));
    void stuck;
    const turn = acks.turn(); // one in flight that never ends: the turn ends after 3 polls
    expect(await settled(turn)).toBe(true);
  });
});
