import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ficheJson, toDilaXml } from '../helpers/fixtures';
import { backToQuestions, launch, NO_SERVICE_WORKER, openSettings, watchErrors } from './browser';

let browser: Browser;
let context: BrowserContext;
let a: Page;
let b: Page;
let errors: string[];

const text = async (page: Page, id: string) => (await page.getByTestId(id).innerText()).replace(/\s+/g, ' ');
const zipOf = (ids: string[], copies = 1) =>
  Buffer.from(zipSync(Object.fromEntries(ids.flatMap((id) => {
    const xml = strToU8(toDilaXml(ficheJson('particuliers', id)));
    return Array.from({ length: copies }, (_, i) => [`${id}-${i}.xml`, xml]);
  })), { level: 1 }));
const importInto = (page: Page, name: string, buffer: Buffer) => page.setInputFiles('#import-zip', { name, mimeType: 'application/zip', buffer });

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ locale: 'fr-FR', ...NO_SERVICE_WORKER });
  [a, b] = [await context.newPage(), await context.newPage()];
  errors = [...watchErrors(a), ...watchErrors(b)];
  // Imports and the corpus status are in Paramètres, a screen of its own.
  for (const page of [a, b]) await page.goto(`${inject('baseUrl')}#parametres`);
});
afterAll(async () => browser?.close());

describe('two tabs, one corpus', () => {
  it('an import in one tab reaches the other without a reload', async () => {
    for (const page of [a, b]) await expect.poll(() => text(page, 'corpus-status'), { timeout: 60_000 }).toMatch(/Données de démonstration/);
    await importInto(a, 'vosdroits-onglet-a.zip', zipOf(['F1342', 'F1341']));
    await a.getByTestId('import-drop-confirm').click({ timeout: 60_000 });
    await expect.poll(() => text(a, 'import-outcome'), { timeout: 60_000 }).toMatch(/2 fiches importées/);
    await expect.poll(() => text(b, 'corpus-status'), { timeout: 60_000 }).toMatch(/Données importées .* 2 fiches,.*vosdroits-onglet-a\.zip/);
    await backToQuestions(b);
    await b.fill('#question', 'carte d’identité mineur');
    await b.keyboard.press('Enter');
    await b.getByTestId('search-hits').waitFor({ timeout: 20_000 });
    expect(await b.getByTestId('search-hits').locator('h4').first().innerText()).toMatch(/Carte d'identité/i);
  });

  it('two imports at once leave both tabs on the same, installed corpus', async () => {
    await openSettings(b);
    await Promise.all([importInto(a, 'vosdroits-x.zip', zipOf(['F1342'])), importInto(b, 'vosdroits-y.zip', zipOf(['F1342', 'F1341', 'F21089']))]);
    for (const page of [a, b]) await expect.poll(() => text(page, 'import-outcome'), { timeout: 90_000 }).toMatch(/fiches importées/);
    const labels = async () => [await text(a, 'corpus-status'), await text(b, 'corpus-status')].map((t) => /vosdroits-[xy]\.zip/.exec(t)?.[0]);
    await expect.poll(async () => { const [x, y] = await labels(); return x !== undefined && x === y; }, { timeout: 60_000 }).toBe(true);
    // A fresh tab reads what is installed: the label both tabs show.
    const c = await context.newPage();
    await c.goto(`${inject('baseUrl')}#parametres`);
    await expect.poll(() => text(c, 'corpus-status'), { timeout: 60_000 }).toMatch(/Données importées/);
    expect(/vosdroits-[xy]\.zip/.exec(await text(c, 'corpus-status'))?.[0]).toBe((await labels())[0]);
    await c.close();
  });

  it('cancel stops the import at once and keeps the installed corpus', async () => {
    await openSettings(b);
    const before = await text(a, 'corpus-status');
    await importInto(a, 'vosdroits-long.zip', zipOf(['F1342', 'F1341', 'F21089'], 600));
    await a.getByTestId('import-cancel').click({ timeout: 30_000 });
    await expect.poll(() => text(a, 'import-outcome'), { timeout: 10_000 }).toBe('Import annulé. Le corpus installé est conservé.');
    expect(await text(a, 'corpus-status')).toBe(before);
    await a.reload();
    await expect.poll(() => text(a, 'corpus-status'), { timeout: 60_000 }).toBe(before);
    expect(errors).toEqual([]);
  });
});
