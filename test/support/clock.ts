import type { Clock } from "../../src/deps";

/** Real time plus an offset that a test can move forward, to pass backoffs and expiries at once. */
export function createTestClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
