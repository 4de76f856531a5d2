/**
 * npx tsx scripts/repro-blob-slices.ts [--mib 770] [--read-mib 4] [--passes 2] [--persistent] [--gc]
 * The mechanism under issue 12's « File read failed: NotReadableError », without llama.cpp: a worker
 * builds one Blob from streamed parts (as our wllama worker did with a download) and reads it back
 * the way wllama's async file reads do (`blob.slice(a, b).arrayBuffer()`, one range after another),
 * in headless Chromium. Prints how many reads failed and the first error. `--persistent` runs in a
 * profile on disk instead of Playwright's default in-memory (incognito-like) context; `--gc`
 * collects garbage after every read (Chromium flag --js-flags=--expose-gc).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromiumPath';

const { values } = parseArgs({
  options: {
    mib: { type: 'string', default: '770' },
    'read-mib': { type: 'string', default: '4' },
    passes: { type: 'string', default: '2' },
    persistent: { type: 'boolean', default: false },
    gc: { type: 'boolean', default: false },
  },
});

const WORKER = `
onmessage = async ({ data: { mib, readMib, passes, gc } }) => {
  const parts = [];
  for (let i = 0; i < mib * 16; i++) parts.push(new Uint8Array(65536).fill(i & 255));
  const blob = new Blob(parts);
  parts.length = 0;
  let reads = 0, failed = 0, first = '';
  const step = readMib * 2 ** 20;
  for (let pass = 0; pass < passes; pass++) {
    for (let offset = 0; offset < blob.size; offset += step) {
      reads++;
      try {
        const buffer = await blob.slice(offset, offset + step).arrayBuffer();
        if (new Uint8Array(buffer)[0] !== ((offset / 65536) & 255)) throw new Error('wrong bytes at ' + offset);
      } catch (err) {
        failed++;
        first ||= 'pass ' + pass + ' at ' + (offset / 2 ** 20).toFixed(0) + ' MiB: ' + err.name + ': ' + err.message;
      }
      if (gc) self.gc();
    }
  }
  postMessage({ reads, failed, first });
};`;

// The same origin and isolation headers as the app, so the worker runs as ours does.
const server = createServer((req, res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  if (req.url === '/w.js') res.setHeader('content-type', 'text/javascript').end(WORKER);
  else res.setHeader('content-type', 'text/html').end('<!doctype html><title>blob</title>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
const args = [...CHROMIUM_ARGS, ...(values.gc ? ['--js-flags=--expose-gc'] : [])];
const profile = values.persistent ? mkdtempSync(join(tmpdir(), 'repro-blob-')) : undefined;
const context = profile
  ? await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args })
  : await (await chromium.launch({ executablePath: chromiumPath(), args })).newContext();
try {
  const page = await context.newPage();
  await page.goto(url);
  const out = await page.evaluate((o) => new Promise((resolve) => {
    const w = new Worker('/w.js');
    w.onmessage = (e) => resolve(e.data);
    w.postMessage(o);
  }), { mib: Number(values.mib), readMib: Number(values['read-mib']), passes: Number(values.passes), gc: values.gc });
  console.log(`${values.mib} MiB blob, ${values['read-mib']} MiB reads × ${values.passes} passes, ${profile ? 'profile on disk' : 'in-memory context'}${values.gc ? ', GC after each read' : ''}:`, JSON.stringify(out));
} finally {
  await context.close();
  server.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
}
process.exit(0);
