import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { feedbackEvalQuestions } from '../../src/feedback/evalSet';
import AxeBuilder from '@axe-core/playwright';
import { backToQuestions, downloadedText, launch, NO_SERVICE_WORKER, openSettings, screenshot, watchErrors } from './browser';

const OUT = 'test-results/print';
// An adult's lost card: the best passage (« En France ») is not itself the documents list, so the
// sheet adds the fiche's « Pièces à fournir » below it.
const QUESTION = "ma carte d'identité est perdue, je suis majeur, on fait comment ?";
let browser: Browser;
/**
 * One context for the file, two pages (the scripted engine's and search-only) that the tests take
 * in turn, each starting with « Nouvel usager »: the corpus loads once per page. What a test leaves
 * stored (the desk's name) is on every later sheet; the feedback test needs none stored before
 * it, and the archive import comes last.
 */
let context: BrowserContext;
const pages = new Map<string, { page: Page; errors: string[] }>();
beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...NO_SERVICE_WORKER });
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  mkdirSync('test-results/screenshots', { recursive: true });
});
afterAll(async () => browser?.close());

/** The page of `query`, opened on first use, its screen cleared for the next citizen; errors are the test's own. */
async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  let opened = pages.get(query);
  if (opened) {
    if (await opened.page.getByTestId('print-view').count()) await opened.page.getByTestId('print-close').click();
    await opened.page.getByTestId('new-citizen').click();
    await expect.poll(() => opened!.page.getByTestId('turn').count()).toBe(0);
    opened.errors.length = 0;
    return opened;
  }
  const page = await context.newPage();
  opened = { page, errors: watchErrors(page) };
  pages.set(query, opened);
  await page.goto(inject('baseUrl') + query);
  await expect.poll(() => page.getByTestId('search-ready').count(), { timeout: 30_000 }).toBe(1);
  if (query.includes('moteur=test')) {
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('ready');
  }
  return opened;
}

async function ask(page: Page, question: string) {
  await page.fill('#question', question);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('turn').last().getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
}

async function setDesk(page: Page, name: string, address: string) {
  await openSettings(page);
  await page.fill('#structure-nom', name);
  await page.fill('#structure-adresse', address);
  await page.getByTestId('desk-save').click();
  await page.getByText('Structure enregistrée.').waitFor();
  await backToQuestions(page);
}

