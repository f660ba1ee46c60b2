import { afterEach, beforeEach, expect } from "vitest";
import { startTestBot, type TestBot, type TestBotOptions } from "./bot";
import { createTestClock } from "./clock";
import { type RunningDouble, startDouble } from "./double";

export interface Harness {
  readonly line: RunningDouble;
  readonly bot: TestBot;
  readonly clock: ReturnType<typeof createTestClock>;
}

/**
 * A fresh LINE double and bot (real SQLite file) for every test of the file, with a clock that starts
 * at `startAt` (ms) when given. After each test: every message the bot sent was valid against LINE's
 * OpenAPI spec and documented limits.
 */
export function useBot(options: { startAt?: number } & Omit<TestBotOptions, "clock"> = {}): Harness {
  const state = {} as { line: RunningDouble; bot: TestBot; clock: ReturnType<typeof createTestClock> };
  beforeEach(async () => {
    const { startAt, ...botOptions } = options;
    state.clock = createTestClock();
    if (startAt !== undefined) state.clock.advance(startAt - state.clock.now());
    state.line = await startDouble();
    state.bot = await startTestBot(state.line, { ...botOptions, clock: state.clock });
  });
  afterEach(async () => {
    await state.bot.close();
    expect(state.line.double.invalidRequests()).toEqual([]);
    await state.line.close();
  });
  return {
    get line() {
      return state.line;
    },
    get bot() {
      return state.bot;
    },
    get clock() {
      return state.clock;
    },
  };
}
