/**
 * A token bucket per chat, on LINE's event times (a backlog handled late is not mistaken for a flood):
 * `perMinute` events a minute on average, bursts up to half a minute's worth. In memory: per processing
 * thread or Worker isolate — a brake on floods, not an exact quota.
 */
export interface RateLimiter {
  /** "ok"; "limited" for the first event over the limit (it gets a notice); "drop" for the rest. */
  check(chat: string, at: number): "ok" | "limited" | "drop";
}

const MAX_TRACKED = 10_000;

export function createRateLimiter(perMinute: number): RateLimiter {
  if (perMinute <= 0) return { check: () => "ok" };
  const capacity = Math.max(5, Math.ceil(perMinute / 2));
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();
  return {
    check(chat, at) {
      let bucket = buckets.get(chat);
      if (!bucket) {
        if (buckets.size >= MAX_TRACKED) buckets.delete(buckets.keys().next().value as string);
        bucket = { tokens: capacity, at, warned: false };
        buckets.set(chat, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, at - bucket.at) * perMs);
      bucket.at = Math.max(bucket.at, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.warned = false;
        return "ok";
      }
      if (bucket.warned) return "drop";
      bucket.warned = true;
      return "limited";
    },
  };
}
