/**
 * The page the CPU benches and repro scripts drive: the test build (its harness exposes our
 * engines to the page), served with the bench's generated models as its `models/`, and opened as
 * `?moteur=test`.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { CPU_CATALOG, type CpuModel } from '../../src/llm/catalogs/cpuModels';
import { TEST_CPU_MODEL } from '../../src/lab/testModel';

/** The catalog models (and the test fixture) named in a comma-separated list of ids. */
export function catalogModels(ids: string): CpuModel[] {
  return ids.split(',').map((id) => {
    const model = [TEST_CPU_MODEL, ...CPU_CATALOG].find((m) => m.id === id);
    if (!model) throw new Error(`unknown model ${id}`);
    return model;
  });
}

/** Builds the test build into a temporary folder and serves it, `modelsDir` as its `models/`. */
export async function serveTestBuild(name: string, modelsDir: string): Promise<{ url: string; close: () => void }> {
  const outDir = join(tmpdir(), `${name}-${process.pid}`);
  process.env.VITE_COMPTOIR_TEST_ENGINE = '1';
  process.env.COMPTOIR_MODELS_DIR = modelsDir;
  await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server = await preview({ logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  return {
    url: server.resolvedUrls!.local[0]!,
    close: () => {
      server.httpServer.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app with its test harness ready. `?moteur=test`: the app answers with its scripted
 * engine. On the plain page (`appEngine`) it loads the policy's pick among the models on its
 * origin and primes it, beside the engine a bench measures: twice the memory and a second
 * engine's CPU time, counted in the measured one's figures (docs/BENCH-CPU.md, "What the benches do").
 */
export async function openTestPage(context: Browser | BrowserContext, url: string, appEngine = false): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  [page] ${e.message}`));
  // tsx names functions with a helper the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(`${url}${appEngine ? '' : '?moteur=test'}`);
  await page.waitForFunction(() => Boolean((window as unknown as { __comptoirTest?: unknown }).__comptoirTest), undefined, { timeout: 60_000 });
  return page;
}