/** Every record of every IndexedDB store of the app, to prove printing writes nothing. */
async function storedState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name!).sort();
    const out: Record<string, unknown> = { localStorage: { ...localStorage } };
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of [...db.objectStoreNames]) {
        out[`${name}/${store}`] = await new Promise((resolve) => {
          const r = db.transaction(store).objectStore(store).getAllKeys();
          r.onsuccess = () => resolve(r.result.map(String));
        });
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

interface Printed { pages: number; text: string; urls: string[] }

const DPI = 200;
const MARGIN_MM = 12;
const mmToPx = (mm: number) => (mm * DPI) / 25.4;

/** Where each QR code lies in print layout (CSS px from the top left of the page content). */
async function qrBoxes(page: Page): Promise<{ url: string; x: number; y: number; size: number }[]> {
  const viewport = page.viewportSize()!;
  await page.emulateMedia({ media: 'print' });
  // page.pdf lays out the content box of an A4 page with 12 mm margins: 186 mm wide.
  await page.setViewportSize({ width: Math.round(((210 - 2 * MARGIN_MM) / 25.4) * 96), height: Math.round(((297 - 2 * MARGIN_MM) / 25.4) * 96) });
  const boxes = await page.getByTestId('sheet-link').evaluateAll((els) => els.flatMap((e) => {
    const svg = e.querySelector('svg.qr');
    if (!svg) return [];
    const r = svg.getBoundingClientRect();
    return [{ url: e.getAttribute('data-url')!, x: r.left + window.scrollX, y: r.top + window.scrollY, size: r.width }];
  }));
  await page.emulateMedia({ media: null });
  await page.setViewportSize(viewport);
  return boxes;
}

/**
 * page.pdf → PNG per page with pdftoppm (poppler-utils) → each QR code cropped where the layout put
 * it (5 mm around) and decoded with jsQR; pdftotext for the words.
 */
async function printToPdf(page: Page, name: string): Promise<Printed> {
  const boxes = await qrBoxes(page);
  const pdf = join(OUT, `${name}.pdf`);
  writeFileSync(pdf, await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', pdf, join(OUT, name)]);
  const pngs = readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
  copyFileSync(join(OUT, pngs[0]!), `test-results/screenshots/print-${name}.png`);
  const pageHeightCss = ((297 - 2 * MARGIN_MM) / 25.4) * 96;
  const images = pngs.map((f) => PNG.sync.read(readFileSync(join(OUT, f))));
  const urls = boxes.map((box) => {
    const n = Math.floor(box.y / pageHeightCss);
    const png = images[n];
    if (!png) return '';
    const cssToPx = (v: number) => mmToPx(MARGIN_MM + (v * 25.4) / 96);
    const pad = mmToPx(5);
    const left = Math.max(0, Math.floor(cssToPx(box.x) - pad));
    const top = Math.max(0, Math.floor(cssToPx(box.y - n * pageHeightCss) - pad));
    const w = Math.min(png.width - left, Math.ceil(mmToPx((box.size * 25.4) / 96) + 2 * pad));
    const h = Math.min(png.height - top, w);
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) data.set(png.data.subarray(((top + y) * png.width + left) * 4, ((top + y) * png.width + left + w) * 4), y * w * 4);
    return jsQR(data, w, h, { inversionAttempts: 'dontInvert' })?.data ?? '';
  });
  const text = execFileSync('pdftotext', [pdf, '-']).toString('utf8').replace(/\s+/g, ' ');
  return { pages: pngs.length, text, urls };
}

const linkUrls = (page: Page) => page.getByTestId('sheet-link').evaluateAll((els) => els.map((e) => e.getAttribute('data-url')).filter((u): u is string => Boolean(u)));

/** No script, no inline handler, no embedded frame or object anywhere in the sheet. */
async function activeContent(page: Page): Promise<string[]> {
  return page.getByTestId('print-sheet').evaluate((sheet) =>
    [sheet, ...sheet.querySelectorAll('*')].flatMap((el) => [
      ...(/^(script|iframe|object|embed|img)$/i.test(el.tagName) ? [el.tagName] : []),
      ...[...el.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => `${el.tagName}@${a.name}`),
    ]));
}

describe('« Imprimer pour l\'usager »', () => {
  it('generated answer: one A4 page, QR codes that decode to the sheet\'s links, no question unless ticked, nothing stored', async () => {
    const { page, errors } = await open('?moteur=test');
    await setDesk(page, 'France Services de Saint-Affrique', '12 place de la Mairie\n12400 Saint-Affrique');
    await ask(page, QUESTION);
    const before = await storedState(page);

    await page.getByTestId('print-open').click();
    const sheet = page.getByTestId('print-sheet');
    await sheet.waitFor();
    await page.getByTestId('sheet-documents').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('sheet-documents').innerText()).toMatch(/Pièces à fournir/);
    expect(await sheet.innerText()).toContain('France Services de Saint-Affrique');
    await screenshot(page, 'print-view-answer');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 100)).join(' | ')}`)).toEqual([]);

    const printed = await printToPdf(page, 'answer');
    expect(printed.pages).toBe(1);
    const expected = await linkUrls(page);
    expect(expected).toContain('https://www.service-public.fr/particuliers/vosdroits/F1344');
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(printed.urls).toEqual(expected);
    expect(printed.text).not.toContain('je suis majeur');
    expect(printed.text).toMatch(/Licence Ouverte/);
    expect(printed.text).toMatch(/12 novembre 2020/);
    // How old the fiches are, on the sheet the citizen takes away.
    expect(printed.text).toMatch(/Fiches du 12 novembre 2020 — il y a \d+ ans :\s+les\s+règles\s+ont\s+pu\s+changer/);
    expect(printed.text).toMatch(/12400 Saint-Affrique/);
    expect(printed.text).toMatch(/cerfa n° \d+/);
    expect(printed.text).not.toMatch(/Imprimer pour l'usager|Contenu de la feuille|Aperçu/);
    expect(await activeContent(page)).toEqual([]);

    await page.locator('label[for=imprimer-question]').click();
    const withQuestion = await printToPdf(page, 'answer-question');
    expect(withQuestion.text.replace(/\s+/g, ' ')).toContain('ma carte d\'identité est perdue, je suis majeur');
    expect(withQuestion.pages).toBe(1);

    // window.print() is what both buttons call; the dialog cannot open headless, so count the calls.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void (window as unknown as { printed: number }).printed++;
    });
    await page.getByTestId('print-button').click();
    await page.getByRole('button', { name: 'Enregistrer en PDF' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);

    await page.getByTestId('print-close').click();
    await page.getByTestId('conversation').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('print-open');
    expect(await storedState(page)).toBe(before);
    expect(errors).toEqual([]);
  });

  it('ticked passages only, and a hostile answer prints inert', async () => {
    const { page, errors } = await open('?moteur=test');
    await ask(page, 'xss carte grise perdue');
    await page.getByTestId('print-open').click();
    expect(await activeContent(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.getByTestId('print-sheet').innerText()).not.toMatch(/javascript:/);

    await page.locator('label[for=contenu-passages]').click();
    const boxes = page.getByTestId('print-passages').locator('input[type=checkbox]');
    expect(await boxes.count()).toBeGreaterThan(1);
    expect(await boxes.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)).toBe(0);
    const label = page.getByTestId('print-passages').locator('label').nth(1);
    await label.click();
    expect(await boxes.nth(1).isChecked()).toBe(true);
    const labelText = await label.innerText();
    const printed = await printToPdf(page, 'passages');
    expect(printed.pages).toBe(1);
    expect(printed.text).not.toMatch(/piégée/);
    const title = labelText.split(/ — |\n/)[0]!.replace(/^\[\d+\] /, '').trim();
    expect(printed.text.replace(/\s+/g, ' ')).toContain(title);
    expect(printed.text).not.toContain('xss');
    expect(errors).toEqual([]);
  });

  it('the lost-ID-card sheet of a minor (F1153, F1344) fits one A4 page, « Pièces à fournir » included, from a generated answer and in search-only mode', async () => {
    const question = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
    for (const [query, name] of [['?moteur=test', 'lost-id-answer'], ['', 'lost-id-search']] as const) {
      const { page, errors } = await open(query);
      await ask(page, question);
      await page.getByTestId('print-open').click();
      // From the answer, the list is looked up apart; in search-only mode a ticked « Pièces à
      // fournir » passage prints it itself.
      if (query) await page.getByTestId('sheet-documents').waitFor({ timeout: 10_000 });
      else await page.getByTestId('print-sheet').getByText(/Pièces à fournir/).first().waitFor({ timeout: 10_000 });
      const printed = await printToPdf(page, name);
      expect(printed.text).toMatch(/Pièces à fournir/);
      expect(printed.text).toMatch(/Licence Ouverte/);
      expect(printed.pages).toBe(1);
      expect(errors).toEqual([]);
    }
  });

  it('search-only prints too; a refusal with no fiche to list does not', async () => {
    const { page, errors } = await open();
    await ask(page, QUESTION);
    await page.getByTestId('print-open').click();
    expect(await page.getByTestId('print-passages').locator('input:checked').count()).toBeGreaterThan(0);
    const printed = await printToPdf(page, 'search-only');
    expect(printed.pages).toBe(1);
    expect(printed.urls).toEqual(await linkUrls(page));
    expect(printed.text).not.toContain('je suis majeur');
    await screenshot(page, 'print-view-search-only');
    await page.getByTestId('print-close').click();

    // A refusal the engine is sure of lists no fiche, so it has nothing to print (the sheet of a
    // refusal that lists its closest fiches, « Fiches à consulter », is in tests/unit/printSheet).
    await ask(page, 'quel temps fera-t-il demain');
    expect(await page.getByTestId('abstain').count()).toBe(1);
    expect(await page.getByTestId('print-open').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('feedback in search-only mode', () => {
  it('marks a result useful, picks the fiche that answered with the picker, and the export reads back as an eval question', async () => {
    const { page, errors } = await open();
    await ask(page, 'timbre fiscal pour un passeport');
    const box = page.getByTestId('search-feedback');
    await box.getByRole('button', { name: 'Utile', exact: true }).click();
    const picker = box.getByTestId('fiche-picker');
    expect(await picker.locator('input[type=radio]:checked').count()).toBe(1);
    await picker.getByTestId('fiche-picker-search').fill('passeport mineur perte');
    await expect.poll(() => picker.locator('input[type=radio]').count(), { timeout: 10_000 }).toBeGreaterThan(6);
    const other = picker.locator('input[type=radio]').nth(5);
    const picked = await other.getAttribute('value');
    await picker.locator(`label[for="${await other.getAttribute('id')}"]`).click();
    expect(await other.isChecked()).toBe(true);
    await box.locator('textarea').fill('La bonne fiche était plus bas.');
    await box.locator('label', { hasText: 'Garder la question' }).click();
    await box.screenshot({ path: 'test-results/screenshots/search-feedback.png' });
    await box.getByTestId('search-feedback-send').click();
    await page.getByText('Merci, votre avis est enregistré sur ce poste.').waitFor();

    // A second one without keeping the question: stored, but with no question text.
    await ask(page, 'quel temps fera-t-il demain');
    const second = page.getByTestId('search-feedback').last();
    await second.getByRole('button', { name: 'Utile', exact: true }).click();
    await second.getByTestId('search-feedback-send').click();

    await openSettings(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-feedback').click();
    const csv = await downloadedText(await download);
    expect(csv).not.toContain('temps fera');
    const { questions, skipped } = feedbackEvalQuestions(csv);
    expect(questions).toEqual([{ question: 'timbre fiscal pour un passeport', ids: [picked] }]);
    expect(skipped).toBe(1);
    expect(errors).toEqual([]);
  });
});

/** A crafted archive: fiche addresses on other sites, a téléservice off public-service sites. */
function craftedFiche(id: string, spUrl: string, title: string, service?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Publication ID="${id}" type="Fiche d'information" spUrl="${spUrl}">
  <dc:title>${title}</dc:title>
  <dc:date>modified 2024-01-02</dc:date>
  <Introduction><Texte><Paragraphe>La ${title.toLowerCase()} se demande en ligne, avec un justificatif de domicile.</Paragraphe></Texte></Introduction>
  ${service ? `<ServiceEnLigne ID="R990001" type="Téléservice" URL="${service}"><Titre>Commander en ligne</Titre></ServiceEnLigne>` : ''}
</Publication>`;
}

