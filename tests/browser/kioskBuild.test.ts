import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { build, type PreviewServer } from 'vite';
import { serveBuild } from './testServer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatCodeHash, hashCode } from '../../src/kiosk/codeHash';
import { launch, NO_SERVICE_WORKER, screenshot, watchErrors } from './browser';

/**
 * A kiosk build (VITE_COMPTOIR_KIOSK=1), as an outside audit drove it: who sets the
 * administrator code, how many guesses it allows, and what of a citizen survives « Nouvel
 * usager » when the print view is open. Built once with the scripted engine; served twice, with
 * and without the deployment's kiosk.json.
 */
const plainDir = 'test-results/app-kiosk';
const configuredDir = 'test-results/app-kiosk-configured';
const CODE = 'borne-4821-ok';
let browser: Browser;
const servers: PreviewServer[] = [];
let plainUrl = '';
let configuredUrl = '';

async function serve(dir: string): Promise<string> {
  const server = await serveBuild(dir);
  servers.push(server);
  return server.resolvedUrls!.local[0]!;
}

beforeAll(async () => {
  const saved = { ...process.env };
  process.env.VITE_COMPTOIR_KIOSK = '1';
  process.env.VITE_COMPTOIR_TEST_ENGINE = '1';
  try {
    rmSync(plainDir, { recursive: true, force: true });
    await build({ logLevel: 'warn', build: { outDir: plainDir, emptyOutDir: true } });
  } finally {
    process.env = saved;
  }
  rmSync(configuredDir, { recursive: true, force: true });
  cpSync(plainDir, configuredDir, { recursive: true });
  // What `npm run kiosk:code` prints, dropped beside index.html by whoever deploys the kiosk.
  writeFileSync(`${configuredDir}/kiosk.json`, JSON.stringify({ adminCode: formatCodeHash(await hashCode(CODE)) }));
  plainUrl = await serve(plainDir);
  configuredUrl = await serve(configuredDir);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  rmSync(plainDir, { recursive: true, force: true });
  rmSync(configuredDir, { recursive: true, force: true });
});

/**
 * A kiosk's fresh profile at `url`; its service worker only where the test reads what the caches
 * keep (the code and its delays live in the page and its storage).
 */
