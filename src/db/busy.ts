/**
 * A write that meets a locked database (SQLite's SQLITE_BUSY) is tried again after yielding to the
 * event loop, instead of blocking the thread in SQLite's sleeping busy handler. The Node runtime's
 * HTTP thread runs with busy_timeout 0 and relies on this; D1 never reports busy, so it costs nothing
 * there.
 */
export function isBusy(error: unknown): boolean {
  // drizzle wraps driver errors ("Failed to run the query …") with the original as `cause`.
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "SQLITE_BUSY" || (e instanceof Error && /database is locked/i.test(e.message))) return true;
  }
  return false;
}

/** A UNIQUE or PRIMARY KEY constraint failed (SQLite and D1 word it the same), through drizzle's wrapper. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/i.test(e.message)) return true;
  }
  return false;
}

export async function retryWhenBusy<T>(work: () => T | PromiseLike<T>, giveUpAfterMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started > giveUpAfterMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
