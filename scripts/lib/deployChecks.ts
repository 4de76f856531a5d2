import { dataAge } from '../../src/corpus/dataAge';
import type { CorpusManifest } from '../../src/corpus/corpusData';
import { listedModelIds } from '../../src/llm/modelFiles/modelCache';
import { formatDate } from '../../src/corpus/dataAge';
import { CACHE, cacheControlFor, contentTypeFor, serverHeaders } from './serverHeaders';

/**
 * What `npm run deploy:check` verifies of a deployment from outside, with plain HTTP requests:
 * HTTPS, every header `npm start` sends on every kind of file, content types, caching, the
 * one-page fallback and real 404s, ranges on model files, the corpus bundle. Each check is one
 * line, in French or English. The browser-side checks (secure context, isolation, service
 * worker) are in deployBrowserChecks.ts.
 */

export type Lang = 'fr' | 'en';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckLine {
  /** Stable id: what a test asserts on. */
  id: string;
  status: CheckStatus;
  text: string;
}

export interface Fetched {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export type Fetcher = (url: string, init?: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> }) => Promise<Fetched>;

const t = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\])$/i;

/** A page from these hosts is a secure context even over plain HTTP (browsers exempt them). */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host) || host.endsWith('.localhost');
}

/** The header values a good deployment sends (the CSP may open the model hub: both are right). */
function expectedHeaders(): { name: string; accepted: string[] }[] {
  const strict = serverHeaders();
  const hub = serverHeaders({ allowHub: true });
  return Object.keys(strict).map((name) => ({ name, accepted: [...new Set([strict[name]!, hub[name]!])] }));
}

const essence = (type: string | undefined) => (type ?? '').split(';')[0]!.trim().toLowerCase();

/** JavaScript may be named either way; both run under nosniff. */
const sameType = (got: string, want: string) =>
  got === want || (want === 'text/javascript' && got === 'application/javascript');

function maxAge(cacheControl: string): number | undefined {
  const m = /max-age=(\d+)/i.exec(cacheControl);
  return m ? Number(m[1]) : undefined;
}

const pagePath = (path: string) => (path === '/' ? '/index.html' : path);

/** A file that must be asked again each time but may be kept: desks would keep an old version. */
function cacheProblem(path: string, got: string | undefined, lang: Lang): string | undefined {
  if (cacheControlFor(pagePath(path)) !== CACHE.revalidate) return undefined;
  const value = got ?? '';
  const fresh = /no-cache|no-store/i.test(value) || maxAge(value) === 0;
  return fresh ? undefined : t(lang, `Cache-Control « ${value || 'absent'} » au lieu de « no-cache » (les postes garderaient une ancienne version)`, `Cache-Control "${value || 'missing'}" instead of "no-cache" (desks would keep an old version)`);
}

/**
 * A file that could be kept but is not: only a cost (a request per visit), so a warning — a PC
 * serving itself with `npm start` revalidates everything, and that is fine.
 */
export function cacheAdvice(path: string, res: Fetched, lang: Lang): string | undefined {
  const want = cacheControlFor(pagePath(path));
  if (want === CACHE.revalidate) return undefined;
  const value = res.headers['cache-control'] ?? '';
  return (maxAge(value) ?? 0) >= 86_400 && !/no-store|no-cache/i.test(value) ? undefined
    : t(lang, `Cache-Control « ${value || 'absent'} » : une mise en cache longue éviterait une requête par visite (« ${want} »)`, `Cache-Control "${value || 'missing'}": long caching would save a request per visit ("${want}")`);
}

