import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Route } from 'playwright-core';
import { TEST_CPU_MODEL } from '../../src/lab/testModel';
import { launch, NO_SERVICE_WORKER, watchErrors } from './browser';

/**
 * Cancelling a CPU model load, as an agent does it from the model manager: the model file is held
 * back by the network (Playwright's route) so the cancel lands mid-download, whatever the machine's
 * speed. After the cancel nothing of the model is in use or marked installed, its worker is gone,
 * and loading it again works.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const FILE = `**/models/${TEST_CPU_MODEL.id}/${TEST_CPU_MODEL.file}`;

describe('cancelling a CPU model load', () => {
  it('aborts the load, leaves nothing half-installed or active, and a later load works', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 }, ...NO_SERVICE_WORKER });
    const page = await context.newPage();
    const errors = watchErrors(page);
    let requested = 0;
    const held: Route[] = [];
    // The model file's request waits until the test lets it through.
    await context.route(FILE, (route) => {
      requested++;
      held.push(route);
    });
    await page.goto(`${inject('baseUrl')}#parametres`);
    await page.getByTestId('engine-choice').waitFor({ timeout: 30_000 });
    const workersBefore = page.workers().length;

    const use = page.getByRole('button', { name: `Utiliser ${TEST_CPU_MODEL.label} ${TEST_CPU_MODEL.quantization}` });
    await use.click();
    const status = page.getByTestId('model-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('loading');
    // The worker is asking for the file: the load is really under way.
    await expect.poll(() => requested, { timeout: 30_000 }).toBe(1);
    expect(page.workers().length).toBeGreaterThan(workersBefore);

    await page.getByRole('button', { name: 'Annuler le chargement' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('error');
    expect(await status.innerText()).toMatch(/Chargement annulé/);
    // Its worker was terminated with its download; the model is neither active nor installed.
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(workersBefore);
    const row = page.locator(`tr[data-model="${TEST_CPU_MODEL.id}"]`);
    expect(await row.innerText()).not.toMatch(/installé/);
    const cached = await page.evaluate(async (file) => {
      const cache = await caches.open('comptoir-gguf');
      return (await cache.keys()).map((r) => r.url).filter((u) => u.endsWith(file));
    }, TEST_CPU_MODEL.file);
    expect(cached).toEqual([]);
    for (const route of held.splice(0)) await route.abort().catch(() => {});
    expect(requested).toBe(1);

    // The file flows again: the same model now loads and is kept as installed.
    await context.unroute(FILE);
    await page.getByRole('button', { name: `Utiliser ${TEST_CPU_MODEL.label} ${TEST_CPU_MODEL.quantization}` }).click();
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    expect(await page.locator(`tr[data-model="${TEST_CPU_MODEL.id}"]`).innerText()).toMatch(/installé/);
    // The cancelled fetch shows as a failed request in the console; nothing else may fail.
    expect(errors.filter((e) => !/Failed to load resource|ERR_FAILED|ERR_ABORTED/.test(e))).toEqual([]);
    await context.close();
  });
});
