import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, NO_SERVICE_WORKER, screenshot, watchErrors } from './browser';

let browser: Browser;
/** One page for the file (the corpus loads once); each test starts with « Nouvel usager ». */
let opened: { page: Page; errors: string[] } | undefined;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function open(): Promise<{ page: Page; errors: string[] }> {
  if (opened) {
    const { page } = opened;
    if (await page.getByTestId('print-view').count()) await page.getByTestId('print-close').click();
    await page.getByTestId('new-citizen').click();
    await expect.poll(() => page.getByTestId('turn').count()).toBe(0);
    opened.errors.length = 0;
    return opened;
  }
  const page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 }, ...NO_SERVICE_WORKER })).newPage();
  opened = { page, errors: watchErrors(page) };
  await page.goto(inject('baseUrl'));
  await expect.poll(() => page.getByTestId('search-ready').count(), { timeout: 30_000 }).toBe(1);
  return opened;
}

async function ask(page: Page, question: string) {
  await page.fill('#question', question);
  await page.keyboard.press('Enter');
  await page.getByTestId('search-hits').first().waitFor({ timeout: 30_000 });
}

/** The section path shown above the first passage of the first fiche. */
const firstSection = (page: Page) => page.getByTestId('search-hits').first().locator('li').first().locator('p.section').first().innerText();

describe('the case on screen', () => {
  it('shows which case the first passage answers, preselected from the question, and switches it in one click; the sheet follows', async () => {
    const { page, errors } = await open();
    await ask(page, "ma fille de 15 ans a perdu sa carte d'identité");
    const hits = page.getByTestId('search-hits').first();
    await expect.poll(async () => (await hits.locator('h4').first().innerText()).trim()).toBe("Carte nationale d'identité d'un mineur : en cas de perte");
    const chooser = page.getByTestId('case-chooser').first();
    await chooser.waitFor();
    // Not stated in the question: the general case is shown, never Guyane.
    expect(await firstSection(page)).not.toMatch(/Guyane/);
    const guyane = chooser.locator('label', { hasText: 'En Guyane' }).first();
    expect(await chooser.locator('input:checked + label', { hasText: 'Cas général' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'case-chooser');
    await guyane.click();
    await expect.poll(() => firstSection(page), { timeout: 20_000 }).toMatch(/En Guyane/);
    expect(await chooser.locator('[data-reason="agent"]').count()).toBe(1);
    // The printed sheet starts from the passage on screen.
    await page.getByTestId('print-open').first().click();
    await page.getByTestId('print-view').waitFor();
    expect(await page.getByTestId('print-sheet').innerText()).toMatch(/Guyane/);
    expect(errors).toEqual([]);
  });

  it('a question an association asks under « Particulier »: says which audience answers it and switches in one click', async () => {
    const { page, errors } = await open();
    await ask(page, 'notre association veut organiser une buvette pour la fête du village');
    const suggestion = page.getByTestId('audience-suggestion');
    await suggestion.waitFor({ timeout: 20_000 });
    expect(await suggestion.getAttribute('data-audience')).toBe('associations');
    expect(await suggestion.innerText()).toMatch(/Buvette ou bar tenu par une association/);
    await screenshot(page, 'audience-suggestion');
    await suggestion.getByRole('button').click();
    await expect.poll(async () => (await page.getByTestId('search-hits').first().locator('h4').first().innerText()).trim(), { timeout: 20_000 })
      .toBe('Buvette ou bar tenu par une association');
    expect(await page.getByTestId('audience-suggestion').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