async function open(url: string, serviceWorker: 'with service worker' | 'without' = 'without'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...(serviceWorker === 'without' ? NO_SERVICE_WORKER : {}) });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}?moteur=test`);
  await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
  await page.getByTestId('kiosk-bar').waitFor();
  return { context, page, errors };
}

async function tryCode(page: Page, code: string): Promise<void> {
  if (!(await page.locator('#borne-code').isVisible())) await page.getByTestId('kiosk-admin').click();
  await page.fill('#borne-code', code);
  await page.getByRole('button', { name: 'Déverrouiller' }).click();
}

/** PBKDF2 with 600,000 iterations takes seconds on a loaded test machine: every poll waits long enough. */
const alertText = (page: Page) => page.getByTestId('kiosk-dialog').getByRole('alert').innerText().catch(() => '');

/** The clipboard's text, or why it cannot be read: what a poll waits on, without reading every cache. */
function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText().catch((err: Error) => `(clipboard unreadable: ${err.message})`));
}

const CITIZEN = /z[ée]bulon|quincampoix|1 ?84 ?12 ?75 ?123 ?456 ?78/i;

/**
 * Everything the page keeps: DOM (and form values), IndexedDB, local/session storage, Cache API.
 * The Cache API holds the precached app and corpus (tens of MB of text): its bodies are matched
 * against the citizen's details in the page, and only those that hold them come back.
 */
function everything(page: Page): Promise<{ dom: string; storage: string; clipboard: string }> {
  return page.evaluate(async ({ source, flags }) => {
    const citizen = new RegExp(source, flags);
    const dom = document.documentElement.outerHTML + '\n'
      + [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((e) => e.value).join('\n');
    const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of [...db.objectStoreNames]) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        parts.push(`${info.name}/${store}: ${JSON.stringify(rows)}`);
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        parts.push(request.url);
        const body = await (await cache.match(request))!.blob();
        if (body.size >= 1 << 20) continue;
        const text = await body.text();
        if (citizen.test(text)) parts.push(text);
      }
    }
    const clipboard = await navigator.clipboard.readText().catch((err: Error) => `(clipboard unreadable: ${err.message})`);
    return { dom, storage: parts.join('\n'), clipboard };
  }, { source: CITIZEN.source, flags: CITIZEN.flags });
}

describe('kiosk build: the administrator code', () => {
  it('without a deployment code, says the administrator must configure one and never lets a visitor set it', async () => {
    const { context, page, errors } = await open(plainUrl);
    await page.getByTestId('kiosk-admin').click();
    await page.getByTestId('kiosk-not-configured').waitFor();
    expect(await page.getByTestId('kiosk-not-configured').innerText()).toMatch(/Aucun code administrateur n’a été configuré pour cette borne.*kiosk\.json/);
    // The audit's citizen typing 0000 on a new profile has nowhere to type it.
    expect(await page.locator('#borne-code').count()).toBe(0);
    expect(await page.locator('#parametres-titre').count()).toBe(0);
    await screenshot(page, 'kiosk-not-configured');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens Administration with the deployment’s code only, and a wrong code first', async () => {
    const { context, page, errors } = await open(configuredUrl);
    await tryCode(page, '0000');
    await expect.poll(() => alertText(page), { timeout: 20_000 }).toBe('Code administrateur incorrect.');
    expect(await page.locator('#parametres-titre').count()).toBe(0);
    await tryCode(page, CODE);
    await page.locator('#parametres-titre').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('makes guessing wait longer after each failure, across a reload', async () => {
    const { context, page, errors } = await open(configuredUrl);
    for (const guess of ['00000000', '11111111', '22222222']) {
      await tryCode(page, guess);
      await expect.poll(() => alertText(page), { timeout: 20_000 }).toBe('Code administrateur incorrect.');
      await page.fill('#borne-code', '');
    }
    await tryCode(page, '33333333');
    await expect.poll(() => alertText(page), { timeout: 20_000 }).toMatch(/^Trop d’essais incorrects : attendez 1 min avant de réessayer\.$/);
    await page.reload();
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    // The right code now is refused too until the wait is over: the delay survived the reload.
    await tryCode(page, CODE);
    await expect.poll(() => alertText(page), { timeout: 20_000 }).toMatch(/^Trop d’essais incorrects : attendez (1 min|\d+ s) avant de réessayer\.$/);
    expect(await page.locator('#parametres-titre').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('kiosk build: « Nouvel usager » leaves nothing of the citizen', () => {
  it('after an answer, a copy, an avis and an open print view, the automatic reset clears the DOM, storage, caches and clipboard', async () => {
    const { context, page, errors } = await open(configuredUrl, 'with service worker');
    // The administrator sets a short delay.
    await tryCode(page, CODE);
    await page.locator('#parametres-titre').waitFor();
    await page.fill('#borne-delai', '10');
    await page.fill('#borne-code-reglage', CODE);
    await page.getByRole('button', { name: 'Enregistrer le mode borne' }).click();
    await expect.poll(() => page.locator('#parametres-titre').count(), { timeout: 20_000 }).toBe(0);

    await page.fill('#question', "je m'appelle Zébulon Quincampoix NIR 1 84 12 75 123 456 78, j'ai perdu ma carte d'identité");
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    if (await page.getByTestId('abstain').count()) {
      await page.getByRole('button', { name: 'Interroger quand même le modèle sur ces fiches' }).click();
      await expect.poll(() => page.getByTestId('answer').count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => turn.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    }
    await expect.poll(() => page.getByTestId('privacy-notice').innerText(), { timeout: 20_000 }).toMatch(/numéro de sécurité sociale, nom de personne/);
    await page.getByRole('button', { name: 'Copier la réponse et ses sources' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toMatch(/D'après la fiche/);
    await page.getByRole('button', { name: 'Pas utile' }).click();
    await page.getByTestId('feedback').getByText('incomplet', { exact: true }).click();
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await page.getByText('Merci, votre avis est enregistré').waitFor();
    await page.getByTestId('print-open').click();
    await page.locator('label[for="imprimer-question"]').click();
    await expect.poll(() => page.getByTestId('sheet-question').innerText(), { timeout: 20_000 }).toMatch(/Zébulon Quincampoix/);
    await screenshot(page, 'kiosk-print-before-reset');

    // No input from here: the countdown runs out with the print view open.
    await expect.poll(() => page.getByTestId('turn').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('print-view').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('privacy-notice').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => clipboardText(page), { timeout: 20_000 }).toBe('');
    const left = await everything(page);
    expect(left.clipboard).toBe('');
    expect(left.dom).not.toMatch(CITIZEN);
    expect(left.storage).not.toMatch(CITIZEN);
    // The avis stayed, without any text.
    expect(left.storage).toMatch(/"reasons":\["incomplet"\]/);
    await screenshot(page, 'kiosk-after-reset');

    // The button does the same: a second citizen copies an answer, the agent presses « Nouvel usager ».
    await page.fill('#question', "Mme Léa Martin demande une carte d'identité");
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    if (await page.getByTestId('abstain').count()) {
      await page.getByRole('button', { name: 'Interroger quand même le modèle sur ces fiches' }).click();
      await expect.poll(() => page.getByTestId('answer').count(), { timeout: 30_000 }).toBe(1);
    }
    await page.getByRole('button', { name: 'Copier la réponse et ses sources' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toMatch(/D'après la fiche/);
    await page.getByTestId('new-citizen').click();
    await expect.poll(() => page.getByTestId('turn').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => clipboardText(page), { timeout: 20_000 }).toBe('');
    expect((await everything(page)).dom).not.toMatch(/Martin/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
