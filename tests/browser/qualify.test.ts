import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TEST_CPU_MODEL } from '../../src/lab/testModel';
import { qualifyInPage } from '../../scripts/lib/qualifyPage';
import { launch, NO_SERVICE_WORKER, screenshot, watchErrors } from './browser';

/**
 * Paramètres › « Tester ce modèle sur ce poste » end to end: the built-in questions through the
 * real pipeline, the real search worker and the real CPU engine (wllama) on stories260K, which
 * writes English stories — so the verdict must be « ne convient pas », for the right reasons. The
 * test build runs 8 of the 38 questions (?questions=8); `npm run qualify -- --model stories260K`
 * runs them all through the same page.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('qualifying a model on this PC (stories260K, real wllama)', () => {
  it('runs the built-in questions, judges the model, keeps the result and shows it in Transparence', { timeout: 900_000 }, async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 }, ...NO_SERVICE_WORKER });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${inject('baseUrl')}?questions=8`);
    const summary = await qualifyInPage(page, TEST_CPU_MODEL, { timeoutMs: 800_000 });
    console.log(`qualify stories260K: ${JSON.stringify(summary)}`);
    expect(summary.model).toBe(TEST_CPU_MODEL.id);
    expect(summary.questions).toBe(8);
    expect(summary.generated).toBeGreaterThanOrEqual(5);
    for (const key of ['figures_supported', 'expected_phrase', 'citations_valid', 'offtopic_abstained', 'french', 'ttft_ms_p50', 'answer_ms_p50', 'load_ms']) {
      expect(typeof summary[key], key).toBe('number');
    }
    // The model writes English stories that cite nothing.
    expect(summary.citations_valid as number).toBeLessThan(0.5);
    expect(summary.french as number).toBeLessThan(0.5);
    expect(summary.verdict).toMatch(/^ne convient pas : .*citations valides .*réponses en français/);
    expect(await page.getByTestId('qualification-verdict').innerText()).toContain('ne convient pas');
    await page.getByTestId('qualification').scrollIntoViewIfNeeded();
    await page.getByTestId('qualification').screenshot({ path: 'test-results/screenshots/qualification.png' });

    // Kept on the PC: after a reload, Paramètres and Transparence still show it.
    await page.goto(`${inject('baseUrl')}#parametres`);
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    await expect.poll(() => page.getByTestId('qualification-verdict').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('open-transparency').click();
    const shown = page.getByTestId('transparency-qualification');
    await expect.poll(() => shown.innerText()).toMatch(/stories260K \(en service\), le .* ne convient pas/);
    await screenshot(page, 'transparency-qualification');
    expect(errors).toEqual([]);
    await context.close();
  });
});
