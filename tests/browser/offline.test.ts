import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('offline from the first visit', () => {
  it('a fresh profile visits once, shows « Prêt hors ligne » once it may lose the network, and a reload offline still searches, cross-origin isolated (COOP/COEP)', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    // The test build's server is `vite preview` with the app's plugins, which send COOP/COEP on
    // every file as `npm start` does (scripts/lib/crossOriginIsolation.ts): the page is isolated.
    await page.goto(inject('baseUrl'));
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
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
    // The precached responses carry the headers too, or the page served by the service worker
    // offline would lose isolation (and multi-threaded WASM with it).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
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
});
