import { writeFileSync } from 'node:fs';
import { preview } from 'vite';
import { launch } from './tests/browser/browser';
import { dilaZipOfAudiences } from './scripts/lib/dilaZipFromFichesVdd';
const zip = '/tmp/deploy-all.zip';
writeFileSync(zip, dilaZipOfAudiences(['particuliers', 'professionnels', 'associations']).zip);
const server = await preview({ logLevel: 'warn', build: { outDir: 'test-results/app' }, preview: { port: 0, host: '127.0.0.1' } });
const browser = await launch();
const page = await (await browser.newContext()).newPage();
await page.goto(server.resolvedUrls!.local[0]!);
const usage = async () => {
  const u = await page.evaluate(async () => { const e = await navigator.storage.estimate() as StorageEstimate & { usageDetails?: Record<string, number> }; return { usage: e.usage ?? 0, details: e.usageDetails }; });
  return `${(u.usage / 2 ** 20).toFixed(1)} MiB ${JSON.stringify(Object.fromEntries(Object.entries(u.details ?? {}).map(([k, v]) => [k, +(v / 2 ** 20).toFixed(1)])))}`;
};
while (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) await page.waitForTimeout(500);
await page.getByTestId('corpus-status').waitFor({ timeout: 60000 });
console.log('first visit', await usage());
for (const n of [1, 2]) {
  await page.setInputFiles('#import-zip', zip);
  await page.getByTestId('import-progress').waitFor({ timeout: 30_000 });
  await page.getByTestId('import-progress').waitFor({ state: 'detached', timeout: 900_000 });
  console.log(`after import ${n}:`, await page.getByTestId('import-outcome').innerText(), await usage());
}
await browser.close();
await new Promise<void>((r) => server.httpServer.close(() => r()));
