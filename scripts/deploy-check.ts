/**
 * npm run deploy:check -- <url> [--lang fr|en] [--browser] [--ca cert.pem] [--resolve host:ip]
 *
 * Checks a Comptoir deployment from outside (any web server): HTTPS, the headers on every kind
 * of file, content types, caching, fallback and 404s, ranges on models, the corpus; with
 * --browser, Chromium says whether the page is a secure context, cross-origin isolated and
 * controlled by its service worker. One line per check; exit code 1 when one fails.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { browserChecks, spkiHash } from './lib/deployBrowserChecks';
import { deployChecks, type CheckLine, type Lang } from './lib/deployChecks';
import { nodeFetcher } from './lib/deployFetch';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    lang: { type: 'string' },
    browser: { type: 'boolean', default: false },
    ca: { type: 'string' },
    resolve: { type: 'string', multiple: true },
    help: { type: 'boolean', default: false },
  },
});

const lang: Lang = (values.lang ?? (/^fr/i.test(process.env.LANG ?? '') ? 'fr' : 'en')) === 'fr' ? 'fr' : 'en';
if (values.help || positionals.length !== 1) {
  console.log('npm run deploy:check -- <url> [--lang fr|en] [--browser] [--ca cert.pem] [--resolve host:ip]');
  process.exit(values.help ? 0 : 2);
}
if (values.lang && !['fr', 'en'].includes(values.lang)) {
  console.error('--lang: fr or en');
  process.exit(2);
}

let base: URL;
try {
  base = new URL(positionals[0]!);
} catch {
  console.error(lang === 'fr' ? `adresse invalide : ${positionals[0]}` : `invalid address: ${positionals[0]}`);
  process.exit(2);
}
const resolve = Object.fromEntries((values.resolve ?? []).map((r) => {
  const at = r.lastIndexOf(':');
  return [r.slice(0, at), r.slice(at + 1)];
}));
const ca = values.ca ? readFileSync(values.ca, 'utf8') : undefined;

const MARK = { pass: '✓', fail: '✗', warn: '!', skip: '–' } as const;
const print = (lines: CheckLine[]) => {
  for (const line of lines) console.log(`${MARK[line.status]} ${line.text}`);
};

const lines = await deployChecks(base, nodeFetcher({ ca, resolve }), lang);
print(lines);
if (values.browser && lines.find((l) => l.id === 'reachable')?.status === 'pass') {
  const more = await browserChecks(base, lang, { resolve, spki: ca ? spkiHash(ca) : undefined });
  print(more);
  lines.push(...more);
}
const failed = lines.filter((l) => l.status === 'fail').length;
console.log(lang === 'fr'
  ? `${failed ? `${failed} vérification(s) en échec` : 'tout est en ordre'} (${lines.length} vérifications)`
  : `${failed ? `${failed} check(s) failed` : 'all good'} (${lines.length} checks)`);
process.exit(failed ? 1 : 0);
