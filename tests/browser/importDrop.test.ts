import { mkdirSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ficheJson, toDilaXml } from '../helpers/fixtures';
import { launch, NO_SERVICE_WORKER, watchErrors } from './browser';

/**
 * An outside tester's case: an archive with one valid fiche and junk replaced the 3,726 fiches
 * by 1 with a success message, and nothing could bring back an imported corpus once replaced.
 */

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launch();
  page = await (await browser.newContext({ locale: 'fr-FR', ...NO_SERVICE_WORKER })).newPage();
  errors = watchErrors(page);
  // Imports and the corpus status are in Paramètres, a screen of its own.
  await page.goto(`${inject('baseUrl')}#parametres`);
});
afterAll(async () => browser?.close());

const text = async (id: string) => (await page.getByTestId(id).innerText()).replace(/\s+/g, ' ');
const xmlOf = (id: string) => strToU8(toDilaXml(ficheJson('particuliers', id)));

/** One real fiche and 40 files that are not fiches, as the tester's archive. */
const oneAndJunk = () => Buffer.from(zipSync({
  'F1342.xml': xmlOf('F1342'),
  ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`casse-${i}.xml`, strToU8(`<Publication ID="F9${i}"><dc:title>`)])),
}));
const official = () => Buffer.from(zipSync(Object.fromEntries(['F1342', 'F1341', 'F21089', 'F1399'].map((id) => [`${id}.xml`, xmlOf(id)]))));

describe('an import that would remove most of the corpus', () => {
  it('the update section says where the current fiches come from, as text', async () => {
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/Données de démonstration du 12 novembre 2020 — 3726 fiches/);
    const source = await text('official-source');
    expect(source).toMatch(/vosdroits-latest\.zip/);
    expect(source).toMatch(/data\.gouv\.fr/);
    for (const audience of ['part', 'pro', 'asso']) expect(source).toContain(`https://lecomarquage.service-public.gouv.fr/vdd/3.5/${audience}/zip/vosdroits-latest.zip`);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.locator('section[aria-labelledby=import-titre]').screenshot({ path: 'test-results/screenshots/import-official-source.png' });
  });

  it('shows the counts before and after and asks first; declining keeps the corpus', async () => {
    await page.setInputFiles('#import-zip', { name: 'vosdroits-latest.zip', mimeType: 'application/zip', buffer: oneAndJunk() });
    const ask = page.getByTestId('import-drop');
    await ask.waitFor({ timeout: 60_000 });
    expect((await ask.innerText()).replace(/\s+/g, ' ')).toMatch(/1 fiche valide .*40 fichier\(s\) refusé.*3 ?726 fiches/);
    // The question as the agent sees it (viewport, not the whole page).
    await ask.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/import-drop-confirm.png' });
    // Nothing is replaced while the agent decides.
    expect(await text('corpus-status')).toMatch(/3726 fiches/);
    await page.getByTestId('import-drop-cancel').click();
    await expect.poll(() => text('import-outcome'), { timeout: 30_000 }).toMatch(/Import abandonné.*Le corpus installé est conservé/);
    expect(await text('corpus-status')).toMatch(/Données de démonstration du 12 novembre 2020 — 3726 fiches/);
  });

  it('replaces it when the agent confirms, and says what it replaced', async () => {
    await page.setInputFiles('#import-zip', { name: 'vosdroits-latest.zip', mimeType: 'application/zip', buffer: oneAndJunk() });
    await page.getByTestId('import-drop').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-drop-confirm').click();
    await expect.poll(() => text('import-outcome'), { timeout: 60_000 }).toMatch(/1 fiches importées .*à la place de 3 ?726 fiches/);
    await expect.poll(() => text('corpus-status')).toMatch(/Données importées .* 1 fiches/);
  });

  it('keeps the previous corpus: one click brings an imported official corpus back', async () => {
    // An official corpus (here 4 fiches) replaced by a bad archive, confirmed by mistake.
    await page.setInputFiles('#import-zip', { name: 'officiel.zip', mimeType: 'application/zip', buffer: official() });
    await expect.poll(() => text('corpus-status'), { timeout: 60_000 }).toMatch(/4 fiches,.*officiel\.zip/);
    await page.setInputFiles('#import-zip', { name: 'mauvais.zip', mimeType: 'application/zip', buffer: oneAndJunk() });
    await page.getByTestId('import-drop').waitFor({ timeout: 60_000 });
    await page.getByTestId('import-drop-confirm').click();
    await expect.poll(() => text('corpus-status'), { timeout: 60_000 }).toMatch(/1 fiches,.*mauvais\.zip/);

    const back = page.getByTestId('corpus-previous');
    await expect.poll(() => text('corpus-previous')).toMatch(/Revenir au corpus précédent.*4 fiches, officiel\.zip/);
    await back.click();
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/4 fiches,.*officiel\.zip/);

    // « Revenir aux données de démonstration » no longer loses the official corpus either.
    await page.getByRole('button', { name: 'Revenir aux données de démonstration' }).click();
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/Données de démonstration .* 3726 fiches/);
    await expect.poll(() => text('corpus-previous')).toMatch(/4 fiches, officiel\.zip/);
    await page.getByTestId('corpus-previous').click();
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/4 fiches,.*officiel\.zip/);
    // And it survives a reload.
    await page.reload();
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/4 fiches,.*officiel\.zip/);
    // The embedded data is the previous corpus now: its own button says so.
    expect(await page.getByTestId('corpus-previous').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Revenir aux données de démonstration' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
