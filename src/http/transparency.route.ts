import { Hono } from "hono";
import type { AppDeps } from "../deps";
import { asciiDigits } from "../domain/thai-digits";
import { fiscalYearOf } from "../domain/thai-time";
import { TRANSPARENCY_CSS } from "../web/transparency/transparency.css";
import { renderProblemPage, renderTransparencyPage } from "../web/transparency/transparency-page";

/** A B.E. year as the admin API accepts it (4 digits, Thai digits too). */
const FISCAL_YEAR = /^\d{4}$/;
const YEAR_MIN = 2500;
const YEAR_MAX = 2700;

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * `GET /transparency[?fiscalYear=2570]` — the public transparency page (see
 * src/web/transparency/transparency-page.tsx); the current fiscal year by default, 400 with a Thai
 * page on a bad year.
 *
 * Headers:
 * - `cache-control: public, max-age=300`: the figures may be five minutes old, which lets a website
 *   that links or embeds it (and any cache in between) take the load; errors are `no-store`.
 * - CSP `default-src 'none'`: no script at all, nothing fetched; the one inline stylesheet is allowed
 *   by its hash (no `'unsafe-inline'`), the charts are inline SVG.
 * - `frame-ancestors *`, deliberately: organisations embed evidence pages in their own (often
 *   hosted, template-built) websites with an iframe, and this page has no forms, no actions and no
 *   personal data, so being framed by anyone can't be used against a visitor (no clickjacking
 *   target). Hence no `X-Frame-Options` either.
 * - `x-content-type-options: nosniff`, `referrer-policy: no-referrer`.
 *
 * A per-IP rate limit comes later; one build reads the year's complaint figures once: about 0.3 s
 * for 20,000 complaints on the 2-core build machine, nearly all of it `loadComplaintStats` (the HTML
 * takes a few milliseconds); see test/transparency.test.ts.
 */
/** How long the OA's LINE ID read from LINE is kept; a failed read is retried sooner. */
const BASIC_ID_TTL_MS = 60 * 60 * 1000;
const BASIC_ID_RETRY_MS = 5 * 60 * 1000;
/** The page never waits longer than this for LINE. */
const BOT_INFO_TIMEOUT_MS = 2000;

export function transparencyRoute(deps: AppDeps) {
  const app = new Hono();
  let basicId: { value: string | null; until: number; pending?: Promise<string | null> } | undefined;
  /** The OA's LINE ID from LINE's bot info (`GET /v2/bot/info`), cached; null when LINE cannot say. */
  const lineBasicId = async (): Promise<string | null> => {
    const now = deps.clock.now();
    if (basicId && (basicId.until > now || basicId.pending)) return basicId.pending ?? basicId.value;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pending = Promise.race([
      deps.line.botInfo().then((info) => (typeof info.basicId === "string" ? info.basicId : null)),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), BOT_INFO_TIMEOUT_MS);
      }),
    ])
      .catch(() => null)
      .finally(() => clearTimeout(timer));
    basicId = { value: basicId?.value ?? null, until: 0, pending };
    const value = await pending;
    basicId = { value, until: deps.clock.now() + (value ? BASIC_ID_TTL_MS : BASIC_ID_RETRY_MS) };
    return value;
  };
  let styleHash: Promise<string> | undefined;
  const securityHeaders = async (): Promise<Record<string, string>> => {
    styleHash ??= sha256Base64(TRANSPARENCY_CSS);
    return {
      "content-security-policy": `default-src 'none'; style-src 'sha256-${await styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors *`,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    };
  };

  app.get("/", async (c) => {
    const raw = c.req.query("fiscalYear");
    const current = fiscalYearOf(deps.clock.now(), deps.config.timeZone);
    let fiscalYear = current;
    if (raw !== undefined) {
      const digits = asciiDigits(raw.trim());
      const year = Number(digits);
      if (!FISCAL_YEAR.test(digits) || year < YEAR_MIN || year > YEAR_MAX) {
        const page = await renderProblemPage(
          deps.config.orgName,
          `ปีงบประมาณไม่ถูกต้อง โปรดระบุเป็นปีพุทธศักราช 4 หลัก เช่น ?fiscalYear=${current}`,
        );
        return c.html(page, 400, { ...(await securityHeaders()), "cache-control": "no-store" });
      }
      fiscalYear = year;
    }
    // The statistics share their loader with the report files, whose libraries load on first use.
    const { loadTransparencyView } = await import("../web/transparency/transparency-view");
    const page = await renderTransparencyPage(
      await loadTransparencyView(deps, fiscalYear, await lineBasicId()),
    );
    return c.html(page, 200, { ...(await securityHeaders()), "cache-control": "public, max-age=300" });
  });
  return app;
}