describe('the printed host', () => {
  it('prints each link\'s real host, never « service-public.fr » for another site; off-site links are marked and crafted fiche addresses refused', async () => {
    const { page, errors } = await open();
    const zip = Buffer.from(zipSync({
      'F990002.xml': strToU8(craftedFiche('F990002', 'https://phish.example/particuliers/vosdroits/F990002', 'Vignette zorglub de stationnement')),
      'F990003.xml': strToU8(craftedFiche('F990003', 'https://www.impots.gouv.fr/particuliers/vosdroits/F990003', 'Timbre quasimodo des impôts', 'https://carte-grise-express.example.com/commande')),
    }));
    await openSettings(page);
    await page.setInputFiles('#import-zip', { name: 'vosdroits-latest.zip', mimeType: 'application/zip', buffer: zip });
    // 2 fiches for 3,726: the agent is asked first (tests/browser/importDrop.test.ts).
    await page.getByTestId('import-drop-confirm').click({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('import-outcome').innerText(), { timeout: 30_000 }).toMatch(/2 fiches importées/);
    // Soft: every defect of the audit's case is listed, not only the first.
    expect.soft(await page.getByTestId('import-outcome').innerText()).toMatch(/1 adresse\(s\) de fiche hors des sites publics retirée/);
    await backToQuestions(page);

    await ask(page, 'vignette zorglub stationnement');
    await page.getByTestId('print-open').last().click();
    const phish = await page.getByTestId('sheet-link').evaluateAll((links) => links.map((l) => l.getAttribute('data-url')));
    expect.soft(phish.some((u) => u?.includes('phish'))).toBe(false);
    expect.soft(await page.getByTestId('print-sheet').innerText()).not.toMatch(/phish|service-public\.fr › F990002/);
    await page.getByTestId('print-close').click();

    await ask(page, 'timbre quasimodo impôts');
    await page.getByTestId('print-open').last().click();
    const places = await page.getByTestId('sheet-link-place').allInnerTexts();
    expect.soft(places).toContain('impots.gouv.fr › F990003');
    expect.soft(places).toContain('carte-grise-express.example.com — site hors service public');
    expect.soft(places.join(' ')).not.toMatch(/service-public\.fr › F990003/);
    await screenshot(page, 'print-view-off-site');
    await page.getByTestId('print-close').click();
    expect((await page.getByTestId('off-site').allTextContents()).map((t) => t.trim())).toContain('site hors service public : carte-grise-express.example.com');
    expect(errors).toEqual([]);
  });
});