/** Everything wrong with one response's headers, in the chosen language. */
export function headerProblems(path: string, res: Fetched, lang: Lang, options: { type?: string; cache?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const { name, accepted } of expectedHeaders()) {
    const got = res.headers[name.toLowerCase()];
    if (got === undefined) problems.push(t(lang, `${name} absent`, `${name} missing`));
    else if (!accepted.includes(got.trim())) problems.push(t(lang, `${name} « ${got} » au lieu de « ${accepted[0]} »`, `${name} "${got}" instead of "${accepted[0]}"`));
  }
  const wantType = options.type ?? contentTypeFor(pagePath(path));
  const gotType = essence(res.headers['content-type']);
  if (!sameType(gotType, wantType)) problems.push(t(lang, `Content-Type « ${gotType || 'absent'} » au lieu de « ${wantType} »`, `Content-Type "${gotType || 'missing'}" instead of "${wantType}"`));
  if (options.cache !== false) {
    const cache = cacheProblem(path, res.headers['cache-control'], lang);
    if (cache) problems.push(cache);
  }
  return problems;
}

/** The files the app's service worker precaches (the build's whole file list), from sw.js. */
export function precachedFiles(swSource: string): string[] {
  return [...swSource.matchAll(/"?url"?\s*:\s*"([^"]+)"/g)].map((m) => `/${m[1]!.replace(/^\.?\//, '')}`);
}

const text = (body: Uint8Array) => new TextDecoder().decode(body);

interface FileKind {
  path: string;
  fr: string;
  en: string;
}

/** One file of each kind the app serves, picked from the build's own list. */
function fileKinds(files: string[]): FileKind[] {
  const pick = (re: RegExp) => files.find((f) => re.test(f));
  const kinds: (FileKind | undefined)[] = [
    { path: '/', fr: 'page d’accueil', en: 'home page' },
    { path: '/sw.js', fr: 'service worker', en: 'service worker' },
    { path: '/manifest.webmanifest', fr: 'manifeste d’application', en: 'web app manifest' },
    ...[
      [/^\/assets\/index-[^/]+\.js$/, 'script de la page', 'page script'],
      [/^\/assets\/search\.worker-[^/]+\.js$/, 'worker de recherche', 'search worker'],
      [/^\/assets\/[^/]+\.css$/, 'feuille de style', 'stylesheet'],
      [/^\/assets\/[^/]+\.woff2$/, 'police', 'font'],
      [/^\/assets\/wllama-[^/]+\.wasm$/, 'WebAssembly (moteur processeur)', 'WebAssembly (CPU engine)'],
      [/^\/workbox-[^/]+\.js$/, 'bibliothèque du service worker', 'service worker library'],
      [/^\/favicon\.svg$/, 'icône', 'icon'],
    ].map(([re, fr, en]) => {
      const path = pick(re as RegExp);
      return path ? { path, fr: fr as string, en: en as string } : undefined;
    }),
    { path: '/corpus/manifest.json', fr: 'manifeste du corpus', en: 'corpus manifest' },
    { path: '/corpus/chunk-meta.json', fr: 'passages du corpus (sans leurs textes)', en: 'corpus passages (without their texts)' },
    { path: '/corpus/chunk-texts-000.json', fr: 'textes des passages', en: 'passage texts' },
    { path: '/corpus/search-index.bin', fr: 'index de recherche', en: 'search index' },
  ];
  return kinds.filter((k): k is FileKind => Boolean(k));
}

/**
 * Runs every check against `base` (the deployment's address). `fetcher` makes the requests
 * (deploy-check.ts gives it the deployer's CA and name resolution).
 */
