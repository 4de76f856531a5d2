import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEFAULT_EMBEDDER } from '../../src/embed/catalog';
import { launch, NO_SERVICE_WORKER, watchErrors } from './browser';

/**
 * The embedding model an administrator chose is the page's, not Paramètres': a kiosk reloads
 * locked, Paramètres is never mounted there, and the model must load all the same.
 */
let browser: Browser;

beforeAll(async () => {
  // The tiny test encoder, copied by the operator under the catalogue's default id (the panel
  // offers catalogue models only). The models/ folder the shared build serves (globalSetup.ts).
  const dir = `${process.env.COMPTOIR_MODELS_DIR ?? 'test-results/models-fixtures'}/${DEFAULT_EMBEDDER}`;
  cpSync('tests/fixtures/embed/tiny-encoder-f32', dir, { recursive: true });
  const config = JSON.parse(readFileSync(`${dir}/embedder.json`, 'utf8')) as Record<string, unknown>;
  writeFileSync(`${dir}/embedder.json`, JSON.stringify({ ...config, id: DEFAULT_EMBEDDER }));
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('embedder on a locked kiosk', () => {
  it('loads the embedder the administrator chose after a reload, with Paramètres closed', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...NO_SERVICE_WORKER });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(inject('baseUrl') + '?moteur=test#parametres');
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');

    // The administrator chooses the embedder, then turns the kiosk on.
    const panel = page.getByTestId('embedder-panel');
    await panel.getByRole('button', { name: 'Utiliser' }).first().click();
    await expect.poll(() => page.getByTestId('embedder-status').innerText(), { timeout: 60_000 }).toMatch(/chargé en .* depuis/);
    await page.locator('label[for="mode-borne"]').click();
    await page.fill('#borne-delai', '600');
    await page.fill('#borne-code-reglage', 'guichet-4821');
    await page.getByRole('button', { name: 'Enregistrer le mode borne' }).click();
    await page.getByTestId('kiosk-bar').waitFor();

    // Opened again (the kiosk PC's morning): locked, Paramètres not there. The embed worker asks
    // for the chosen model's files, and the corpus embedding goes on from where it stopped.
    const asked: string[] = [];
    context.on('request', (request) => {
      if (request.url().includes(`/models/${DEFAULT_EMBEDDER}/`)) asked.push(new URL(request.url()).pathname);
    });
    // Opened on the question screen, as the kiosk's browser starts (no #parametres in the address).
    await page.goto(inject('baseUrl') + '?moteur=test');
    await page.getByTestId('kiosk-bar').waitFor();
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    expect(await page.getByTestId('open-settings').count()).toBe(0);
    expect(await page.getByTestId('embedder-panel').count()).toBe(0);
    await expect.poll(() => asked.some((path) => path.endsWith('/model.onnx')), { timeout: 60_000 }).toBe(true);
    const slices = () => page.evaluate(() => new Promise<number>((resolve) => {
      const req = indexedDB.open('comptoir');
      req.onsuccess = () => {
        const count = req.result.transaction('embeddingSlices').objectStore('embeddingSlices').count();
        count.onsuccess = () => resolve(count.result);
      };
    }));
    const before = await slices();
    await expect.poll(slices, { timeout: 60_000 }).toBeGreaterThan(before);
    // onnxruntime-web logs its node placement as console errors: not the page's.
    expect(errors.filter((e) => !/onnxruntime/.test(e))).toEqual([]);
    await context.close();
  });
});
