import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserChecks, chromiumArgs } from '../../scripts/lib/deployBrowserChecks';
import { deployChecks, headerProblems, type CheckLine } from '../../scripts/lib/deployChecks';
import { nodeFetcher } from '../../scripts/lib/deployFetch';
import { serverHeaders } from '../../scripts/lib/serverHeaders';
import { listedModelIds } from '../../src/llm/modelFiles/modelCache';
import { screenshot, watchErrors } from './browser';
import { chromiumPath } from './chromiumPath';
import { makeCertificate, nginxPath, opensslPath, startNginx, type Certificate, type RunningNginx } from './nginxServer';

/**
 * The reference deployment (deploy/nginx/comptoir.conf, generated) served by Debian's
 * nginx over HTTPS under a name that is not this machine's, as desks reach a server: what the
 * browser gives the app there, what `npm run deploy:check` says of it and of broken copies, and
 * that nginx and `npm start` send the same headers (one source: scripts/lib/serverHeaders.ts).
 */

const HOST = 'comptoir.test';
const missing = !nginxPath() ? 'nginx' : !opensslPath() ? 'openssl' : undefined;
if (missing && process.env.CI === 'true') {
  describe('reference deployment (nginx)', () => {
    it(`needs ${missing} (CI=true)`, () => {
      throw new Error(`${missing} is missing: apt-get install -y nginx openssl (.ci/run installs them)`);
    });
  });
} else if (missing) {
  console.warn(`\n⚠ nginx deployment tests skipped: ${missing} is missing (apt-get install -y nginx openssl)\n`);
}

let dir: string;
let cert: Certificate;
let models: string;
let dist: string;
const servers: RunningNginx[] = [];
let browser: Browser | undefined;

const resolveHost = { [HOST]: '127.0.0.1' };
const statusOf = (lines: CheckLine[], id: string) => lines.find((l) => l.id === id)?.status;
const failures = (lines: CheckLine[]) => lines.filter((l) => l.status === 'fail');

async function serve(name: string, tls: boolean, edit?: (conf: string) => string): Promise<{ url: string; server: RunningNginx }> {
  const server = await startNginx(join(dir, name), {
    serverName: HOST, root: dist, models, tls: tls ? { certificate: cert.certificate, key: cert.key } : undefined,
  }, edit);
  servers.push(server);
  return { url: `${tls ? 'https' : 'http'}://${HOST}:${server.port}/`, server };
}