export async function deployChecks(base: URL, fetcher: Fetcher, lang: Lang): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const add = (id: string, status: CheckStatus, line: string) => lines.push({ id, status, text: line });
  const url = (path: string) => new URL(path, base).href;
  const host = base.hostname;

  if (base.protocol === 'https:') add('https', 'pass', t(lang, 'servi en HTTPS', 'served over HTTPS'));
  else if (isLoopback(host)) add('https', 'pass', t(lang, `servi en HTTP sur ${host} : accepté par les navigateurs sur ce poste seulement`, `served over HTTP on ${host}: browsers accept it on this PC only`));
  else {
    add('https', 'fail', t(lang,
      `servi en HTTP simple depuis ${host} : les navigateurs n’y donnent ni service worker (pas de hors-ligne), ni WebGPU, ni isolation (réponses sur le processeur sur un seul cœur). Servez le site en HTTPS.`,
      `served over plain HTTP from ${host}: browsers give it no service worker (no offline), no WebGPU and no isolation (CPU answers on one core). Serve the site over HTTPS.`));
  }

  let home: Fetched;
  try {
    home = await fetcher(url('/'));
  } catch (err) {
    add('reachable', 'fail', t(lang, `${base.origin} injoignable : ${(err as Error).message}`, `${base.origin} unreachable: ${(err as Error).message}`));
    return lines;
  }
  if (home.status !== 200 || essence(home.headers['content-type']) !== 'text/html') {
    add('reachable', 'fail', t(lang, `${base.origin}/ répond ${home.status} (${essence(home.headers['content-type'])}) au lieu de la page de Comptoir`, `${base.origin}/ answers ${home.status} (${essence(home.headers['content-type'])}) instead of Comptoir's page`));
    return lines;
  }
  add('reachable', 'pass', t(lang, `${base.origin} répond`, `${base.origin} answers`));

  const sw = await fetcher(url('/sw.js')).catch(() => undefined);
  const files = sw?.status === 200 ? precachedFiles(text(sw.body)) : [];
  if (!files.length) add('build', 'fail', t(lang, '/sw.js introuvable ou vide : ce n’est pas un build de Comptoir (npm run build)', '/sw.js missing or empty: not a Comptoir build (npm run build)'));
  else add('build', 'pass', t(lang, `build de Comptoir : ${files.length} fichiers mis en cache par le service worker`, `Comptoir build: ${files.length} files precached by the service worker`));

  for (const kind of fileKinds(files)) {
    const label = `${kind.path} (${t(lang, kind.fr, kind.en)})`;
    const res = kind.path === '/' ? home : await fetcher(url(kind.path), { method: 'HEAD' }).catch(() => undefined);
    if (!res) add(`file:${kind.path}`, 'fail', t(lang, `${label} : pas de réponse`, `${label}: no answer`));
    else if (res.status !== 200) add(`file:${kind.path}`, 'fail', t(lang, `${label} : ${res.status}`, `${label}: ${res.status}`));
    else {
      const problems = headerProblems(kind.path, res, lang);
      const advice = cacheAdvice(kind.path, res, lang);
      if (problems.length) add(`file:${kind.path}`, 'fail', t(lang, `${label} : ${problems.join(' ; ')}`, `${label}: ${problems.join('; ')}`));
      else if (advice) add(`file:${kind.path}`, 'warn', t(lang, `${label} : ${advice}`, `${label}: ${advice}`));
      else add(`file:${kind.path}`, 'pass', t(lang, `${label} : en-têtes, type et cache corrects`, `${label}: headers, type and caching right`));
    }
  }

  // Any path of the app is the app (a bookmark, a reload on a sub-page).
  const route = await fetcher(url('/parametres/poste'), { method: 'HEAD' }).catch(() => undefined);
  const routeProblems = route?.status === 200 ? headerProblems('/index.html', route, lang, { type: 'text/html' }) : [t(lang, `statut ${route?.status ?? 'aucun'}`, `status ${route?.status ?? 'none'}`)];
  add('fallback', routeProblems.length ? 'fail' : 'pass', routeProblems.length
    ? t(lang, `une autre adresse du site (/parametres/poste) ne donne pas la page : ${routeProblems.join(' ; ')}`, `another path (/parametres/poste) does not give the page: ${routeProblems.join('; ')}`)
    : t(lang, 'toute autre adresse du site donne la page (avec ses en-têtes)', 'any other path gives the page (with its headers)'));

  // Missing data must be a 404, never the home page (the app would read HTML as a corpus or a model).
  for (const path of ['/corpus/absent-comptoir-check.json', '/models/absent-comptoir-check/mlc-chat-config.json']) {
    const res = await fetcher(url(path), { method: 'HEAD' }).catch(() => undefined);
    const problems = res ? headerProblems(path, res, lang, { type: essence(res.headers['content-type']), cache: false }) : [];
    const ok = res?.status === 404 && problems.length === 0;
    add(`404:${path.split('/')[1]}`, ok ? 'pass' : 'fail', ok
      ? t(lang, `fichier absent sous /${path.split('/')[1]}/ : 404, avec les en-têtes`, `missing file under /${path.split('/')[1]}/: 404, with the headers`)
      : t(lang, `fichier absent sous /${path.split('/')[1]}/ : ${res?.status ?? 'pas de réponse'} au lieu de 404${problems.length ? ` ; ${problems.join(' ; ')}` : ''}`, `missing file under /${path.split('/')[1]}/: ${res?.status ?? 'no answer'} instead of 404${problems.length ? `; ${problems.join('; ')}` : ''}`));
  }

  await corpusChecks(url, fetcher, lang, add);
  await modelChecks(url, fetcher, lang, add);
  return lines;
}

