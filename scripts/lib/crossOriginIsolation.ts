import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * COOP + COEP make the page cross-origin isolated: SharedArrayBuffer is then available and the CPU
 * engine (wllama) runs on every core instead of one. Everything Comptoir loads is same-origin
 * (app, workers, corpus, models/), so require-corp blocks nothing of ours; a hub download needs
 * the hub's CORS headers, which it sends.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function setHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) res.setHeader(name, value);
  next();
}

/** Adds the headers to every response of `vite` (dev) and `vite preview` (npm start). */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'comptoir-cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use(setHeaders);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setHeaders);
    },
  };
}
