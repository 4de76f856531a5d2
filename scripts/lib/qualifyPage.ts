/**
 * Drives Paramètres › « Tester ce modèle sur ce poste » in an open page of the app: loads the model
 * if it is not in service, runs the qualification and returns its summary (the figures the
 * component writes in `data-report`). Used by `npm run qualify` and by the browser test.
 */
import type { Page } from 'playwright-core';

export interface PageModel {
  id: string;
  label: string;
  quantization: string;
}

export async function qualifyInPage(page: Page, model: PageModel, options: { timeoutMs?: number; onProgress?: (text: string) => void } = {}): Promise<Record<string, unknown>> {
  const status = page.getByTestId('model-status');
  // The catalogue and the qualification live in Paramètres, a screen of its own.
  if (!(await page.getByTestId('catalog').isVisible())) await page.evaluate(() => { location.hash = '#parametres'; });
  await page.getByTestId('catalog').waitFor({ timeout: 60_000 });
  const row = page.locator(`[data-model="${model.id}"]`);
  if ((await status.getAttribute('data-status')) !== 'ready' || !/en service/.test(await row.innerText())) {
    await page.getByRole('button', { name: `Utiliser ${model.label} ${model.quantization}` }).click();
  }
  await page.waitForFunction((id) => {
    const s = document.querySelector('[data-testid=model-status]')?.getAttribute('data-status');
    return s === 'error' || (s === 'ready' && /en service/.test(document.querySelector(`[data-model="${id}"]`)?.textContent ?? ''));
  }, model.id, { timeout: options.timeoutMs ?? 600_000 });
  if ((await status.getAttribute('data-status')) !== 'ready') throw new Error(`model ${model.id} did not load: ${await status.innerText()}`);
  const section = page.getByTestId('qualification');
  await page.getByTestId('qualification-run').click();
  await section.and(page.locator('[data-status=running]')).waitFor({ timeout: 30_000 });
  const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
  let last = '';
  for (;;) {
    const state = await section.getAttribute('data-status');
    if (state === 'done') break;
    if (state !== 'running') throw new Error(`qualification ${state}: ${await section.innerText()}`);
    if (Date.now() > deadline) throw new Error('qualification timed out');
    const progress = await page.getByTestId('qualification-progress').innerText().catch(() => '');
    if (progress && progress !== last) options.onProgress?.((last = progress));
    await page.waitForTimeout(1000);
  }
  return JSON.parse((await section.getAttribute('data-report'))!) as Record<string, unknown>;
}
