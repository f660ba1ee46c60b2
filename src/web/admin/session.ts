/**
 * The admin console's session and request checks: a random cookie token of which only the SHA-256
 * is stored, a per-session CSRF token, same-origin checks, the client address for the sign-in limit.
 * Web-standard APIs only (Web Crypto), so the same code runs on Node and Workers.
 */
import type { Context } from "hono";
import { type Config, publicPath } from "../../config";
import type { AdminAccount, AdminSession } from "../../db/schema";
import { bearerEquals } from "../../http/bearer";

/**
 * The session cookie, with `Path` set to the console's root (`consoleRoot`): nothing else on the host
 * ever receives it, and neither does another organisation's console on the same host.
 */
export const SESSION_COOKIE = "prongsai_admin";
/** Before sign-in: the sign-in forms' CSRF token (double submit: this cookie and a hidden field). */
export const SIGN_IN_CSRF_COOKIE = "prongsai_admin_csrf";
export const CSRF_FIELD = "_csrf";

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Failed sign-ins in a row that lock an account, and for how long. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MS = 15 * 60 * 1000;
/** Sign-in attempts allowed from one client address per window. */
export const ADDRESS_ATTEMPTS = 20;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

/**
 * Where the console is, as the browser sees it: `/admin` under the organisation's public path —
 * `/admin` for the deployment's own organisation, `/o/<org>/admin` for an organisation of the platform
 * (src/platform/tenants.ts gives it `PUBLIC_URL/o/<org>`). Every link, form, redirect and cookie
 * `Path` of the console starts with it. It comes from the organisation's config, never from the
 * request, so nothing a client sends can point one organisation's pages or cookies at another's.
 * (Inside the app the console's routes stay `/admin/…`: the platform strips `/o/<org>` before
 * forwarding.)
 */
export function consoleRoot(config: Pick<Config, "publicUrl">): string {
  return `${publicPath(config)}/admin`;
}

/** Who is signed in: an account, or the one-time ADMIN_TOKEN session that may only create accounts. */
export interface Viewer {
  session: AdminSession;
  account: AdminAccount | null;
  /** `console:<username>`, or `console:admin-token`: the audit log's actor. */
  actor: string;
  /** As shown in the header. */
  name: string;
  csrf: string;
  /** The console's root (`consoleRoot`), which every link on the viewer's pages starts with. */
  root: string;
}

export type ConsoleEnv = { Variables: { viewer: Viewer } };

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Compare a secret someone sent with the expected one without leaking timing. */
export function sameSecret(sent: string | undefined, expected: string): Promise<boolean> {
  if (!sent) return Promise.resolve(false);
  return bearerEquals(`Bearer ${sent}`, expected);
}

const firstOf = (header: string | undefined) => header?.split(",")[0]?.trim() || undefined;

/** HTTPS, directly or behind a reverse proxy that says so in `x-forwarded-proto`. */
export function isHttps(c: Context): boolean {
  const forwarded = firstOf(c.req.header("x-forwarded-proto"))?.toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(c.req.url).protocol === "https:";
}

export { clientAddress } from "../../http/client-address";

/**
 * A state-changing request must come from the console's own pages: when the browser says where it
 * comes from (`Sec-Fetch-Site`, `Origin`), it must be this origin. Hosts are compared (the scheme may
 * be rewritten by a TLS-terminating proxy).
 */
export function isSameOrigin(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return false;
  const origin = c.req.header("origin");
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" and other opaque origins
  }
  const expected =
    firstOf(c.req.header("x-forwarded-host")) ?? c.req.header("host") ?? new URL(c.req.url).host;
  return host.toLowerCase() === expected.toLowerCase();
}

/** What the console needs beyond `AppDeps`. */
export interface ConsoleOptions {
  /** Deliver pushes queued by a console action (after the response). */
  deliver(recipients: string[]): Promise<void>;
  /** The connection's address as the runtime knows it (hono's `getConnInfo`); "unknown" without. */
  clientAddress?: (c: Context) => string | undefined;
}
