import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../scripts/lib/contentSecurityPolicy';
import { DEFAULT_SITE, nginxSite } from '../../scripts/lib/nginxSite';
import { byteRange } from '../../scripts/lib/serveModels';
import { notFound } from '../../scripts/lib/dataNotFound';
import { CACHE, cacheControlFor, contentTypeFor, serverHeaders } from '../../scripts/lib/serverHeaders';
import { cacheAdvice, headerProblems, isLoopback, precachedFiles, type Fetched } from '../../scripts/lib/deployChecks';

const committed = readFileSync('deploy/nginx/comptoir.conf', 'utf8');

describe('the documented server configuration (deploy/nginx)', () => {
  it('is what `npm run deploy:nginx` writes from the same tables as npm start (rerun it after a change)', () => {
    expect(committed).toBe(nginxSite(DEFAULT_SITE));
  });

  it('sends every header npm start sends, on every response, and no location drops them', () => {
    const headers = serverHeaders();
    expect(Object.keys(headers).sort()).toEqual(['Content-Security-Policy', 'Cross-Origin-Embedder-Policy', 'Cross-Origin-Opener-Policy', 'Referrer-Policy', 'X-Content-Type-Options']);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    for (const [name, value] of Object.entries(headers)) expect(committed).toContain(`    add_header ${name} "${value}" always;`);
    // A location with an add_header of its own would lose every server-level header in nginx.
    const locations = committed.split(/\n    location /).slice(1).map((block) => block.slice(0, block.indexOf('\n    }')));
    expect(locations.length).toBeGreaterThanOrEqual(5);
    for (const block of locations) expect(block).not.toMatch(/add_header/);
  });

  it('opens the model hub only when generated with --allow-hub', () => {
    expect(committed).toContain(`Content-Security-Policy "${contentSecurityPolicy()}"`);
    expect(nginxSite({ ...DEFAULT_SITE, allowHub: true })).toContain(`Content-Security-Policy "${contentSecurityPolicy({ allowHub: true })}"`);
  });

  it('names the types browsers insist on, maps web-llm’s resolve/main, lists models, falls back to the page', () => {
    expect(committed).toMatch(/application\/wasm wasm;/);
    expect(committed).toMatch(/application\/manifest\+json webmanifest;/);
    expect(committed).toMatch(/application\/json json;/);
    expect(committed).toMatch(/application\/octet-stream onnx gguf bin model;/);
    expect(committed).toMatch(/text\/javascript js mjs;/);
    expect(committed).toContain('rewrite ^/models/([^/]+)/resolve/[^/]+/(.*)$ /models/$1/$2 last;');
    expect(committed).toMatch(/location = \/models\/index\.json \{\s+rewrite \^ \/comptoir-models-list\/ last;/);
    expect(committed).toMatch(/autoindex_format json;/);
    expect(committed).toMatch(/location \/ \{\s+try_files \$uri \/index\.html;/);
    expect(committed).toMatch(/location \/corpus\/ \{\s+try_files \$uri =404;/);
    expect(committed).toMatch(/listen 443 ssl http2;/);
    expect(committed).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
  });

  it('README points at the generated site, not at a hand-copied snippet', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('deploy/nginx/comptoir.conf');
    expect(readme).not.toMatch(/add_header Content-Security-Policy/);
  });
});

describe('serving tables', () => {
  it('caching: the service worker, pages and corpus revalidate; hashed assets and models stay', () => {
    expect(cacheControlFor('/sw.js')).toBe(CACHE.revalidate);
    expect(cacheControlFor('/index.html')).toBe(CACHE.revalidate);
    expect(cacheControlFor('/corpus/manifest.json')).toBe(CACHE.revalidate);
    expect(cacheControlFor('/corpus/chunks.json')).toBe(CACHE.revalidate);
    expect(cacheControlFor('/models/index.json')).toBe(CACHE.revalidate);
    expect(cacheControlFor('/models/Qwen/sha256.json')).toBe(CACHE.revalidate);
    expect(cacheControlFor('/assets/index-ab12.js')).toBe(CACHE.immutable);
    expect(cacheControlFor('/workbox-dcde9eb3.js')).toBe(CACHE.immutable);
    expect(cacheControlFor('/models/Qwen/params_shard_0.bin')).toBe(CACHE.model);
  });

  it('types by extension', () => {
    expect(contentTypeFor('/assets/wllama-x.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/models/e5/onnx/model.onnx')).toBe('application/octet-stream');
    expect(contentTypeFor('/models/q/q.gguf')).toBe('application/octet-stream');
    expect(contentTypeFor('/manifest.webmanifest')).toBe('application/manifest+json');
    expect(contentTypeFor('/corpus/manifest.json?x=1')).toBe('application/json');
    expect(contentTypeFor('/LICENSE')).toBe('application/octet-stream');
  });

  it('npm start answers a missing corpus or asset file with a 404, not the app’s page', () => {
    // A project of its own (package.json beside public/): this test needs no corpus bundle built.
    const root = mkdtempSync(join(tmpdir(), 'comptoir-notfound-'));
    const site = join(root, 'public');
    mkdirSync(join(site, 'corpus'), { recursive: true });
    writeFileSync(join(site, 'corpus', 'manifest.json'), '{}');
    writeFileSync(join(root, 'package.json'), '{}');
    const answer = (url: string) => {
      const res = { statusCode: 200, headers: {} as Record<string, string>, setHeader(k: string, v: string) { this.headers[k] = v; }, end() {} };
      let passed = false;
      notFound(site, ['/assets/', '/corpus/'])({ url } as never, res as never, () => (passed = true));
      return passed ? 'next' : res.statusCode;
    };
    expect(answer('/corpus/manifest.json')).toBe('next');
    expect(answer('/corpus/absent.json')).toBe(404);
    expect(answer('/corpus/../package.json')).toBe(404);
    expect(answer('/assets/absent.js')).toBe(404);
    expect(answer('/parametres')).toBe('next');
    rmSync(root, { recursive: true, force: true });
  });

  it('ranges, as the dev server answers them for models', () => {
    expect(byteRange('bytes=0-99', 1000)).toEqual([0, 99]);
    expect(byteRange('bytes=900-', 1000)).toEqual([900, 999]);
    expect(byteRange('bytes=-100', 1000)).toEqual([900, 999]);
    expect(byteRange('bytes=0-5000', 1000)).toEqual([0, 999]);
    expect(byteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(byteRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(byteRange(undefined, 1000)).toBeNull();
  });
});

describe('deploy:check pieces', () => {
  const good = (type: string, cache: string): Fetched => ({
    status: 200,
    headers: { ...Object.fromEntries(Object.entries(serverHeaders()).map(([k, v]) => [k.toLowerCase(), v])), 'content-type': type, 'cache-control': cache },
    body: new Uint8Array(),
  });

  it('names each header, type and caching mistake, in French or English', () => {
    expect(headerProblems('/sw.js', good('text/javascript; charset=utf-8', 'no-cache'), 'en')).toEqual([]);
    expect(headerProblems('/sw.js', good('application/javascript', 'max-age=0'), 'en')).toEqual([]);
    const broken = good('text/plain', 'max-age=3600');
    delete broken.headers['cross-origin-embedder-policy'];
    expect(headerProblems('/sw.js', broken, 'en')).toEqual([
      'Cross-Origin-Embedder-Policy missing',
      'Content-Type "text/plain" instead of "text/javascript"',
      'Cache-Control "max-age=3600" instead of "no-cache" (desks would keep an old version)',
    ]);
    expect(headerProblems('/sw.js', broken, 'fr')[0]).toBe('Cross-Origin-Embedder-Policy absent');
    // Content-named files asked again each visit: a cost, not a fault (a PC serving itself does it).
    expect(headerProblems('/assets/a.wasm', good('application/wasm', 'no-cache'), 'en')).toEqual([]);
    expect(cacheAdvice('/assets/a.wasm', good('application/wasm', 'no-cache'), 'en')).toBe('Cache-Control "no-cache": long caching would save a request per visit ("public, max-age=31536000, immutable")');
    expect(cacheAdvice('/assets/a.wasm', good('application/wasm', 'public, max-age=31536000, immutable'), 'en')).toBeUndefined();
    expect(cacheAdvice('/sw.js', good('text/javascript', 'no-cache'), 'en')).toBeUndefined();
    // The hub-enabled policy is a right one too.
    const hub = good('text/html', 'no-cache');
    hub.headers['content-security-policy'] = contentSecurityPolicy({ allowHub: true });
    expect(headerProblems('/', hub, 'en')).toEqual([]);
  });

  it('reads the build’s file list from sw.js, minified or not', () => {
    expect(precachedFiles('s.precacheAndRoute([{url:"index.html",revision:"1"},{url:"assets/a-1.js",revision:null}])')).toEqual(['/index.html', '/assets/a-1.js']);
    expect(precachedFiles('[{\n  "url": "corpus/chunks.json",\n  "revision": "2"\n}]')).toEqual(['/corpus/chunks.json']);
  });

  it('knows the addresses browsers treat as secure over plain HTTP', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'poste.localhost']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['comptoir.test', '10.0.0.5', '192.168.1.20']) expect(isLoopback(host), host).toBe(false);
  });
});
