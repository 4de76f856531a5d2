/**
 * A minimal page running the real embed worker in Chromium, for bench:embed and the browser
 * tests: workers/embed.worker.ts bundled by esbuild with onnxruntime-web's browser build and its
 * .wasm files next to it, served with the model folders under /models/. `isolated` adds the
 * COOP/COEP headers that give the page SharedArrayBuffer (WASM threads); the app's own headers
 * are not set here.
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';

const OUT = 'test-results/embed-harness';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

export async function buildEmbedHarness(): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: { 'embed.worker': 'workers/embed.worker.ts', page: 'tests/browser/embedPage.ts' },
    bundle: true, format: 'esm', platform: 'browser', outdir: OUT, logLevel: 'warning', target: 'es2022',
  });
  const dist = 'node_modules/onnxruntime-web/dist';
  for (const f of readdirSync(dist)) if (/^ort-wasm-simd-threaded\.jsep\.(wasm|mjs)$/.test(f)) copyFileSync(join(dist, f), join(OUT, f));
  writeFileSync(join(OUT, 'index.html'), '<!doctype html><meta charset="utf-8"><title>embed harness</title><script type="module" src="./page.js"></script>');
  return OUT;
}

export interface Harness {
  url: string;
  close(): Promise<void>;
}

export async function serveEmbedHarness(modelsDir: string, options: { isolated?: boolean } = {}): Promise<Harness> {
  const root = resolve(OUT);
  const models = resolve(modelsDir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.startsWith('/models/') ? join(models, normalize(path.slice('/models/'.length))) : join(root, normalize(path === '/' ? 'index.html' : path));
    if (options.isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    if (!(file.startsWith(root) || file.startsWith(models)) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
