import AxeBuilder from '@axe-core/playwright';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ficheJson, toDilaXml } from '../helpers/fixtures';
import { backToQuestions, downloadedText, launch, NO_SERVICE_WORKER, openSettings, screenshot, watchErrors } from './browser';

let browser: Browser;
/**
 * One context for the file: the first page loads the corpus, later pages read it from the
 * browser's caches. The tests that share a page start with « Nouvel usager » (a clean screen, as
 * for the next citizen); none depends on storage another test leaves (the one that turns the
 * history on and the one that imports a corpus come last on their page).
 */
let context: BrowserContext;
beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...NO_SERVICE_WORKER });
});
afterAll(async () => browser?.close());

async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(inject('baseUrl') + query);
  await expect.poll(() => page.getByTestId('search-ready').count(), { timeout: 30_000 }).toBe(1);
  return { page, errors };
}

/** The test build with its scripted engine loaded (?moteur=test; `speed` in tokens per second). */
async function openWithEngine(speed?: number) {
  const opened = await open(`?moteur=test${speed ? `&vitesse=${speed}` : ''}`);
  await expect.poll(() => opened.page.getByTestId('model-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('ready');
  return opened;
}

/** The page a test shares with the tests before it, its screen cleared for a new citizen. */
async function nextCitizen(opened: { page: Page }) {
  await opened.page.getByTestId('new-citizen').click();
  await expect.poll(() => opened.page.getByTestId('turn').count()).toBe(0);
  return opened;
}

let searchOnly: { page: Page; errors: string[] };
let scripted: { page: Page; errors: string[] };
let slow: { page: Page; errors: string[] };

async function ask(page: Page, question: string) {
  await page.fill('#question', question);
  await page.keyboard.press('Enter');
}

async function axe(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.length} node(s): ${v.nodes.map((n) => n.html.slice(0, 120)).join(" | ")}`)).toEqual([]);
}

describe('search-only mode (no model installed)', () => {
  it('answers with the right fiche, highlighted passages and online services, within the target time', async () => {
    searchOnly = await open();
    const { page, errors } = searchOnly;
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status')).toMatch(/none|search-only/);
    await axe(page, 'accueil');
    await ask(page, "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?");
    const hits = page.getByTestId('search-hits');
    await hits.waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await hits.locator('h4').first().innerText()).trim()).toBe("Carte nationale d'identité d'un mineur : en cas de perte");
    expect(await hits.locator('mark').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('services').innerText()).toMatch(/carte d'identité/i);
    const ms = Number(await page.getByTestId('turn').first().getAttribute('data-first-passage-ms'));
    expect(ms).toBeGreaterThan(0);
    console.log(`search-only: Enter → first passage ${ms.toFixed(1)} ms`);
    await axe(page, 'recherche');
    await screenshot(page, 'search-only');
    expect(errors).toEqual([]);
  });

  it('answers a question asked before the corpus has finished loading', async () => {
    // A context of its own: nothing of the corpus in the browser's caches yet.
    const fresh = await browser.newContext({ locale: 'fr-FR', ...NO_SERVICE_WORKER });
    const page = await fresh.newPage();
    await page.goto(inject('baseUrl'));
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('turn').first().getAttribute('data-status')).not.toBe('error');
    await fresh.close();
  });

  it('says so when the fiches do not cover the question, lists no fiche that merely shares a word, and shows them on request', async () => {
    const { page } = await nextCitizen(searchOnly);
    await ask(page, 'quel temps fera-t-il demain');
    await expect.poll(() => page.getByTestId('abstain').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('abstain').innerText()).toMatch(/ne couvrent pas cette question : aucune fiche proche/);
    // A tester saw « temps partiel thérapeutique » listed for the weather: the engine is sure, so none.
    expect(await page.getByTestId('search-hits').locator(':scope > li').count()).toBe(0);
    // The agent who disagrees still gets the closest fiches, and can judge the refusal.
    expect(await page.getByTestId('search-feedback').count()).toBe(1);
    await page.getByTestId('override-refusal').click();
    await expect.poll(() => page.getByTestId('search-hits').locator(':scope > li').count(), { timeout: 20_000 }).toBe(5);
  });

  it('searches the audience the agent picks, keeps it for the citizen, and resets it for the next one', async () => {
    const { page } = await nextCitizen(searchOnly);
    const choice = page.getByTestId('audience-choice');
    expect(await choice.getByLabel('Particulier').isChecked()).toBe(true);
    await choice.getByText('Professionnel').click();
    await ask(page, "contrat d'apprentissage");
    await page.getByTestId('search-hits').first().waitFor({ timeout: 30_000 });
    const links = () => page.getByTestId('search-hits').first().locator('h4 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    // Fiches written for businesses (many shared ones, the apprenticeship contract among them, keep
    // their particuliers URL in the professionnels audience).
    const pro = (hrefs: string[]) => hrefs.filter((href) => href.includes('/professionnels-entreprises/')).length;
    const business = await links();
    expect(pro(business)).toBeGreaterThanOrEqual(2);
    expect(await choice.getByLabel('Professionnel').isChecked()).toBe(true);
    await page.getByTestId('new-citizen').click();
    await expect.poll(() => choice.getByLabel('Particulier').isChecked()).toBe(true);
    await ask(page, "contrat d'apprentissage");
    await page.getByTestId('search-hits').first().waitFor({ timeout: 30_000 });
    const particulier = await links();
    expect(particulier.length).toBeGreaterThan(0);
    expect(pro(particulier)).toBeLessThan(pro(business));
    expect(particulier).not.toEqual(business);
  });
});

describe('with the scripted engine of the test build', () => {
  it('streams an answer, opens a cited passage, copies it, records feedback, and exports it', async () => {
    scripted = await openWithEngine();
    const { page, errors } = scripted;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await ask(page, "j'ai perdu ma carte d'identité");
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming');
    const early = (await page.getByTestId('answer').innerText()).length;
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    const full = await page.getByTestId('answer').innerText();
    expect(full.length).toBeGreaterThan(early);
    expect(full).toContain('[coordonnée masquée]');
    expect(await page.getByTestId('no-citation-warning').count()).toBe(0);

    await page.locator('button.cite').nth(1).click();
    const selected = page.locator('[data-testid=source].selected');
    await expect.poll(() => selected.count()).toBe(1);
    expect(await selected.locator('.passage').innerText()).not.toBe('');
    await screenshot(page, 'answer-with-citation');

    await page.getByRole('button', { name: 'Copier la réponse et ses sources' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/\[1\][\s\S]*Sources \(service-public\.fr, données du 12 novembre 2020\) :\n\[1\] .* : https:\/\/www\.service-public\.fr\//);

    await page.getByRole('button', { name: 'Pas utile' }).click();
    await page.getByTestId('feedback').getByText('incomplet', { exact: true }).click();
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(() => page.getByText('Merci, votre avis est enregistré').count()).toBe(1);
    await openSettings(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-feedback').click();
    const csv = await downloadedText(await download);
    await backToQuestions(page);
    expect(csv.split('\r\n')[0]).toBe('\uFEFF"date";"mode";"avis";"motifs";"fiches citées";"fiche qui répond";"modèle";"version du prompt";"question";"réponse";"commentaire"');
    // The question is not kept: the agent did not tick « Conserver aussi le texte ».
    expect(csv).toMatch(/;"réponse";"pas utile";"incomplet";"F\d+[^"]*";"";"[^"]+";"[^"]+";"";"";""\r\n$/);
    expect(csv).not.toContain("carte d'identité");
    await axe(page, 'réponse');
    expect(errors).toEqual([]);
  });

  it('stops a generation and regenerates it', async () => {
    // A quarter of the scripted engine's usual speed: on a busy machine the answer must still be
    // streaming when the click lands.
    slow = await openWithEngine(10);
    const { page } = slow;
    await ask(page, 'carte grise perdue');
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming');
    await page.getByTestId('answer').getByText('fiche').first().waitFor();
    await turn.getByRole('button', { name: 'Arrêter' }).click();
    await expect.poll(() => turn.getAttribute('data-status')).toBe('stopped');
    expect(await turn.innerText()).toContain('Réponse interrompue.');
    await turn.getByRole('button', { name: 'Régénérer' }).click();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await page.getByTestId('turn').count()).toBe(1);
  });

  it('Escape stops a generation; an abstention can be overridden by the agent', async () => {
    const { page } = await nextCitizen(slow);
    await ask(page, 'quel temps fera-t-il demain');
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => page.getByTestId('abstain').count(), { timeout: 20_000 }).toBe(1);
    await turn.getByRole('button', { name: 'Interroger quand même le modèle' }).click();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming');
    // Stop once text is on screen, so what was written before Escape can be checked.
    await expect.poll(async () => (await page.getByTestId('answer').innerText()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => turn.getAttribute('data-status')).toBe('stopped');
    expect(await page.getByTestId('answer').innerText()).not.toBe('');
    expect(await turn.innerText()).toContain('Réponse interrompue.');
  });

  it('renders hostile model output inert (HTML, javascript: links, image tricks)', async () => {
    const { page } = await nextCitizen(scripted);
    await ask(page, "xss carte d'identité perdue");
    await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    const answer = page.getByTestId('answer');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await answer.locator('img, script, iframe').count()).toBe(0);
    expect(await answer.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await answer.locator('a[href="https://www.service-public.fr"]').count()).toBe(1);
    expect(await answer.innerText()).toContain('<img src=x onerror="window.__xss=1">');
  });

  it('"Nouvel usager" clears the screen and the stored conversation', async () => {
    // Last on its page: the history it turns on stays on in this context.
    const { page } = await nextCitizen(scripted);
    await openSettings(page);
    await page.locator('label[for="historique"]').click();
    await expect.poll(() => page.locator('#historique').isChecked()).toBe(true);
    await backToQuestions(page);
    await ask(page, 'demande de logement social');
    await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    const stored = () => page.evaluate(() => new Promise<number>((resolve, reject) => {
      const req = indexedDB.open('comptoir');
      req.onsuccess = () => {
        const count = req.result.transaction('turns').objectStore('turns').count();
        count.onsuccess = () => resolve(count.result);
        count.onerror = () => reject(count.error);
      };
    }));
    await expect.poll(stored).toBe(1);
    await page.getByTestId('new-citizen').click();
    await expect.poll(() => page.getByTestId('turn').count()).toBe(0);
    expect(await stored()).toBe(0);
  });
});

describe('hostile corpus text', () => {
  it('shows a passage containing markup as text', async () => {
    // The search-only page, last: the imported corpus reaches every page of the context.
    const { page } = await nextCitizen(searchOnly);
    const json = ficheJson('particuliers', 'F1344');
    const xml = toDilaXml(json).replace('</dc:title>', ' zorglub &lt;img src=x onerror="window.__xss=5"&gt; &lt;a href="javascript:window.__xss=6"&gt;lien&lt;/a&gt;</dc:title>')
      .replace(/(<Situation>[\s\S]*?<Paragraphe>)/, '$1zorglub &lt;script&gt;window.__xss=7&lt;/script&gt; ');
    expect(xml).toContain('window.__xss=7');
    await openSettings(page);
    await page.setInputFiles('#import-zip', { name: 'piege.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync({ 'F1344.xml': strToU8(xml) })) });
    await page.getByTestId('import-drop-confirm').click({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('import-outcome').innerText(), { timeout: 30_000 }).toMatch(/1 fiches importées/);
    await backToQuestions(page);
    await ask(page, 'zorglub');
    const hits = page.getByTestId('search-hits');
    await hits.waitFor({ timeout: 20_000 });
    const shown = await hits.innerText();
    expect(shown).toContain('<script>window.__xss=7</script>');
    expect(shown).toContain('<img src=x onerror="window.__xss=5">');
    expect(await hits.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await openSettings(page);
    await page.getByRole('button', { name: 'Revenir aux données de démonstration' }).click();
  });
});
