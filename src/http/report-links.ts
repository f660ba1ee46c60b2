import type { MiddlewareHandler } from "hono";
import type { Config } from "../config";

/** Report links sent in chat are good for a day. */
export const REPORT_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** Where signed links are served: report downloads (the admin API's report routes) and photos, behind a signature. */
export const SIGNED_REPORTS_PREFIX = "/r";

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A key of its own for links, derived from the channel secret (rotating the secret voids old links). */
async function linkKey(config: Config): Promise<CryptoKey> {
  const secret = config.line.channelSecret ?? config.adminToken ?? "";
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(`prongsai/report-links/${secret}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

/** What is signed: the path and every query parameter but the signature, in a fixed order. */
function canonical(path: string, params: URLSearchParams): string {
  const entries = [...params.entries()]
    .filter(([name]) => name !== "sig")
    .sort(([a], [b]) => a.localeCompare(b));
  return `${path}?${new URLSearchParams(entries).toString()}`;
}

/**
 * `path` (under `PUBLIC_URL`) with `query`, signed so that it works without the admin token until
 * `expiresAt`. Every signed route shares this key and `requireSignedLink`.
 */
export async function signLink(
  config: Config,
  path: string,
  query: Record<string, string>,
  expiresAt: number,
): Promise<string> {
  const params = new URLSearchParams({ ...query, exp: String(expiresAt) });
  const sig = base64url(
    await crypto.subtle.sign("HMAC", await linkKey(config), encoder.encode(canonical(path, params))),
  );
  params.set("sig", sig);
  return `${config.publicUrl}${path}?${params.toString()}`;
}

/**
 * A download link for a report that works without the admin token until `expiresAt`: e.g.
 * `https://bot.example.go.th/r/reports/measures.docx?fiscalYear=2570&period=h1&exp=…&sig=…`.
 */
export function signedReportLink(
  config: Config,
  report: string,
  query: Record<string, string>,
  expiresAt: number,
): Promise<string> {
  return signLink(config, `${SIGNED_REPORTS_PREFIX}/reports/${report}`, query, expiresAt);
}

/**
 * A person's own access-request export (`ข้อมูลของฉัน`): the signature covers the path, so the link
 * opens that person's export only.
 */
export function signedAccessExportLink(
  config: Config,
  lineUserId: string,
  expiresAt: number,
): Promise<string> {
  return signLink(config, `${SIGNED_REPORTS_PREFIX}/privacy/users/${lineUserId}`, {}, expiresAt);
}

/** Lets a request through only with a valid, unexpired signature (403 otherwise). */
export function requireSignedLink(config: Config, now: () => number): MiddlewareHandler {
  let key: Promise<CryptoKey> | undefined;
  return async (c, next) => {
    const url = new URL(c.req.url);
    const exp = Number(url.searchParams.get("exp"));
    const sig = url.searchParams.get("sig") ?? "";
    key ??= linkKey(config);
    const expected = base64url(
      await crypto.subtle.sign("HMAC", await key, encoder.encode(canonical(url.pathname, url.searchParams))),
    );
    let diff = sig.length ^ expected.length;
    for (let i = 0; i < Math.min(sig.length, expected.length); i++)
      diff |= sig.charCodeAt(i) ^ expected.charCodeAt(i);
    if (diff !== 0) return c.json({ message: "invalid link" }, 403);
    if (!Number.isFinite(exp) || exp < now())
      return c.json({ message: "this link has expired; ask the bot for a new one" }, 403);
    return next();
  };
}
