import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { gpuModel } from '../../src/llm/catalogs/gpuModels';
import { backToQuestions, launch, NO_SERVICE_WORKER, openSettings, screenshot } from './browser';
import { BROKEN_MODELS } from './modelFixtures';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 }, ...NO_SERVICE_WORKER });
  page = await context.newPage();
  await page.goto(`${inject('baseUrl')}#parametres`);
  await page.getByTestId('recommendation').waitFor({ timeout: 30_000 });
});
afterAll(async () => browser?.close());

const status = () => page.getByTestId('model-status');
let lastDetail: string | null = null;

async function useModel(id: string) {
  const m = gpuModel(id)!;
  const text = async () => (await status().innerText()).replace(/\s+/g, ' ');
  await page.getByRole('button', { name: `Utiliser ${m.label} ${m.quantization}` }).click();
  // Wait for this load's outcome, not the previous one's.
  await expect.poll(async () => (await status().getAttribute('data-status')) === 'error' && (await page.getByTestId('failure-detail').textContent()) !== lastDetail, { timeout: 60_000 }).toBe(true);
  lastDetail = await page.getByTestId('failure-detail').textContent();
  return text();
}

async function stillSearches() {
  await backToQuestions(page);
  const before = await page.getByTestId('turn').count();
  await page.fill('#question', 'carte grise perdue');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('search-hits').count(), { timeout: 20_000 }).toBeGreaterThan(before);
  await openSettings(page);
}

describe('model manager on the real SwiftShader WebGPU adapter', () => {
  it('probes the GPU: no shader-f16, so an f32 model is recommended', async () => {
    expect(await page.getByTestId('probe-f16').innerText()).toBe('non');
    expect(await page.getByTestId('recommendation').getAttribute('data-recommended')).toMatch(/-q4f32_1-MLC$/);
    expect(await page.getByTestId('recommendation').innerText()).toMatch(/version q4f32 car la carte graphique ne gère pas shader-f16/);
    expect(await status().getAttribute('data-status')).toBe('none');
    // A model nobody copied into models/ (and no hub allowed) cannot be chosen.
    const absent = gpuModel('Qwen2.5-3B-Instruct-q4f32_1-MLC')!;
    expect(await page.getByRole('button', { name: `Utiliser ${absent.label} ${absent.quantization}` }).isDisabled()).toBe(true);
    await page.getByTestId('catalog').scrollIntoViewIfNeeded();
    await screenshot(page, 'model-manager');
  });

  it('a model library missing on the server (404) gives the French message, and search still works', async () => {
    expect(await useModel(BROKEN_MODELS.missingLib)).toMatch(/Fichiers du modèle introuvables/);
    await stillSearches();
  });

  it('a truncated mlc-chat-config.json is reported as damaged files', async () => {
    expect(await useModel(BROKEN_MODELS.truncatedConfig)).toMatch(/incomplets ou abîmés/);
    expect(await page.getByTestId('failure-detail').textContent()).toMatch(/JSON/);
    await stillSearches();
  });

  it('an empty .wasm model library is reported as damaged files', async () => {
    expect(await useModel(BROKEN_MODELS.emptyLib)).toMatch(/incomplets ou abîmés/);
    expect(await page.getByTestId('failure-detail').textContent()).toMatch(/CompileError|WebAssembly/);
    await stillSearches();
    await screenshot(page, 'model-load-error');
  });

  it('downloads allowed in Paramètres but not by the server: the error names COMPTOIR_ALLOW_HUB, not missing files', async () => {
    // The test server runs without COMPTOIR_ALLOW_HUB: its policy keeps the page from the hub.
    await page.locator('label[for="autoriser-hub"]').click();
    await expect.poll(() => page.locator('#autoriser-hub').isChecked()).toBe(true);
    const text = await useModel('Qwen2.5-3B-Instruct-q4f32_1-MLC');
    expect(text).toMatch(/autorisé dans Comptoir, mais pas par le serveur.*COMPTOIR_ALLOW_HUB=1/);
    expect(text).not.toMatch(/introuvables/);
    await page.locator('label[for="autoriser-hub"]').click();
    await expect.poll(() => page.locator('#autoriser-hub').isChecked()).toBe(false);
  });
});
