import { contentSecurityPolicy, PRIVACY_HEADERS, type PolicyOptions } from './contentSecurityPolicy.ts';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './crossOriginIsolation.ts';

/**
 * What any server in front of Comptoir must send, in one place: `npm start` / `npm run dev` send
 * it through their Vite plugins, `npm run deploy:nginx` writes it into the nginx site, and
 * `npm run deploy:check` expects it from whatever server a deployer runs.
 */

/** Every header sent on every response (files, fallbacks and errors alike). */
export function serverHeaders(options: Omit<PolicyOptions, 'dev'> = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...CROSS_ORIGIN_ISOLATION_HEADERS,
    ...PRIVACY_HEADERS,
  };
}

/**
 * Content types by file extension. With `X-Content-Type-Options: nosniff` the browser trusts
 * them: a worker served as anything but JavaScript does not start, and WebAssembly compiles
 * while it downloads only as `application/wasm`. Models (.gguf, .onnx, MLC .bin shards) are bytes.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html',
  js: 'text/javascript',
  mjs: 'text/javascript',
  css: 'text/css',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  txt: 'text/plain',
  wasm: 'application/wasm',
  onnx: 'application/octet-stream',
  gguf: 'application/octet-stream',
  bin: 'application/octet-stream',
  model: 'application/octet-stream',
};

/** Anything else is bytes. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Text types sent with `; charset=utf-8`. */
export const UTF8_TYPES = ['text/html', 'text/javascript', 'text/css', 'application/json', 'application/manifest+json', 'image/svg+xml', 'text/plain'];

export function contentTypeFor(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path.split('?')[0]!)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) || DEFAULT_CONTENT_TYPE;
}

export const CACHE = {
  /** Asked again each time (a 304 when unchanged): the service worker, the pages, the corpus. */
  revalidate: 'no-cache',
  /** Content-hashed file names: a new build has new names. */
  immutable: 'public, max-age=31536000, immutable',
  /** A model folder's files never change under the same model id (its sha256.json excepted). */
  model: 'public, max-age=2592000',
} as const;

/**
 * Cache-Control by request path, first match wins; anything else revalidates. The patterns are
 * written in the regular-expression subset JavaScript and nginx (PCRE) share.
 */
export const CACHE_RULES: readonly { pattern: string; value: string; why: string }[] = [
  { pattern: '^/assets/', value: CACHE.immutable, why: 'Vite names these files by their content' },
  { pattern: '^/workbox-[^/]+\\.js$', value: CACHE.immutable, why: 'named by content too' },
  { pattern: '^/models/[^/]+/sha256\\.json$', value: CACHE.revalidate, why: 'the checksums decide whether a copy is good' },
  { pattern: '^/models/[^/]+/.', value: CACHE.model, why: 'large, and fixed for a model id' },
];

export function cacheControlFor(path: string): string {
  return CACHE_RULES.find((rule) => new RegExp(rule.pattern).test(path))?.value ?? CACHE.revalidate;
}

/** web-llm asks for `<model>/resolve/main/<file>`; both servers map it back onto models/<id>/<file>. */
export const MODEL_RESOLVE_PATTERN = '^/models/([^/]+)/resolve/[^/]+/(.*)$';

/**
 * Paths where a missing file is a 404, never the app's page (which any other path gets): the app
 * and its service worker would read HTML as a corpus file or a script. /models/ is the same
 * (served apart, scripts/lib/serveModels.ts).
 */
export const NO_FALLBACK_PREFIXES = ['/assets/', '/corpus/'];