type Add = (id: string, status: CheckStatus, line: string) => void;

async function corpusChecks(url: (p: string) => string, fetcher: Fetcher, lang: Lang, add: Add): Promise<void> {
  const res = await fetcher(url('/corpus/manifest.json')).catch(() => undefined);
  let manifest: CorpusManifest | undefined;
  try {
    manifest = res?.status === 200 ? (JSON.parse(text(res.body)) as CorpusManifest) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest?.counts) {
    add('corpus', 'fail', t(lang, '/corpus/manifest.json illisible : reconstruisez le corpus (npm run corpus:build) puis l’application (npm run build)', '/corpus/manifest.json unreadable: rebuild the corpus (npm run corpus:build) then the app (npm run build)'));
    return;
  }
  const wrong: string[] = [];
  for (const file of manifest.files ?? []) {
    const head = await fetcher(url(`/corpus/${file.name}`), { method: 'HEAD' }).catch(() => undefined);
    const length = Number(head?.headers['content-length']);
    if (head?.status !== 200 || (Number.isFinite(length) && head.headers['content-encoding'] === undefined && length !== file.bytes)) wrong.push(file.name);
  }
  add('corpus', wrong.length ? 'fail' : 'pass', wrong.length
    ? t(lang, `corpus incomplet ou d’une autre version que son manifeste : ${wrong.join(', ')}`, `corpus files missing or not those of its manifest: ${wrong.join(', ')}`)
    : t(lang, `corpus : ${manifest.counts.answer} fiches (${manifest.source.label}), fichiers conformes au manifeste`, `corpus: ${manifest.counts.answer} fiches (${manifest.source.label}), files match the manifest`));
  const age = dataAge(manifest.dataDate);
  if (age) {
    const years = Math.floor(age.months / 12);
    const ago = lang === 'fr' ? age.ago : years ? `${years} year(s) ago` : `${age.months} month(s) ago`;
    add('corpus-age', age.stale ? 'warn' : 'pass', t(lang,
      `fiches du ${formatDate(manifest.dataDate)} (${ago})${age.stale ? ' : mettez-les à jour (README, « Keeping the fiches current »)' : ''}`,
      `fiches dated ${manifest.dataDate} (${ago})${age.stale ? ': update them (README, "Keeping the fiches current")' : ''}`));
  }
}