function deployCheckCli(url: string, lang: 'fr' | 'en'): { status: number | null; out: string } {
  const r = spawnSync('node_modules/.bin/tsx', ['scripts/deploy-check.ts', url, '--lang', lang, '--ca', cert.certificate, '--resolve', `${HOST}:127.0.0.1`], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(Boolean(missing))('reference deployment (nginx)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'comptoir-nginx-'));
    cert = makeCertificate(join(dir, 'tls'), HOST);
    // The build the browser tests use, copied as a deployer copies dist/ to the server.
    dist = join(dir, 'dist');
    cpSync(resolve('test-results/app'), dist, { recursive: true });
    // A model pack as an operator copies it (random bytes: only how it is served matters here).
    models = join(dir, 'models');
    const weights = randomBytes(2 << 20);
    mkdirSync(join(models, 'test-pack'), { recursive: true });
    writeFileSync(join(models, 'test-pack', 'weights.gguf'), weights);
    writeFileSync(join(models, 'test-pack', 'sha256.json'), JSON.stringify({
      id: 'test-pack', fetchedAt: new Date().toISOString(),
      files: { 'weights.gguf': { bytes: weights.length, sha256: createHash('sha256').update(weights).digest('hex') } },
    }));
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs({ resolve: resolveHost, spki: cert.spki }) });
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('over HTTPS: secure context, cross-origin isolated, service worker in control, offline reload answers', async () => {
    const { url } = await serve('https', true);
    const context = await browser!.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Every file the browser itself fetches from nginx during the first visit, by kind.
    const seen = new Map<string, { path: string; status: number; headers: Record<string, string> }>();
    page.on('response', async (response) => {
      if (response.fromServiceWorker() || !response.url().startsWith(url)) return;
      const path = new URL(response.url()).pathname;
      // The deployer's optional kiosk.json: absent here, the app's page answers for it, which the
      // app reads as « no code decided » (a 404 would be a console error on every desk).
      if (path === '/kiosk.json') return;
      const kind = /\.([a-z0-9]+)$/.exec(path)?.[1] ?? 'page';
      if (!seen.has(kind)) seen.set(kind, { path, status: response.status(), headers: await response.allHeaders() });
    });
    await page.goto(url);
    expect(await page.evaluate(() => location.hostname)).toBe(HOST);
    expect(await page.evaluate(() => ({ secure: isSecureContext, isolated: crossOriginIsolated }))).toEqual({ secure: true, isolated: true });
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 120_000 }).toBe(true);
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('serving-notice').count()).toBe(0);
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    console.log(`storage per desk after the first visit (no model, test build): ${(usage / 2 ** 20).toFixed(1)} MiB`);
    expect(usage).toBeGreaterThan(50 * 2 ** 20);
    await screenshot(page, 'nginx-https-header');
    expect(errors).toEqual([]);
    for (const kind of ['page', 'js', 'css', 'woff2', 'json', 'bin']) expect([...seen.keys()], kind).toContain(kind);
    for (const [kind, res] of seen) {
      expect(headerProblems(res.path === '/' ? '/index.html' : res.path, { status: res.status, headers: res.headers, body: new Uint8Array() }, 'en'), `${kind}: ${res.path}`).toEqual([]);
    }
    // A model file, asked by ranges from the page as a loader would.
    const ranged = await page.evaluate(async () => {
      const res = await fetch('/models/test-pack/weights.gguf', { headers: { Range: 'bytes=0-1023' } });
      return { status: res.status, range: res.headers.get('content-range'), bytes: (await res.arrayBuffer()).byteLength };
    });
    expect(ranged).toEqual({ status: 206, range: 'bytes 0-1023/2097152', bytes: 1024 });

    // The network goes: the page reloads from the service worker and still searches.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('search-hits').locator('h4').first().innerText()).toMatch(/carte grise|immatriculation/i);
    await context.close();
  }, 300_000);

  it('deploy:check is all green on it: every header on every file kind, types, caching, ranges, corpus', async () => {
    const url = `https://${HOST}:${servers[0]!.port}/`;
    const lines = await deployChecks(new URL(url), nodeFetcher({ ca: cert.pem, resolve: resolveHost }), 'en');
    expect(failures(lines)).toEqual([]);
    // Long caching is in place too (a warning otherwise); only the 2020 fiches' age warns.
    expect(lines.filter((l) => l.status === 'warn').map((l) => l.id)).toEqual(['corpus-age']);
    for (const id of ['https', 'reachable', 'build', 'fallback', '404:corpus', '404:models', 'corpus', 'models-index', 'ranges', 'resolve-main']) {
      expect(statusOf(lines, id), id).toBe('pass');
    }
    const files = lines.filter((l) => l.id.startsWith('file:')).map((l) => l.id);
    for (const kind of [/^file:\/$/, /\/sw\.js$/, /\.webmanifest$/, /index-.*\.js$/, /search\.worker-.*\.js$/, /\.css$/, /\.woff2$/, /wllama-.*\.wasm$/, /corpus\/manifest\.json$/, /chunk-meta\.json$/, /chunk-texts-000\.json$/, /search-index\.bin$/]) {
      expect(files.some((f) => kind.test(f)), String(kind)).toBe(true);
    }
    expect(lines.find((l) => l.id === 'ranges')?.text).toMatch(/test-pack\/weights\.gguf served by ranges \(206, long caching\)/);

    const browserLines = await browserChecks(new URL(url), 'en', { resolve: resolveHost, spki: cert.spki });
    expect(browserLines.map((l) => [l.id, l.status])).toEqual([['secure-context', 'pass'], ['isolated', 'pass'], ['service-worker', 'pass'], ['storage', 'pass']]);

    const cli = deployCheckCli(url, 'fr');
    expect(cli.out).toMatch(/✓ servi en HTTPS/);
    expect(cli.out).toMatch(/tout est en ordre/);
    expect(cli.status).toBe(0);
  }, 300_000);

  it('sends the same headers and types as npm start (vite preview), from the same source', async () => {
    const before = process.env.COMPTOIR_MODELS_DIR;
    process.env.COMPTOIR_MODELS_DIR = models;
    const vite = await preview({ logLevel: 'warn', build: { outDir: dist }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    try {
      const viteUrl = vite.resolvedUrls!.local[0]!;
      const nginxUrl = `https://${HOST}:${servers[0]!.port}`;
      const fetcher = nodeFetcher({ ca: cert.pem, resolve: resolveHost });
      const sw = new TextDecoder().decode((await fetcher(`${nginxUrl}/sw.js`)).body);
      const assets = [...sw.matchAll(/url:"(assets\/[^"]+\.(?:js|css|wasm|woff2))"/g)].map((m) => `/${m[1]}`);
      const paths = ['/', '/sw.js', '/manifest.webmanifest', '/favicon.svg', '/corpus/manifest.json', '/corpus/search-index.bin',
        '/models/test-pack/weights.gguf', '/models/test-pack/resolve/main/weights.gguf', '/models/test-pack/sha256.json', ...assets.slice(0, 12)];
      const names = Object.keys(serverHeaders());
      for (const path of paths) {
        const [a, b] = await Promise.all([fetcher(`${nginxUrl}${path}`, { method: 'HEAD' }), fetcher(new URL(path, viteUrl).href, { method: 'HEAD' })]);
        expect([a.status, b.status], path).toEqual([200, 200]);
        for (const name of names) expect(a.headers[name.toLowerCase()], `${name} on ${path}`).toBe(b.headers[name.toLowerCase()]);
        expect(a.headers['content-type']?.split(';')[0], `type of ${path}`).toBe(b.headers['content-type']?.split(';')[0]);
      }
      for (const name of names) expect((await fetcher(`${nginxUrl}/models/absent/x.json`)).headers[name.toLowerCase()]).toBe(serverHeaders()[name]);
      // Both list the model folders the app may use, each in its own format.
      const lists = await Promise.all([fetcher(`${nginxUrl}/models/index.json`), fetcher(new URL('/models/index.json', viteUrl).href)]);
      expect(lists.map((r) => listedModelIds(JSON.parse(new TextDecoder().decode(r.body))))).toEqual([['test-pack'], ['test-pack']]);
      // Both answer ranges on a model file.
      const ranged = await Promise.all([nginxUrl, viteUrl.replace(/\/$/, '')].map((u) => fetcher(`${u}/models/test-pack/resolve/main/weights.gguf`, { headers: { Range: 'bytes=100-199' } })));
      expect(ranged.map((r) => [r.status, r.headers['content-range'], r.body.length])).toEqual([[206, 'bytes 100-199/2097152', 100], [206, 'bytes 100-199/2097152', 100]]);
      // deploy:check passes on a PC serving itself with npm start too (loopback: no HTTPS needed).
      const own = await deployChecks(new URL(viteUrl), nodeFetcher(), 'en');
      expect(failures(own)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.COMPTOIR_MODELS_DIR;
      else process.env.COMPTOIR_MODELS_DIR = before;
      await new Promise<void>((done) => vite.httpServer.close(() => done()));
    }
  });

  it('over plain HTTP from a non-local name, the agent reads what is lost and that HTTPS is needed; deploy:check names it', async () => {
    const { url } = await serve('http', false);
    const context = await browser!.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    // Chromium logs that it ignores COOP on an untrustworthy origin: the page itself must not fail.
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(url);
    expect(await page.evaluate(() => ({ secure: isSecureContext, isolated: crossOriginIsolated, sw: 'serviceWorker' in navigator }))).toEqual({ secure: false, isolated: false, sw: false });
    const notice = page.getByTestId('serving-notice');
    await notice.waitFor({ timeout: 30_000 });
    const said = (await notice.innerText()).replace(/\s+/g, ' ');
    expect(said).toMatch(/servi sans HTTPS \(http:\/\/comptoir\.test:\d+\)/);
    expect(said).toMatch(/pas de fonctionnement hors ligne/);
    expect(said).toMatch(/pas de réponses rédigées sur la carte graphique \(WebGPU\)/);
    expect(said).toMatch(/sur un seul cœur/);
    expect(said).toMatch(/doit être servi en HTTPS/);
    // Search still works there.
    await page.getByTestId('search-ready').waitFor({ timeout: 60_000 });
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-hits').waitFor({ timeout: 30_000 });
    await screenshot(page, 'nginx-plain-http-notice');
    expect(pageErrors).toEqual([]);
    await context.close();

    const lines = await deployChecks(new URL(url), nodeFetcher({ resolve: resolveHost }), 'en');
    expect(failures(lines).map((l) => l.id)).toEqual(['https']);
    expect(lines[0]!.text).toMatch(/served over plain HTTP from comptoir\.test: .*no service worker.*no WebGPU.*one core.*Serve the site over HTTPS/);
    const browserLines = await browserChecks(new URL(url), 'en', { resolve: resolveHost, timeoutMs: 5_000 });
    expect(browserLines.map((l) => [l.id, l.status])).toEqual([['secure-context', 'fail'], ['isolated', 'fail'], ['service-worker', 'fail']]);
    const cli = deployCheckCli(url, 'en');
    expect(cli.out).toMatch(/✗ served over plain HTTP from comptoir\.test/);
    expect(cli.status).toBe(1);
  }, 300_000);

  it('a server that forgets a header: deploy:check names it on every file, the page says CPU answers lose their cores', async () => {
    const { url } = await serve('no-coep', true, (conf) => conf.replace(/^\s*add_header Cross-Origin-Embedder-Policy .*$/m, ''));
    const lines = await deployChecks(new URL(url), nodeFetcher({ ca: cert.pem, resolve: resolveHost }), 'en');
    const fileLines = lines.filter((l) => l.id.startsWith('file:'));
    expect(fileLines.length).toBeGreaterThan(8);
    for (const line of fileLines) {
      expect(line.status, line.text).toBe('fail');
      expect(line.text).toMatch(/Cross-Origin-Embedder-Policy missing/);
    }
    expect(statusOf(lines, 'https')).toBe('pass');
    const fr = await deployChecks(new URL(url), nodeFetcher({ ca: cert.pem, resolve: resolveHost }), 'fr');
    expect(fr.find((l) => l.id === 'file:/sw.js')?.text).toMatch(/^\/sw\.js \(service worker\) : Cross-Origin-Embedder-Policy absent$/);

    const context = await browser!.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(url);
    expect(await page.evaluate(() => ({ secure: isSecureContext, isolated: crossOriginIsolated }))).toEqual({ secure: true, isolated: false });
    await page.getByTestId('serving-notice').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('serving-notice').getAttribute('data-level')).toBe('warning');
    expect(await page.getByTestId('serving-notice').innerText()).toMatch(/n’utilisent qu’un cœur/);
    await context.close();
  }, 300_000);
});
