import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, NO_SERVICE_WORKER, screenshot, watchErrors } from './browser';

/** The answer itself, large enough to read its marks (the page's screenshot is its whole length). */
async function answerShot(page: Page, name: string) {
  await screenshot(page, name);
  await page.getByTestId('turn').last().screenshot({ path: `test-results/screenshots/${name}-answer.png` });
}

/**
 * The marks of src/rag/grounding.ts on screen and on the print sheet, with the test build's
 * scripted engine making one of small models' mistakes (`?moteur=test&erreur=…`).
 */
let browser: Browser;
/** One context for the file: its first page loads the corpus, the others read it from the browser's caches. */
let context: BrowserContext;
beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...NO_SERVICE_WORKER });
});
afterAll(async () => browser?.close());

const QUESTION = "combien coûte le timbre fiscal pour refaire la carte d'identité perdue de mon fils ?";

async function answered(mistake: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${inject('baseUrl')}?moteur=test&vitesse=400&erreur=${mistake}`);
  await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
  await page.fill('#question', QUESTION);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('turn').last().getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
  return { page, errors, close: () => page.close() };
}

describe('figures and sentences checked against their sources, on screen', () => {
  it('shows a grounded answer with its case and no mark', async () => {
    const { page, errors, close } = await answered('aucune');
    // The case is named above the answer: by the case chooser where DILA marks the fiche's cases.
    const named = await page.getByTestId('turn').last().locator('[data-testid=case-chooser], [data-testid=answer-case]').first().innerText();
    expect(named).toMatch(/^Réponse pour le cas :\s*\S/);
    expect(await page.getByTestId('answer').innerText()).toMatch(/\d+(,\d+)? €/);
    expect(await page.getByTestId('figure-flag').count()).toBe(0);
    expect(await page.getByTestId('verify-flag').count()).toBe(0);
    expect(await page.getByTestId('answer-checks').count()).toBe(0);
    // The sheet names the same case, each of its options among those on screen.
    await page.getByTestId('print-open').click();
    const caseLine = /^Réponse pour le cas : (.+)$/m.exec(await page.getByTestId('print-sheet').innerText())?.[1];
    expect(caseLine).toBeTruthy();
    for (const option of caseLine!.split(' › ')) expect(named).toContain(option);
    expect(errors).toEqual([]);
    await close();
  });

  it('marks a figure no passage gives, counts it under the answer, and keeps it marked on the printed sheet', async () => {
    const { page, errors, close } = await answered('chiffre');
    const flag = page.getByTestId('figure-flag');
    expect(await flag.count()).toBe(1);
    expect(await flag.innerText()).toMatch(/^\d+(,\d+)? €$/);
    expect(await page.getByTestId('answer').innerText()).toContain('(chiffre absent des sources)');
    expect(await page.getByTestId('answer-checks').innerText()).toMatch(/1 chiffre\(s\) absent\(s\) des sources citées/);
    // The citation next to it still opens its source.
    expect(await page.getByTestId('answer').locator('button.cite').count()).toBe(1);
    await answerShot(page, 'answer-figure-flag');
    await page.getByTestId('print-open').click();
    const sheet = await page.getByTestId('print-sheet').innerText();
    expect(sheet).toMatch(/\d+(,\d+)? € \[chiffre absent des sources\]/);
    await screenshot(page, 'print-figure-flag');
    expect(errors).toEqual([]);
    await close();
  });

  it('marks the right figure with the wrong unit', async () => {
    const { page, close } = await answered('unite');
    expect(await page.getByTestId('figure-flag').innerText()).toMatch(/^\d+(,\d+)? jours$/);
    await close();
  });

  it('marks an English sentence and a sentence without source « à vérifier », and says why', async () => {
    for (const mistake of ['anglais', 'sans-source']) {
      const { page, close } = await answered(mistake);
      const badge = page.getByTestId('verify-flag');
      expect(await badge.count()).toBe(1);
      expect(await badge.innerText()).toBe('à vérifier');
      expect(await badge.getAttribute('title')).toMatch(mistake === 'anglais' ? /n'est pas en français/ : /ne cite aucune source/);
      expect(await page.getByTestId('answer-checks').innerText()).toMatch(/1 phrase\(s\) à vérifier/);
      if (mistake === 'anglais') await answerShot(page, 'answer-verify-flag');
      await close();
    }
  });

  it('stops a model that loops, and says so', async () => {
    const { page, close } = await answered('boucle');
    expect(await page.getByTestId('repetition-warning').innerText()).toMatch(/répétait les mêmes mots/);
    expect((await page.getByTestId('answer').innerText()).match(/Vous devez ensuite/g)).toHaveLength(1);
    await close();
  });
});
