import type { Context, MiddlewareHandler } from "hono";

/** How the runtime knows a request's peer address (Node: the socket; Workers: `cf-connecting-ip`). */
export type PeerAddress = (c: Context) => string | undefined;

const PROXY_PEER = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|::ffff:127\.|fc|fd)/;

/**
 * The client's address. `x-forwarded-for` is believed only when the peer is a proxy on this machine
 * or the private network (a reverse proxy in front); anyone else could write it themselves.
 */
export function clientAddress(c: Context, peer?: PeerAddress): string {
  let direct: string | undefined;
  try {
    direct = peer?.(c);
  } catch {
    direct = undefined;
  }
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded && (!direct || PROXY_PEER.test(direct))) return forwarded;
  return direct || "unknown";
}

/**
 * At most `perMinute` requests a minute from one address (bursts of half that), in memory per
 * process or isolate: a brake on scraping and brute force, not an exact quota. 429 otherwise.
 */
export function limitPerAddress(
  perMinute: number,
  peer?: PeerAddress,
  now: () => number = Date.now,
): MiddlewareHandler {
  const capacity = Math.max(5, Math.ceil(perMinute / 2));
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const key = clientAddress(c, peer);
    const at = now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= 10_000) buckets.delete(buckets.keys().next().value as string);
      bucket = { tokens: capacity, at };
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, at - bucket.at) * perMs);
    bucket.at = at;
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) / perMs / 1000);
      return c.text("มีการเรียกหน้านี้ถี่เกินไป โปรดลองใหม่อีกครั้งในอีกสักครู่", 429, { "retry-after": String(wait) });
    }
    bucket.tokens -= 1;
    return next();
  };
}
