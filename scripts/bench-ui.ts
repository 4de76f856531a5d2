/**
 * npm run bench:ui — what the agent feels, measured in Chromium on a production build of the full
 * corpus: loading the prebuilt search index in the worker (target < 500 ms), Enter → first
 * passage on screen in search-only mode (target < 100 ms), and the JS shipped on first load.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { parseQuestions, percentile } from '../src/search/evaluation/evaluate';
import { launch } from '../tests/browser/browser';
import { chromiumPath } from '../tests/browser/chromiumPath';

if (!chromiumPath()) {
  console.log('bench:ui needs Debian chromium (apt-get install -y chromium)');
  process.exit(0);
}
const outDir = join(tmpdir(), `bench-ui-${process.pid}`);
// The scripted engine is compiled in for the streaming measure below; it adds a lazy chunk only.
process.env.VITE_COMPTOIR_TEST_ENGINE = '1';
await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });

// JS on first load: the scripts index.html references, and the search worker started at once.
const html = readFileSync(join(outDir, 'index.html'), 'utf8');
const gz = (file: string) => gzipSync(readFileSync(join(outDir, file))).length;
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
const assets = readdirSync(join(outDir, 'assets'));
const workers = assets.filter((f) => /worker.*\.js$/.test(f)).map((f) => `assets/${f}`);
const lazy = assets.filter((f) => f.endsWith('.js') && !entry.includes(`assets/${f}`) && !workers.includes(`assets/${f}`));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('JS shipped (gzipped):');
console.log(`  first load (page)    ${kb(entry.reduce((n, f) => n + gz(f), 0))}  [${entry.join(', ')}]`);
const when = (w: string) => (w.includes('search') ? 'worker, at load      ' : w.includes('llm') ? 'worker, model load   ' : 'worker, corpus import');
for (const w of workers) console.log(`  ${when(w)} ${kb(gz(w))}  [${w}]`);
for (const l of lazy) console.log(`  lazy chunk            ${kb(gz(`assets/${l}`))}  [${l}]${gz(`assets/${l}`) > 1e6 ? ' (web-llm client, on model load)' : ''}`);

const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const loads: { corpus: number; index: number }[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(server.resolvedUrls!.local[0]!);
    const status = page.getByTestId('corpus-status');
    await status.waitFor({ timeout: 60_000 });
    loads.push({ corpus: Number(await status.getAttribute('data-corpus-ms')), index: Number(await status.getAttribute('data-index-ms')) });
  }
  console.log('\nIn the search worker (3 page loads):');
  console.log(`  prebuilt index load  ${loads.map((l) => `${l.index.toFixed(0)} ms`).join(' · ')}   (target < 500 ms)`);
  console.log(`  corpus read (bundle) ${loads.map((l) => `${l.corpus.toFixed(0)} ms`).join(' · ')}`);

  const questions = parseQuestions(readFileSync('tests/eval/dev.jsonl', 'utf8')).filter((q) => q.ids.length).slice(0, 30);
  const times: number[] = [];
  for (const [i, q] of questions.entries()) {
    await page.fill('#question', q.question);
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').nth(i);
    await turn.getByTestId('search-hits').waitFor({ timeout: 20_000 });
    times.push(Number(await turn.getAttribute('data-first-passage-ms')));
  }
  console.log(`\nEnter → first passage shown, search-only, ${times.length} dev questions: p50 ${percentile(times, 0.5).toFixed(1)} ms · p95 ${percentile(times, 0.95).toFixed(1)} ms · max ${Math.max(...times).toFixed(1)} ms   (target < 100 ms)`);

  // What the page costs per streamed token: a scripted engine streams a long cited answer at a
  // fixed rate; the rate at which text reaches the screen is compared with the engine's own.
  console.log('\nStreaming through the pipeline and the page (scripted engine, 400 words):');
  for (const speed of [40, 100]) {
    const streamContext = await browser.newContext();
    const page = await streamContext.newPage();
    await page.goto(`${server.resolvedUrls!.local[0]!}?moteur=test&vitesse=${speed}&mots=400`);
    await page.waitForFunction(() => document.querySelector('[data-testid=model-status]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 30_000 });
    await page.fill('#question', 'carte grise perdue');
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').first();
    await page.waitForFunction(() => document.querySelector('[data-testid=turn]')?.getAttribute('data-status') === 'done', undefined, { timeout: 120_000 });
    const tokens = Number(await turn.getAttribute('data-completion-tokens'));
    const ours = (tokens - 1) / (Number(await turn.getAttribute('data-stream-ms')) / 1000);
    // The scripted engine shares the page's thread, so its pauses absorb the page's work: the
    // page's cost per token is what the stream took beyond the engine's own pauses.
    const streamMs = Number(await turn.getAttribute('data-stream-ms'));
    const perToken = (streamMs - (tokens - 1) * (1000 / speed)) / (tokens - 1);
    console.log(`  nominal ${speed} tok/s → on screen ${ours.toFixed(1)} tok/s (${tokens} tokens); page work ≈ ${Math.max(0, perToken).toFixed(2)} ms per token, vs ${(1000 / 20).toFixed(0)} ms between tokens at 20 tok/s`);
    await streamContext.close();
  }
} finally {
  await browser.close();
  server.httpServer.close();
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(0);
