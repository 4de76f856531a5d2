import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, NO_SERVICE_WORKER, screenshot, watchErrors } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

describe('kiosk mode', () => {
  it('locks settings behind the code, stores no history or avis text, and clears the screen after the idle delay', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...NO_SERVICE_WORKER });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Opened on Paramètres (its own screen): the kiosk hides it, the code brings it back.
    await page.goto(inject('baseUrl') + '?moteur=test#parametres');
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    // History on before the kiosk: the kiosk must turn it off.
    await page.locator('label[for="historique"]').click();
    await expect.poll(() => page.locator('#historique').isChecked()).toBe(true);

    await page.locator('label[for="mode-borne"]').click();
    await page.fill('#borne-delai', '10');
    await page.fill('#borne-code-reglage', 'guichet-4821');
    await page.getByRole('button', { name: 'Enregistrer le mode borne' }).click();
    await page.getByTestId('kiosk-bar').waitFor();
    await expect.poll(() => page.locator('#parametres-titre').count(), { timeout: 20_000 }).toBe(0);
    expect(await page.locator('#historique').count()).toBe(0);
    // The citizen reads the screen now: no agent wording.
    expect(await page.locator('label[for="question"]').innerText()).toMatch(/^Votre question/);
    expect(await page.getByTestId('questions-screen').innerText()).not.toMatch(/question de l'usager|paramètres|pour l'usager/i);

    await page.fill('#question', "j'ai perdu ma carte d'identité");
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('print-open').innerText()).toBe('Imprimer');
    await page.getByRole('button', { name: 'Pas utile' }).click();
    expect(await page.getByText('Conserver aussi le texte').count()).toBe(0);
    await page.fill('#question', 'texte non envoyé');
    await screenshot(page, 'kiosk');

    // No input from here: the countdown runs and « Nouvel usager » comes by itself.
    const countdown = page.getByTestId('kiosk-countdown');
    await expect.poll(async () => Number(await countdown.getAttribute('data-seconds')), { timeout: 10_000 }).toBeLessThan(9);
    expect(await countdown.innerText()).toMatch(/s’efface dans 0:0\d/);
    await expect.poll(() => page.getByTestId('turn').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.inputValue('#question')).toBe('');
    const turns = await page.evaluate(() => new Promise<number>((resolve) => {
      const req = indexedDB.open('comptoir');
      req.onsuccess = () => {
        const count = req.result.transaction('turns').objectStore('turns').count();
        count.onsuccess = () => resolve(count.result);
      };
    }));
    expect(turns).toBe(0);
    await expect.poll(async () => Number(await countdown.getAttribute('data-seconds'))).toBeGreaterThan(5);

    // Settings come back only with the administrator code, and the kiosk survives a reload: opened
    // again at #parametres, Paramètres never shows, not even before the kiosk settings are read.
    await page.addInitScript(() => {
      const w = window as Window & { sawSettings?: boolean };
      new MutationObserver(() => {
        if (document.getElementById('parametres-titre')) w.sawSettings = true;
      }).observe(document, { childList: true, subtree: true });
    });
    await page.evaluate(() => {
      location.hash = '#parametres';
    });
    await page.reload();
    await page.getByTestId('kiosk-bar').waitFor({ timeout: 30_000 });
    await page.getByTestId('search-ready').waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator('#parametres-titre').count()).toBe(0);
    expect(await page.evaluate(() => (window as Window & { sawSettings?: boolean }).sawSettings ?? false)).toBe(false);
    await page.getByTestId('kiosk-admin').click();
    await page.fill('#borne-code', '0000');
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Code administrateur incorrect.' }).count(), { timeout: 20_000 }).toBe(1);
    await page.fill('#borne-code', 'guichet-4821');
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
    await page.locator('#parametres-titre').waitFor();
    expect(await page.locator('#mode-borne').isChecked()).toBe(true);
    expect(await page.locator('#historique').isChecked()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
