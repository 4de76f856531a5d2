import { preview } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('offline from the first visit', () => {
  it('a fresh profile visits once, shows « Prêt hors ligne » once it may lose the network, and a reload offline still searches', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    // The tester's case: the page looked ready before the service worker controlled it. The
    // badge must never show before that; the agent cuts the network only once it shows.
    const seen: { ready: boolean; controlled: boolean }[] = [];
    await expect.poll(async () => {
      const sample = await page.evaluate(() => ({ ready: Boolean(document.querySelector('[data-testid=offline-ready]')), controlled: Boolean(navigator.serviceWorker.controller) }));
      seen.push(sample);
      return sample.ready;
    }, { timeout: 120_000, interval: 100 }).toBe(true);
    expect(seen.filter((s) => s.ready && !s.controlled)).toEqual([]);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    const manifest = await page.evaluate(async () => (await fetch('/corpus/manifest.json')).json() as Promise<{ files: { name: string }[] }>);
    for (const file of ['manifest.json', ...manifest.files.map((f) => f.name)]) expect(cached).toContain(`/corpus/${file}`);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('search-ready').getAttribute('data-semantics')).toBe('loaded');
    await page.getByTestId('offline-ready').waitFor({ timeout: 30_000 });
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('search-hits').locator('h4').first().innerText()).toMatch(/carte grise|immatriculation/i);
    // Passage texts come from the cache too, file by file, as results need them.
    expect((await page.getByTestId('search-hits').locator('.passage').first().innerText()).length).toBeGreaterThan(40);
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
      await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await context.close();
    } finally {
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    }
  });
});
