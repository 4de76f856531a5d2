import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { backToQuestions, launch, NO_SERVICE_WORKER, openSettings, watchErrors } from './browser';

/** Defects an outside tester found: nothing of a citizen may outlive the visit. */

let browser: Browser;
/**
 * One context for the file: its first page loads the corpus, the next reads it from the browser's
 * caches. The tests whose answer need not be caught streaming share one page with a fast scripted
 * engine; each starts from a clear screen and no stored avis (« Nouvel usager », « Supprimer les
 * avis »), since they count what gets stored.
 */
let context: BrowserContext;
let fast: { page: Page; errors: string[] } | undefined;
beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...NO_SERVICE_WORKER });
});
afterAll(async () => browser?.close());

/** A page of the test build with its scripted engine (`vitesse`: tokens per second). */
async function openWithEngine(vitesse?: number) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(inject('baseUrl') + '?moteur=test' + (vitesse ? `&vitesse=${vitesse}` : ''));
  await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
  return { page, errors };
}

/** The shared fast page, its screen cleared and no avis stored. */
async function openFast() {
  fast ??= await openWithEngine(400);
  const { page } = fast;
  await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
  await page.getByTestId('new-citizen').click();
  await expect.poll(() => page.getByTestId('turn').count()).toBe(0);
  if ((await stored(page)).feedback.length) {
    await openSettings(page);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('delete-feedback').click();
    await expect.poll(async () => (await stored(page)).feedback.length).toBe(0);
    await backToQuestions(page);
  }
  fast.errors.length = 0;
  return fast;
}

async function ask(page: Page, question: string) {
  await page.fill('#question', question);
  await page.keyboard.press('Enter');
}

const turnStatus = (page: Page, i: number) => page.getByTestId('turn').nth(i).getAttribute('data-status');

/** Asks and waits for a generated answer; names and dates lower the confidence, so the agent may override. */
async function askForAnswer(page: Page, question: string) {
  await ask(page, question);
  await expect.poll(() => turnStatus(page, 0), { timeout: 30_000 }).toBe('done');
  if (await page.getByTestId('abstain').count()) {
    await page.getByRole('button', { name: 'Interroger quand même le modèle' }).click();
    await expect.poll(() => page.getByTestId('answer').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => turnStatus(page, 0), { timeout: 30_000 }).toBe('done');
  }
}

/** Everything the app stored, read straight from IndexedDB. */
function stored(page: Page): Promise<{ turns: unknown[]; feedback: Record<string, unknown>[] }> {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('comptoir');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction(['turns', 'feedback']);
      const turns = tx.objectStore('turns').getAll();
      const feedback = tx.objectStore('feedback').getAll();
      tx.oncomplete = () => {
        resolve({ turns: turns.result, feedback: feedback.result });
        req.result.close();
      };
    };
  }));
}

describe('feedback form', () => {
  it('keeps each answer’s reasons to itself, and saves « Utile » with no reason', async () => {
    const { page, errors } = await openFast();
    await ask(page, "j'ai perdu ma carte d'identité");
    await expect.poll(() => turnStatus(page, 0), { timeout: 30_000 }).toBe('done');
    await ask(page, 'demande de logement social');
    await expect.poll(() => turnStatus(page, 1), { timeout: 30_000 }).toBe('done');
    const [first, second] = [page.getByTestId('turn').nth(0), page.getByTestId('turn').nth(1)];
    await first.getByRole('button', { name: 'Pas utile' }).click();
    await second.getByRole('button', { name: 'Pas utile' }).click();
    await second.getByText('trop long', { exact: true }).click();
    expect(await second.getByRole('checkbox', { name: 'trop long' }).isChecked()).toBe(true);
    expect(await first.getByRole('checkbox', { name: 'trop long' }).isChecked()).toBe(false);

    await first.getByRole('button', { name: 'Utile', exact: true }).click();
    await first.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(() => first.getByText('Merci, votre avis est enregistré').count()).toBe(1);
    const { feedback } = await stored(page);
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({ rating: 'up', reasons: [] });
    expect(errors).toEqual([]);
  });
});

