import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page, Worker } from 'playwright-core';
import { backToQuestions, launch, openSettings, watchErrors } from './browser';

/** Privacy enforced by the browser, not promised — nothing reaches another origin. */

let browser: Browser;
let other: Server;
let otherUrl: string;
/** Requests that reached the other origin: each is a leak the policy failed to stop. */
const hits: string[] = [];

beforeAll(async () => {
  browser = await launch();
  // Another origin that would gladly answer (CORS open): only the page's policy can stop a fetch.
  other = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    res.end('leak');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://localhost:${(other.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => other.close(() => resolve()));
});

const tryFetch = async (url: string) => {
  try {
    await fetch(url, { cache: 'no-store' });
    return 'reached';
  } catch {
    return 'blocked';
  }
};

function builtWorker(name: string): string {
  const file = readdirSync('test-results/app/assets').find((f) => f.startsWith(`${name}.worker-`) && f.endsWith('.js'));
  if (!file) throw new Error(`no built ${name} worker in test-results/app/assets`);
  return `/assets/${file}`;
}

async function waitForWorker(page: Page, name: string): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes(`/${name}.worker-`)), { timeout: 30_000 }).toBe(true);
  return page.workers().find((w) => w.url().includes(`/${name}.worker-`))!;
}

describe('Content-Security-Policy', () => {
  it('is sent as a header on the page and on every worker script, with connect-src limited to this origin', async () => {
    const base = inject('baseUrl');
    for (const path of ['', builtWorker('search'), builtWorker('corpusImport'), builtWorker('llm'), 'sw.js']) {
      const res = await fetch(new URL(path, base));
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/(^|; )connect-src 'self'(;|$)/);
      expect(csp, path).toMatch(/(^|; )script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      expect(csp, path).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    }
  });

  it('stops a fetch to another origin from the page, from each worker and from the service worker', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const serviceWorker = context.waitForEvent('serviceworker', { timeout: 30_000 });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('search-ready').waitFor({ timeout: 30_000 });
    const before = hits.length;

    expect(await page.evaluate(tryFetch, otherUrl)).toBe('blocked');
    // The import and model workers start on demand: start them as the app does.
    await page.evaluate(([a, b]) => {
      (window as unknown as { held: unknown[] }).held = [new Worker(a!, { type: 'module' }), new Worker(b!, { type: 'module' })];
    }, [builtWorker('corpusImport'), builtWorker('llm')]);
    for (const name of ['search', 'corpusImport', 'llm']) {
      const worker = await waitForWorker(page, name);
      expect(await worker.evaluate(tryFetch, otherUrl), name).toBe('blocked');
      // A worker still reaches its own origin: the block is the policy, not a broken network.
      expect(await worker.evaluate(tryFetch, new URL('corpus/manifest.json', inject('baseUrl')).href), name).toBe('reached');
    }
    expect(await (await serviceWorker).evaluate(tryFetch, otherUrl)).toBe('blocked');
    expect(hits.length - before).toBe(0);
    expect(errors.filter((e) => !/Content Security Policy|Failed to fetch|violates/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('a whole desk session', () => {
  it('load, search, answer, feedback, export, new citizen: every request goes to this origin', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors = watchErrors(page);
    // The scripted engine at 400 tokens/s: what is watched is where requests go, not the answer's pace.
    await page.goto(inject('baseUrl') + '?moteur=test&vitesse=400');
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    await page.fill('#question', "ma fille de 15 ans a perdu sa carte d'identité");
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('turn').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await page.getByRole('button', { name: 'Utile', exact: true }).click();
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await expect.poll(() => page.getByText('Merci, votre avis est enregistré').count()).toBe(1);
    await openSettings(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-feedback').click();
    await download;
    await backToQuestions(page);
    await page.getByTestId('new-citizen').click();
    await expect.poll(() => page.getByTestId('turn').count()).toBe(0);
    await page.reload();
    await page.getByTestId('search-ready').waitFor({ timeout: 30_000 });

    // The « Transparence » panel counts the same: this origin only; a blocked attempt is shown.
    expect(await page.evaluate(tryFetch, otherUrl)).toBe('blocked');
    await page.getByTestId('open-transparency').click();
    const network = page.getByTestId('transparency-network');
    await expect.poll(() => network.getAttribute('data-others')).toBe('0');
    expect(Number(await network.getAttribute('data-this-origin'))).toBeGreaterThan(5);
    // The search worker's own requests are counted too (after this reload it reads the bundle
    // from the browser's caches; its manifest still comes from the server).
    await expect.poll(async () => Number(await network.getAttribute('data-worker-requests'))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => network.innerText()).toMatch(/1 tentative\(s\) de contacter un autre site bloquée\(s\)/);
    expect(await page.getByTestId('transparency-engine').innerText()).toMatch(/ce poste, modèle de test/);
    await expect.poll(() => page.getByTestId('transparency-storage').innerText()).toMatch(/1 avis, 0 question\(s\)/);
    await page.getByTestId('transparency').getByRole('button', { name: 'Fermer' }).click();

    const origin = new URL(inject('baseUrl')).origin;
    const allRequests = requests.filter((u) => /^https?:/.test(u));
    expect(allRequests.length).toBeGreaterThan(5);
    expect(allRequests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    expect(errors.filter((e) => !/Content Security Policy|violates/.test(e))).toEqual([]);
    await context.close();
  });
});
