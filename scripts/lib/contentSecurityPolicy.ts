import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * Comptoir's Content-Security-Policy, sent as a response header on every file (a <meta> tag
 * would not cover the workers, which take their policy from their own script's response).
 *
 * - connect-src 'self': the page, its workers and the service worker can reach this server only;
 *   no question can be sent anywhere, and no dependency can phone home.
 * - script-src 'self' 'wasm-unsafe-eval': our bundle only; WebAssembly compilation is allowed for
 *   the engines (web-llm's model library, wllama, onnxruntime-web). No 'unsafe-eval', no inline.
 * - worker-src 'self' blob:: our workers, and the blob: workers onnxruntime-web may start.
 * - nothing third party: styles, fonts and images come from this origin (data: for the small
 *   icons and fonts the bundler inlines).
 *
 * Online model download: a header cannot know the in-app setting, so the hub is reachable only
 * when whoever starts the server says so too (COMPTOIR_ALLOW_HUB=1, or the static-server example
 * in README): strict by default, two keys to open it (server operator + administrator in the app).
 */
export const HUB_ORIGINS = [
  'https://huggingface.co',
  // Where the hub redirects large files to.
  'https://*.huggingface.co',
  'https://*.hf.co',
  // web-llm's prebuilt model libraries (.wasm).
  'https://raw.githubusercontent.com',
];

export interface PolicyOptions {
  /** Adds the model hub's origins to connect-src (an administrator allowed online download). */
  allowHub?: boolean;
  /** Vite's dev server injects CSS as <style> elements: allowed there only. */
  dev?: boolean;
}

export function contentSecurityPolicy({ allowHub = false, dev = false }: PolicyOptions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['connect-src', ["'self'", ...(allowHub ? HUB_ORIGINS : [])]],
    ['style-src', ["'self'", ...(dev ? ["'unsafe-inline'"] : [])]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['manifest-src', ["'self'"]],
    ['media-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Reads COMPTOIR_ALLOW_HUB from the environment of `npm start` / `npm run dev`. */
export function hubAllowedByEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.COMPTOIR_ALLOW_HUB === '1' && env.VITE_COMPTOIR_KIOSK !== '1';
}

/**
 * Not part of the CSP, but of the same promise: nothing about the page goes to other sites, and
 * no file is run as another type than the one the server names.
 */
export const PRIVACY_HEADERS: Readonly<Record<string, string>> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

function headerMiddleware(policy: string) {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    res.setHeader('Content-Security-Policy', policy);
    for (const [name, value] of Object.entries(PRIVACY_HEADERS)) res.setHeader(name, value);
    next();
  };
}

/** Vite plugin: the header on `vite` (dev) and `vite preview` (`npm start`) responses. */
export function contentSecurityPolicyPlugin(options: { allowHub?: boolean } = {}): Plugin {
  const allowHub = options.allowHub ?? hubAllowedByEnvironment();
  return {
    name: 'comptoir-content-security-policy',
    configureServer(server) {
      server.middlewares.use(headerMiddleware(contentSecurityPolicy({ allowHub, dev: true })));
    },
    configurePreviewServer(server) {
      server.middlewares.use(headerMiddleware(contentSecurityPolicy({ allowHub })));
    },
  };
}
