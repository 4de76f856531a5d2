import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('offline', () => {
  it('keeps answering in search-only mode when the local server is unreachable', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    expect(await page.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
    // Once the worker controls the page, a visit caches the corpus as it is read.
    await page.reload();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('corpus-status').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).some((k) => k === 'comptoir-corpus')), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.evaluate(async () => (await (await caches.open('comptoir-corpus')).keys()).length), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('corpus-status').waitFor({ timeout: 30_000 });
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('search-hits').locator('h4').first().innerText()).toMatch(/carte grise|immatriculation/i);
    await context.close();
  });
});
