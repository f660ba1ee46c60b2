/**
 * End-to-end tests in headless Chromium, driven by playwright-core (no browser download: it drives
 * the system's Chromium — Debian's `chromium` package, which .ci/run installs).
 *
 * ```ts
 * import { describeInBrowser, launchBrowser, saveScreenshot, VIEWPORTS, type BrowserSession } from "../support/browser";
 *
 * describeInBrowser("the admin console", () => {
 *   let browser: BrowserSession;
 *   beforeAll(async () => { browser = await launchBrowser(); });
 *   afterAll(async () => { await browser?.close(); });
 *   it("signs in", async () => {
 *     const page = await browser.open(`${bot.url}/admin`, VIEWPORTS.phone);
 *     await saveScreenshot(page, "admin-sign-in-phone");
 *     await page.close();
 *   });
 * });
 * ```
 *
 * Without Chromium such tests are skipped and say why; with `PRONGSAI_REQUIRE_BROWSER` set (by .ci/run
 * when it has Chromium) they run and fail
 * if Chromium is missing. The e2e project in vitest.config.ts runs test/e2e/ files one at a time,
 * after the other tests, with longer timeouts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { describe } from "vitest";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless, no sandbox (CI runs as root), and nothing that reaches the network on its own. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export type Viewport = { width: number; height: number };

/** Where screenshots go: test-results/screenshots/ at the repository's root (ignored by git). */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

/** Why browser tests cannot run here, or null when Chromium is installed. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-thai-tlwg, or set CHROMIUM_PATH)`;
}

/**
 * `describe` for tests that need the browser: skipped, with the reason in its name, when Chromium
 * is missing; required (a missing Chromium is a failure) when `PRONGSAI_REQUIRE_BROWSER` is set.
 */
export function describeInBrowser(name: string, tests: () => void): void {
  const missing = chromiumMissing();
  if (missing && !process.env.PRONGSAI_REQUIRE_BROWSER) {
    console.warn(`browser tests skipped: "${name}": ${missing}`);
    describe.skip(`${name} [skipped: ${missing}]`, tests);
  } else {
    describe(name, tests);
  }
}

export interface BrowserSession {
  /** The browser's one context (a persistent one over a fresh profile folder). */
  readonly context: BrowserContext;
  /** Requests the pages made to anywhere but `allowedOrigin` (they are aborted, not sent). */
  readonly blockedRequests: string[];
  /** Console errors and uncaught page errors of every page (a CSP violation shows up here). */
  readonly consoleErrors: string[];
  /** A new tab of the given size (CSS pixels), at `url` once it has loaded. */
  open(url: string, viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Only this origin is reachable (the bot under test); any other request is aborted and recorded
   * in `blockedRequests`, so a page that needs the network to render is caught.
   */
  allowedOrigin?: string;
}

/** Launch headless Chromium with a fresh user-data folder (removed on close). */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const missing = chromiumMissing();
  if (missing) throw new Error(`cannot run browser tests: ${missing}`);
  const profile = mkdtempSync(join(tmpdir(), "prongsai-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: VIEWPORTS.desktop,
      locale: "th-TH",
      timezoneId: "Asia/Bangkok",
      timeout: 30_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const blockedRequests: string[] = [];
  if (options.allowedOrigin) {
    const allowed = options.allowedOrigin;
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${allowed}/`) || url.startsWith("data:")) return route.continue();
      blockedRequests.push(url);
      return route.abort("blockedbyclient");
    });
  }
  const consoleErrors: string[] = [];
  context.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  context.on("weberror", (error) => consoleErrors.push(String(error.error())));
  // A persistent context opens with one blank tab; tests open their own.
  for (const page of context.pages()) await page.close();
  return {
    context,
    blockedRequests,
    consoleErrors,
    async open(url, viewport = VIEWPORTS.desktop) {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.setViewportSize(viewport);
      await page.goto(url, { waitUntil: "load" });
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

/** Save a PNG of the page (the whole page by default) as test-results/screenshots/<name>.png. */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: "disabled" });
  return path;
}

/** The text a reader sees in `locator` (laid out, CSS applied), once it is visible. */
export async function visibleText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: "visible" });
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, which is the point
  return locator.innerText();
}
