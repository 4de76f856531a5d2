import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { backToQuestions, launch, NO_SERVICE_WORKER, openSettings, watchErrors } from './browser';

let browser: Browser;
/**
 * One context for the file and a page per address, opened by the first test that needs it (the
 * corpus loads once per page); a later test takes it at its own viewport size with the screen
 * cleared by « Nouvel usager ». The administrator code, stored for the whole context, is set last.
 */
let context: BrowserContext;
const pages = new Map<string, { page: Page; errors: string[] }>();
beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ locale: 'fr-FR', ...NO_SERVICE_WORKER });
  mkdirSync('test-results/screenshots', { recursive: true });
});
afterAll(async () => browser?.close());

async function open(query = '', viewport = { width: 1366, height: 768 }): Promise<{ page: Page; errors: string[] }> {
  let opened = pages.get(query);
  if (opened) {
    await opened.page.setViewportSize(viewport);
    await opened.page.getByTestId('new-citizen').click();
    await expect.poll(() => opened!.page.getByTestId('turn').count()).toBe(0);
    opened.errors.length = 0;
    return opened;
  }
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  opened = { page, errors: watchErrors(page) };
  pages.set(query, opened);
  await page.goto(inject('baseUrl') + query);
  await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
  if (query.includes('moteur=test')) await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
  return opened;
}

async function ask(page: Page, question: string) {
  await page.fill('#question', question);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('turn').last().getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
}

/** A viewport screenshot, as the screen shows it (not the whole scrolled page). */
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

