/**
 * npm run bench:llm [-- <model-id>] — GPU check with a real model copied into models/<id>/:
 * headless Chromium loads it through the app (Paramètres › Utiliser), answers 5 fixed questions
 * through the whole pipeline, and prints load time, time to first token, decode tok/s, and the
 * ratio of our pipeline's decode rate (text on screen) to web-llm's own figure (target ≥ 0.95).
 * Extra Chromium flags for a GPU machine: BENCH_CHROMIUM_ARGS="--use-angle=vulkan ...".
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { gpuModel } from '../src/llm/catalogs/gpuModels';
import { listModelFolders } from '../src/llm/node/modelFolder';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';

const QUESTIONS = [
  "Ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?",
  'Combien coûte une carte grise ?',
  "Je suis au chômage depuis 2 mois, ai-je droit à l'allocation ?",
  'Mon propriétaire ne me rend pas le dépôt de garantie, que faire ?',
  'Comment faire une procuration pour voter ?',
];

const id = process.argv[2] ?? listModelFolders('models').find((name) => gpuModel(name));
const model = id ? gpuModel(id) : undefined;
if (!model || !chromiumPath()) {
  console.log(!chromiumPath() ? 'bench:llm needs Debian chromium.' : `bench:llm: no catalog model in models/ (found: ${listModelFolders('models').join(', ') || 'none'}). Copy one there (npm run models:fetch -- <id>) and rerun.`);
  process.exit(0);
}
const outDir = join(tmpdir(), `bench-llm-${process.pid}`);
await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const extra = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extra] });
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(`  [console] ${m.text()}`));
  await page.goto(`${server.resolvedUrls!.local[0]!}#parametres`);
  await page.getByTestId('recommendation').waitFor({ timeout: 60_000 });
  console.log(`GPU: ${await page.getByTestId('probe').innerText()}`);
  const started = performance.now();
  await page.getByRole('button', { name: `Utiliser ${model.label} ${model.quantization}` }).click();
  await page.waitForFunction(() => ['ready', 'error'].includes(document.querySelector('[data-testid=model-status]')?.getAttribute('data-status') ?? ''), undefined, { timeout: 600_000 });
  const status = await page.getByTestId('model-status').innerText();
  const loadS = (performance.now() - started) / 1000;
  if ((await page.getByTestId('model-status').getAttribute('data-status')) !== 'ready') throw new Error(`model failed to load: ${status}`);
  console.log(`${model.id}: loaded in ${loadS.toFixed(1)} s`);
  await page.getByTestId('settings-back').click();
  const rows: { ttft: number; ours: number; raw: number }[] = [];
  for (const [i, q] of QUESTIONS.entries()) {
    await page.fill('#question', q);
    await page.keyboard.press('Enter');
    const turn = page.getByTestId('turn').nth(i);
    await page.waitForFunction((n) => ['done', 'stopped', 'error'].includes(document.querySelectorAll('[data-testid=turn]')[n]?.getAttribute('data-status') ?? ''), i, { timeout: 300_000 });
    const attr = async (name: string) => Number(await turn.getAttribute(name));
    const tokens = await attr('data-completion-tokens');
    const streamMs = await attr('data-stream-ms');
    const raw = await attr('data-raw-decode');
    const ours = tokens > 1 && streamMs > 0 ? (tokens - 1) / (streamMs / 1000) : NaN;
    rows.push({ ttft: (await attr('data-first-token-ms')) / 1000, ours, raw });
    console.log(`  Q${i + 1}: TTFT ${(rows[i]!.ttft).toFixed(2)} s (web-llm ${(await attr('data-raw-ttft')).toFixed(2)} s) · ${tokens} tokens · decode ours ${ours.toFixed(1)} tok/s vs web-llm ${raw.toFixed(1)} tok/s`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(rows.map((r) => r.ours)) / mean(rows.map((r) => r.raw));
  console.log(`summary: load ${loadS.toFixed(1)} s · TTFT mean ${mean(rows.map((r) => r.ttft)).toFixed(2)} s · decode ours ${mean(rows.map((r) => r.ours)).toFixed(1)} tok/s / web-llm ${mean(rows.map((r) => r.raw)).toFixed(1)} tok/s = ${ratio.toFixed(3)} (target ≥ 0.95)`);
} finally {
  await browser.close();
  server.httpServer.close();
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(0);
