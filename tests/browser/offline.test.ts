import { preview } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('offline from the first visit (issue 11)', () => {
  it('a fresh profile visits once, the network goes, a reload still searches', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    // The tester's case: no second online load. The first visit's worker installs (precaching the
    // app and the whole corpus bundle) and takes control of this very page.
    expect(await page.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 30_000 }).toBe(true);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    for (const file of ['manifest.json', 'fiches.json', 'chunks.json', 'search-index.bin', 'semantic-vectors.bin']) {
      expect(cached).toContain(`/corpus/${file}`);
    }

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('corpus-status').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('corpus-status').getAttribute('data-vectors')).toBe('loaded');
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('search-hits').locator('h4').first().innerText()).toMatch(/carte grise|immatriculation/i);
    await context.close();
  });

  it('stays cross-origin isolated when the service worker serves the page offline (COOP/COEP)', async () => {
    // The headers #12 adds on the server: the precached responses must carry them, or the
    // offline page would lose isolation (and multi-threaded WASM with it).
    const server = await preview({
      logLevel: 'warn',
      build: { outDir: 'test-results/app' },
      preview: { port: 0, host: '127.0.0.1', strictPort: false, headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
    });
    try {
      const context = await browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      await page.goto(server.resolvedUrls!.local[0]!);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.evaluate(async () => Boolean(await navigator.serviceWorker.ready));
      await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 30_000 }).toBe(true);
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('corpus-status').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await context.close();
    } finally {
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  });
});
