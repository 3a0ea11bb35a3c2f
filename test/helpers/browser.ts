import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..', '..');
/** Where browser tests leave their screenshots (gitignored). */
export const SCREENSHOT_DIR = path.join(root, 'test-artifacts', 'screenshots');

const CANDIDATES = ['chromium', 'chromium-browser'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The system's Chromium: SYNCD_CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH. Its
 * absence fails the run (never a skip, never a download): CI installs Debian's package (.ci/run).
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SYNCD_CHROMIUM_PATH;
  if (configured) {
    if (!executable(configured)) throw new Error(`SYNCD_CHROMIUM_PATH=${configured} is not an executable file`);
    return configured;
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  throw new Error(
    "No Chromium for the browser tests: install Debian's chromium package (apt-get install chromium), or set SYNCD_CHROMIUM_PATH to a Chromium executable",
  );
}

/** Headless Chromium as this process's user; --no-sandbox because CI runs as root, where Chromium's sandbox refuses to start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}

/** The Content-Security-Policy issue 10 agreed for the dashboard. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations seen so far, as text. */
  errors: string[];
}

/**
 * A fresh page (own context: no storage shared between tests) that records every console error and
 * uncaught exception. The dashboard's page is served with the agreed CSP when the server sends none,
 * so anything the policy would refuse (inline styles, scripts) shows up as a console error.
 */
export async function watchedPage(browser: Browser, baseUrl: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.route(
    (url) => url.origin === new URL(baseUrl).origin && url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headers['content-security-policy'] ??= DASHBOARD_CSP;
      await route.fulfill({ response, headers });
    },
  );
  return { page, context, errors };
}

export async function screenshot(target: Page | ReturnType<Page['locator']>, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await target.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
