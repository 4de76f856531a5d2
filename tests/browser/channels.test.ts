import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, watchErrors } from './browser';

/**
 * Channels no Content-Security-Policy covers: a whole session is watched for WebRTC,
 * new windows, beacons, sockets and top-level navigation, and for any address that carries what
 * the citizen said.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const QUESTION = "je m'appelle Zébulon Quincampoix NIR 1 84 12 75 123 456 78, j'ai perdu ma carte d'identité";
const MARKS = [/z[ée]bulon/i, /z%c3%a9bulon/i, /quincampoix/i, /1[ +%20]*84[ +%20]*12[ +%20]*75/i, /carte[ +%20]*d(%27|')/i];

describe('channels the page policy does not cover', () => {
  it('a session opens no WebRTC, window, beacon, socket or navigation, and no address carries the question', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('baseUrl')).origin });
    // Every such channel, wrapped before the app's first line runs.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __channels: string[] }).__channels = seen;
      const wrap = (name: string, target: Record<string, unknown>, key: string) => {
        const original = target[key] as ((...a: unknown[]) => unknown) | undefined;
        if (typeof original !== 'function') return;
        target[key] = new Proxy(original, {
          apply: (fn, self, args) => {
            seen.push(`${name}(${JSON.stringify(args).slice(0, 200)})`);
            return Reflect.apply(fn, self, args);
          },
          construct: (fn, args) => {
            seen.push(`new ${name}(${JSON.stringify(args).slice(0, 200)})`);
            return Reflect.construct(fn, args);
          },
        });
      };
      const w = window as unknown as Record<string, unknown>;
      for (const key of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'WebSocket', 'EventSource', 'open']) wrap(key, w, key);
      wrap('sendBeacon', Navigator.prototype as unknown as Record<string, unknown>, 'sendBeacon');
    });
    const requests: string[] = [];
    const popups: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    // Any page after this one is a window the session opened.
    context.on('page', (p) => popups.push(p.url()));
    const errors = watchErrors(page);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations.push(f.url());
    });
    const start = `${inject('baseUrl')}?moteur=test`;
    await page.goto(start);
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');

    await page.fill('#question', QUESTION);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    if (await page.getByTestId('abstain').count()) {
      await page.getByRole('button', { name: 'Interroger quand même le modèle sur ces fiches' }).click();
      await expect.poll(() => page.getByTestId('answer').count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    }
    await page.getByTestId('answer').locator('button').first().click();
    await page.getByRole('button', { name: 'Copier la réponse et ses sources' }).click();
    await page.getByTestId('print-open').click();
    await page.locator('label[for="imprimer-question"]').click();
    await page.getByTestId('print-close').click();
    await page.getByTestId('open-transparency').click();
    expect(await page.getByTestId('transparency-limits').innerText()).toMatch(/WebRTC[\s\S]*nouvel onglet/);
    await page.getByTestId('transparency').getByRole('button', { name: 'Fermer' }).click();
    await page.getByTestId('new-citizen').click();
    await page.waitForTimeout(500);

    expect(await page.evaluate(() => (window as unknown as { __channels: string[] }).__channels)).toEqual([]);
    expect(popups).toEqual([]);
    expect(navigations.every((u) => u === start)).toBe(true);
    expect(requests.length).toBeGreaterThan(10);
    for (const url of requests) for (const mark of MARKS) expect(url, url).not.toMatch(mark);
    expect(errors).toEqual([]);
    await context.close();
  });
});