async function modelChecks(url: (p: string) => string, fetcher: Fetcher, lang: Lang, add: Add): Promise<void> {
  const index = await fetcher(url('/models/index.json')).catch(() => undefined);
  let ids: string[] = [];
  if (index?.status === 200 && essence(index.headers['content-type']) === 'application/json') {
    try {
      ids = listedModelIds(JSON.parse(text(index.body)));
    } catch {
      ids = [];
    }
    const problems = headerProblems('/models/index.json', index, lang);
    add('models-index', problems.length ? 'fail' : 'pass', problems.length
      ? t(lang, `/models/index.json : ${problems.join(' ; ')}`, `/models/index.json: ${problems.join('; ')}`)
      : t(lang, `/models/index.json : ${ids.length} dossier(s) de modèle${ids.length ? ` (${ids.join(', ')})` : ''}`, `/models/index.json: ${ids.length} model folder(s)${ids.length ? ` (${ids.join(', ')})` : ''}`));
  } else {
    add('models-index', 'warn', t(lang, `/models/index.json : ${index?.status ?? 'pas de réponse'} (l’application interrogera chaque modèle du catalogue à la place)`, `/models/index.json: ${index?.status ?? 'no answer'} (the app will probe each catalog model instead)`));
  }

  // Ranges on a model file (its sha256.json names the files); else on a corpus binary.
  let target: { path: string; size: number; id?: string; file?: string } | undefined;
  for (const id of ids) {
    const sums = await fetcher(url(`/models/${encodeURIComponent(id)}/sha256.json`)).catch(() => undefined);
    if (sums?.status !== 200) continue;
    try {
      const files = Object.entries((JSON.parse(text(sums.body)) as { files?: Record<string, { bytes: number }> }).files ?? {});
      const [file, info] = files.sort((a, b) => b[1].bytes - a[1].bytes)[0] ?? [];
      if (file && info && info.bytes > 1024) {
        target = { path: `/models/${encodeURIComponent(id)}/${file}`, size: info.bytes, id, file };
        break;
      }
    } catch {
      // not JSON: try the next folder
    }
  }
  const rangeOn = target?.path ?? '/corpus/search-index.bin';
  const ranged = await fetcher(url(rangeOn), { headers: { Range: 'bytes=0-1023' } }).catch(() => undefined);
  const range = ranged?.headers['content-range'] ?? '';
  const rangeOk = ranged?.status === 206 && /^bytes 0-1023\/\d+$/.test(range) && ranged.body.length === 1024;
  const problems = ranged && target ? headerProblems(rangeOn, ranged, lang) : [];
  add('ranges', rangeOk && !problems.length ? 'pass' : 'fail', rangeOk && !problems.length
    ? t(lang, `${rangeOn} servi par plages (206${target ? ', cache long' : ''})${target ? '' : ' — aucun modèle dans models/ : vérifié sur l’index du corpus'}`, `${rangeOn} served by ranges (206${target ? ', long caching' : ''})${target ? '' : ' — no model in models/: checked on the corpus index'}`)
    : t(lang, `${rangeOn} : pas de réponse par plages (${ranged?.status ?? 'aucune'} ${range})${problems.length ? ` ; ${problems.join(' ; ')}` : ''}`, `${rangeOn}: no range answer (${ranged?.status ?? 'none'} ${range})${problems.length ? `; ${problems.join('; ')}` : ''}`));
  if (target?.id && target.file) {
    const viaResolve = await fetcher(url(`/models/${encodeURIComponent(target.id)}/resolve/main/${target.file}`), { headers: { Range: 'bytes=0-1023' } }).catch(() => undefined);
    const same = viaResolve?.status === 206 && ranged !== undefined && Buffer.from(viaResolve.body).equals(Buffer.from(ranged.body));
    add('resolve-main', same ? 'pass' : 'fail', same
      ? t(lang, '/models/<id>/resolve/main/<fichier> renvoie vers le dossier du modèle (web-llm)', '/models/<id>/resolve/main/<file> maps onto the model folder (web-llm)')
      : t(lang, `/models/${target.id}/resolve/main/${target.file} : ${viaResolve?.status ?? 'pas de réponse'} (ajoutez la réécriture resolve/main de deploy/nginx/comptoir.conf)`, `/models/${target.id}/resolve/main/${target.file}: ${viaResolve?.status ?? 'no answer'} (add the resolve/main rewrite of deploy/nginx/comptoir.conf)`));
  }
}
