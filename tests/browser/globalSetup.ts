import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { serveBuild } from './testServer';
import { CHROMIUM_ARGS, chromiumPath } from './chromiumPath';
import { writeModelFixtures } from './modelFixtures';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the app as shipped and serves it on a loopback port for the browser tests. */
export default async function setup(project: TestProject) {
  if (!chromiumPath()) {
    throw new Error('Chromium is missing at /usr/bin/chromium: apt-get install -y chromium (browser tests cannot run).');
  }
  const outDir = 'test-results/app';
  // The test build can wire the scripted engine (?moteur=test); release builds cannot.
  process.env.VITE_COMPTOIR_TEST_ENGINE = '1';
  // Broken model folders, served at /models/ like an operator's copy (see modelFixtures.ts).
  process.env.COMPTOIR_MODELS_DIR = writeModelFixtures('test-results/models-fixtures');
  rmSync(outDir, { recursive: true, force: true });
  // One Chromium for the whole run, started while the app builds; the files connect to it
  // (launch() in browser.ts) and each test opens its own context.
  const starting = chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  starting.catch(() => {}); // awaited below; a failed build must not leave it unhandled
  try {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } catch (err) {
    await (await starting.catch(() => undefined))?.close();
    throw err;
  }
  const chromiumServer = await starting;
  process.env.COMPTOIR_TEST_CHROMIUM_WS = chromiumServer.wsEndpoint();
  const server = await serveBuild(outDir);
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview server has no URL');
  project.provide('baseUrl', url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    await chromiumServer.close();
  };
}
