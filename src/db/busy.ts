/**
 * A write that meets a locked database (SQLite's SQLITE_BUSY) is tried again after yielding to the
 * event loop, instead of blocking the thread in SQLite's sleeping busy handler. The Node runtime's
 * HTTP thread runs with busy_timeout 0 and relies on this; D1 never reports busy, so it costs nothing
 * there.
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || (error instanceof Error && /database is locked/i.test(error.message));
}

export async function retryWhenBusy<T>(work: () => Promise<T>, giveUpAfterMs = 3000): Promise<T> {
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