describe('the agent’s screen', () => {
  it('opens with the focus in the question box; Paramètres is a screen of its own, and back is the question box', async () => {
    const { page, errors } = await open();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    // Nothing of Paramètres under the question box.
    expect(await page.locator('#parametres-titre').count()).toBe(0);
    expect(await page.getByTestId('catalog').count()).toBe(0);
    await openSettings(page);
    expect(await page.locator('#question').isVisible()).toBe(false);
    expect(await page.getByTestId('settings').isVisible()).toBe(true);
    // Technical detail has its own section.
    expect(await page.getByTestId('diagnostic-section').innerText()).toMatch(/Index de recherche chargé/);
    const arrow = await page.getByTestId('settings-back').evaluate((a) => getComputedStyle(a, '::before').maskImage || getComputedStyle(a, '::before').webkitMaskImage);
    expect(arrow).toMatch(/url\("?(data:image\/svg\+xml|[^)]*\/assets\/)/);
    await shot(page, 'settings');
    await backToQuestions(page);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('question');
    expect(errors).toEqual([]);
  });

  for (const viewport of [{ width: 1366, height: 768 }, { width: 1024, height: 768 }]) {
    it(`shows the Transparence panel left-aligned, with bullets, « Fermer » on screen at ${viewport.width}×${viewport.height}`, async () => {
      const { page, errors } = await open('', viewport);
      await page.getByTestId('open-transparency').click();
      const dialog = page.getByTestId('transparency');
      await dialog.waitFor();
      await expect.poll(() => page.getByTestId('transparency-storage').innerText()).toMatch(/avis/);
      const style = await dialog.evaluate((d) => {
        const li = d.querySelector('li')!;
        const box = d.getBoundingClientRect();
        return { align: getComputedStyle(li).textAlign, bullet: getComputedStyle(li).listStyleType, display: getComputedStyle(li).display, top: box.top, bottom: box.bottom };
      });
      expect(style).toMatchObject({ align: expect.stringMatching(/^(left|start)$/), bullet: 'disc', display: 'list-item' });
      expect(style.top).toBeGreaterThanOrEqual(0);
      expect(style.bottom).toBeLessThanOrEqual(viewport.height);
      const close = await page.getByTestId('transparency-close').boundingBox();
      expect(close!.y).toBeGreaterThanOrEqual(0);
      expect(close!.y + close!.height).toBeLessThanOrEqual(viewport.height);
      await shot(page, `transparency-${viewport.width}x${viewport.height}`);
      await page.getByTestId('transparency-close').click();
      expect(await dialog.isVisible()).toBe(false);
      expect(errors).toEqual([]);
    });
  }

  it('a generated answer: sources numbered once ([1], no « 1. »), a printer icon, a visible pressed « Utile »', async () => {
    const { page, errors } = await open('?moteur=test');
    expect(await page.getByTestId('sources-placeholder').innerText()).toMatch(/passages cités par la réponse/);
    await ask(page, "ma carte d'identité est perdue, je suis majeur, on fait comment ?");
    const source = page.getByTestId('source').first();
    expect(await source.innerText()).toMatch(/^\[1\] /);
    expect(await source.evaluate((li) => [li.parentElement!.tagName, getComputedStyle(li).listStyleType])).toEqual(['UL', 'none']);
    const icon = await page.getByTestId('print-open').first().evaluate((b) => getComputedStyle(b, '::before').maskImage || getComputedStyle(b, '::before').webkitMaskImage);
    // The SVG itself, inlined or served: not a path left unresolved (a solid square on screen).
    expect(icon).toMatch(/url\("?(data:image\/svg\+xml|[^)]*\/assets\/)/);
    const back = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=print-open]')!, '::before').backgroundColor);
    expect(back).not.toBe('rgba(0, 0, 0, 0)');
    const feedback = page.getByTestId('feedback');
    const background = (name: string) => feedback.getByRole('button', { name, exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor);
    const before = await background('Utile');
    await feedback.getByRole('button', { name: 'Utile', exact: true }).click();
    expect(await feedback.getByRole('button', { name: 'Utile', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await background('Utile')).not.toBe(before);
    expect(await background('Utile')).not.toBe(await background('Pas utile'));
    expect(errors).toEqual([]);
  });

  it('search-only mode: no « passages cités » where nothing is cited', async () => {
    const { page, errors } = await open();
    expect(await page.locator('#sources-titre').innerText()).toBe('Pour aller plus loin');
    await ask(page, 'carte grise perdue');
    expect(await page.locator('aside').innerText()).not.toMatch(/passages cités/);
    const box = page.getByTestId('search-feedback');
    await box.getByRole('button', { name: 'Utile', exact: true }).click();
    expect(await box.getByRole('button', { name: 'Utile', exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor))
      .not.toBe(await box.getByRole('button', { name: 'Pas utile' }).evaluate((b) => getComputedStyle(b).backgroundColor));
    expect(errors).toEqual([]);
  });

  it('keeps the administrator switches behind the administrator code once one is set', async () => {
    // Last: the code stays set in this context.
    const { page, errors } = await open();
    await openSettings(page);
    expect(await page.locator('#autoriser-hub').count()).toBe(1);
    // A code set (kiosk mode left off): Administration locks.
    await page.fill('#borne-code-reglage', 'guichet-4821');
    await page.getByRole('button', { name: 'Enregistrer le mode borne' }).click();
    // The code is hashed first (PBKDF2, 600,000 iterations): seconds on a loaded machine.
    await expect.poll(() => page.getByTestId('admin-settings').getAttribute('data-locked'), { timeout: 20_000 }).toBe('true');
    expect(await page.locator('#autoriser-hub').count()).toBe(0);
    expect(await page.getByTestId('engine-override').count()).toBe(0);
    await page.fill('#admin-code', '0000');
    await page.getByRole('button', { name: 'Déverrouiller l’administration' }).click();
    await page.getByTestId('admin-settings').getByText('Code administrateur incorrect.').waitFor();
    await page.fill('#admin-code', 'guichet-4821');
    await page.getByRole('button', { name: 'Déverrouiller l’administration' }).click();
    await page.locator('#autoriser-hub').waitFor({ state: 'attached' });
    expect(await page.getByTestId('engine-override').isVisible()).toBe(true);
    // Leaving Paramètres locks them again.
    await backToQuestions(page);
    await openSettings(page);
    expect(await page.getByTestId('admin-settings').getAttribute('data-locked')).toBe('true');
    expect(errors).toEqual([]);
  });
});
