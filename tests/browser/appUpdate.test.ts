import { cpSync, rmSync } from 'node:fs';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, watchErrors } from './browser';

const dir = 'test-results/app-update';
let browser: Browser;
let server: PreviewServer | undefined;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await new Promise<void>((resolve) => server!.httpServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a new build reaches a tab that stays open (issue 11)', () => {
  it('is announced, waits for the click, and never replaces the page in the middle of an answer', async () => {
    // The desk's local server serves a copy of the test build; later a new release lands in the
    // same folder, as an operator's update would.
    rmSync(dir, { recursive: true, force: true });
    cpSync('test-results/app', dir, { recursive: true });
    server = await preview({ logLevel: 'warn', build: { outDir: dir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    const url = server.resolvedUrls!.local[0]!;

    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${url}?moteur=test&vitesse=4`);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    const firstVersion = await page.getByTestId('app-version').innerText();
    expect(firstVersion).not.toContain('essai-2');

    process.env.COMPTOIR_BUILD_ID = 'essai-2';
    process.env.VITE_COMPTOIR_TEST_ENGINE = '1';
    try {
      await build({ logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
    } finally {
      delete process.env.COMPTOIR_BUILD_ID;
    }
    // What the app's periodic check (and each return to the tab) does.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-banner').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('app-version').innerText()).toBe(firstVersion);

    // The agent clicks while an answer is being written: nothing moves until it ends.
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming');
    await page.getByTestId('update-apply').click();
    expect(await page.getByTestId('update-banner').innerText()).toMatch(/dès la fin de la réponse en cours/);
    expect(await turn.getAttribute('data-status')).toBe('streaming');
    expect(await page.getByTestId('app-version').innerText()).toBe(firstVersion);

    // The answer ends; the new version installs and the page reloads under it.
    await expect.poll(() => page.getByTestId('app-version').innerText().catch(() => ''), { timeout: 90_000 }).toContain('essai-2');
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
