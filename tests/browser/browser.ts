import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromiumPath';

/**
 * Chromium with the project's flags. Under vitest the browser tests' global setup starts one
 * Chromium for the whole run (COMPTOIR_TEST_CHROMIUM_WS, see globalSetup.ts) and each file
 * connects to it — a second instead of a launch per file; every test still opens its own
 * context (its own cookies, storage, service workers and cache). Closing a connected browser
 * closes the contexts it opened and leaves Chromium to the other files.
 */
export async function launch(): Promise<Browser> {
  const shared = process.env.COMPTOIR_TEST_CHROMIUM_WS;
  if (shared) return chromium.connect(shared);
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** A download's content as text, read through Playwright (a connected browser has no local path for it). */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Screenshots go to test-results/screenshots/ so a person can look at what was tested. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Fails the test on any uncaught page error or console error, which tests would otherwise miss. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return errors;
}

/**
 * Options for a context whose test is not about the service worker: none registers there, so the
 * context does not precache the app and the whole corpus bundle beside the test (~70 MB: about
 * 6 CPU-seconds of Chromium and of the test server for each fresh context, taken from the
 * test running meanwhile). The page then runs as on a desk without one (plain HTTP from another
 * PC, private mode): workers and corpus from the server. The service worker itself — precache,
 * « Prêt hors ligne », reads from its caches, offline reload, updates, its requests — is tested
 * with it on: offline, appUpdate, nginx, contentSecurityPolicy, channels and the kiosk build’s
 * « Nouvel usager » test (what the caches keep).
 */
export const NO_SERVICE_WORKER = { serviceWorkers: 'block' } as const;

/** A fresh page of the test build (no service worker) with its harness (window.__comptoirTest) ready, errors watched. */
export async function openHarness(browser: Browser, baseUrl: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ locale: 'fr-FR', ...NO_SERVICE_WORKER })).newPage();
  const errors = watchErrors(page);
  await page.goto(baseUrl);
  await page.waitForFunction(() => Boolean((window as unknown as { __comptoirTest?: unknown }).__comptoirTest), undefined, { timeout: 30_000 });
  return { page, errors };
}

/** Paramètres is a screen of its own, reached from the header. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('open-settings').click();
  await page.locator('#parametres-titre').waitFor();
}

/** From Paramètres back to the question box (the conversation is kept). */
export async function backToQuestions(page: Page): Promise<void> {
  await page.getByTestId('settings-back').click();
  await page.locator('#question').waitFor();
}