describe('« Nouvel usager »', () => {
  it('clears the screen, an open history panel, the question box, and never stores a turn still streaming', async () => {
    // The usual speed, so that the second answer is still streaming when the agent clicks. First
    // to ask about a named person: the notice shows once per PC. The history it turns on stays on
    // in this context.
    const { page, errors } = await openWithEngine();
    await openSettings(page);
    await page.locator('label[for="historique"]').click();
    await expect.poll(() => page.locator('#historique').isChecked()).toBe(true);
    await backToQuestions(page);
    await askForAnswer(page, "Mme Léa Martin a perdu sa carte d'identité");
    await expect.poll(async () => (await stored(page)).turns.length).toBe(1);
    // The agent is told, once, that personal data is masked before anything is stored.
    await expect.poll(() => page.getByTestId('privacy-notice').count()).toBe(1);
    expect(await page.getByTestId('privacy-notice').innerText()).toMatch(/données personnelles \(nom de personne\)/);
    await openSettings(page);
    await page.getByTestId('history').locator('summary').click();
    await expect.poll(() => page.getByTestId('history').innerText()).toContain('Léa Martin');
    await backToQuestions(page);

    await ask(page, 'demande de logement social');
    await expect.poll(() => turnStatus(page, 1), { timeout: 30_000 }).toBe('streaming');
    await page.getByTestId('answer').nth(1).getByText('fiche').first().waitFor();
    await page.fill('#question', 'son fils Hugo Martin');
    await page.getByTestId('new-citizen').click();

    await expect.poll(() => page.getByTestId('turn').count()).toBe(0);
    expect(await page.inputValue('#question')).toBe('');
    expect(await page.locator('main').innerText()).not.toContain('Martin');
    // The streaming turn was aborted by the wipe: it must not be written after it.
    await page.waitForTimeout(1500);
    expect((await stored(page)).turns).toEqual([]);

    await page.reload();
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    await openSettings(page);
    await page.getByTestId('history').locator('summary').click();
    await expect.poll(() => page.getByTestId('history').innerText()).toContain('Aucune');
    expect((await stored(page)).turns).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('leaves no question or answer text in the avis, before or after a reload', async () => {
    const { page, errors } = await openFast();
    await askForAnswer(page, "j'ai perdu ma carte d'identité, je suis Mme Léa Martin née le 12/03/1985");
    await page.getByRole('button', { name: 'Pas utile' }).click();
    await page.getByTestId('feedback').getByText('incomplet', { exact: true }).click();
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(async () => (await stored(page)).feedback.length).toBe(1);
    const text = () => stored(page).then((s) => JSON.stringify(s.feedback));
    expect(await text()).not.toMatch(/Martin|1985|carte d/);
    expect(await text()).toMatch(/incomplet/);
    await page.getByTestId('new-citizen').click();
    await page.reload();
    await page.getByTestId('search-ready').waitFor({ timeout: 30_000 });
    expect(await text()).not.toMatch(/Martin|1985|carte d/);
    expect(errors).toEqual([]);
  });
});

describe('a kept text whose names detection cannot be sure of', () => {
  it('is stored only after the agent has seen the possible names highlighted and chosen to mask or keep them', async () => {
    const { page, errors } = await openFast();
    await askForAnswer(page, "le dossier de Quincampoix est bloqué pour sa carte d'identité");
    const box = page.getByTestId('feedback');
    await box.getByRole('button', { name: 'Pas utile' }).click();
    await box.getByText('Conserver aussi le texte', { exact: false }).click();
    const review = page.getByTestId('kept-text-review');
    await expect.poll(() => review.getByTestId('possible-name').allInnerTexts()).toEqual(['Quincampoix']);
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(() => box.getByRole('alert').innerText()).toMatch(/^Relisez le texte conservé/);
    expect((await stored(page)).feedback).toEqual([]);
    await review.getByText('Les masquer').click();
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(async () => (await stored(page)).feedback.length).toBe(1);
    expect((await stored(page)).feedback[0]!.question).toBe("le dossier de [nom ?] est bloqué pour sa carte d'identité");

    // « Carte » is no one's name: the agent keeps what detection could not decide.
    await page.getByTestId('new-citizen').click();
    await askForAnswer(page, "Madame Léa Martin a vu Zébulon au guichet pour sa carte d'identité");
    await page.getByTestId('feedback').getByRole('button', { name: 'Utile', exact: true }).click();
    await page.getByTestId('feedback').getByText('Conserver aussi le texte', { exact: false }).click();
    await expect.poll(() => page.getByTestId('possible-name').allInnerTexts()).toEqual(['Zébulon']);
    await page.getByTestId('kept-text-review').getByText('Les garder').click();
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(async () => (await stored(page)).feedback.length).toBe(2);
    expect((await stored(page)).feedback[1]!.question).toBe("Madame [nom] a vu Zébulon au guichet pour sa carte d'identité");
    expect(errors).toEqual([]);
  });
});
