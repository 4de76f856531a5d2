/**
 * npx tsx scripts/repro-cpu-answer.ts [--questions 100] [--reload-every 20]
 * Issue 12's rare stall, hunted through the app itself: the test build in headless Chromium (as
 * tests/browser/cpuAnswer.test.ts runs it), stories260K chosen in the model manager, then the desk
 * question asked again and again in the same page (« Nouvel usager » between two), the page
 * reloaded every few questions (the model then comes from the Cache API). Any answer not done 60 s
 * after the question counts as a stall (a screenshot is kept in test-results/).
 */
import { rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { TEST_CPU_MODEL } from '../src/llm/cpuCatalog';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';
import { writeModelFixtures } from '../tests/browser/modelFixtures';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '100' },
    'reload-every': { type: 'string', default: '20' },
  },
});
if (!chromiumPath()) {
  console.log('repro-cpu-answer needs Debian chromium at /usr/bin/chromium.');
  process.exit(0);
}
const outDir = join(tmpdir(), `repro-cpu-answer-${process.pid}`);
process.env.VITE_COMPTOIR_TEST_ENGINE = '1';
process.env.COMPTOIR_MODELS_DIR = writeModelFixtures(join(outDir, 'models'));
await build({ logLevel: 'silent', build: { outDir: join(outDir, 'app'), emptyOutDir: true } });
const server = await preview({ logLevel: 'silent', build: { outDir: join(outDir, 'app') }, preview: { port: 0, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
let done = 0;
let stalls = 0;
const outcomes = new Map<string, number>();
try {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`  [${m.type()}] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`  [pageerror] ${e.message}`));
  // « Utiliser » is in Paramètres, a screen of its own; the questions are asked back on the main one.
  await page.goto(`${server.resolvedUrls!.local[0]!}#parametres`);
  await page.getByRole('button', { name: `Utiliser ${TEST_CPU_MODEL.label} ${TEST_CPU_MODEL.quantization}` }).click();
  const ready = () => page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
  await ready();
  await page.getByTestId('settings-back').click();
  for (let q = 1; q <= Number(values.questions); q++) {
    if (q > 1 && (q - 1) % Number(values['reload-every']) === 0) {
      await page.reload();
      await ready();
    }
    await page.fill('#question', "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?");
    await page.keyboard.press('Enter');
    const t0 = performance.now();
    const status = await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid="turn"]')?.getAttribute('data-status');
      return s && s !== 'searching' && s !== 'streaming' ? s : false;
    }, undefined, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<string>, () => 'stalled');
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
    if (status === 'stalled') {
      stalls++;
      const partial = await page.getByTestId('turn').first().innerText().catch(() => '?');
      console.log(`question ${q}: STALLED (${s} s) · turn text ${partial.length} chars · load average ${loadavg()[0]!.toFixed(2)}`);
      await page.screenshot({ path: join('test-results', `stall-${q}.png`), fullPage: true }).catch(() => {});
      // Let the watches speak, then start over in a fresh page.
      await page.waitForTimeout(20_000);
      await page.reload();
      await ready();
    } else {
      done++;
      if (q % 10 === 0) console.log(`question ${q}: ${status} in ${s} s · load average ${loadavg()[0]!.toFixed(2)}`);
      await page.getByTestId('new-citizen').click();
    }
  }
} finally {
  await browser.close();
  server.httpServer.close();
  rmSync(outDir, { recursive: true, force: true });
}
console.log(`${done + stalls} questions: ${[...outcomes].map(([k, n]) => `${n} ${k}`).join(', ')} · ${stalls} stalled`);
process.exit(stalls ? 1 : 0);
