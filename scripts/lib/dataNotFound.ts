import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { NO_FALLBACK_PREFIXES } from './serverHeaders.ts';

/** Middleware: a 404 for a file missing under `prefixes` of `dir`; anything else goes on. */
export function notFound(dir: string, prefixes: string[]) {
  const base = resolve(dir);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    } catch {
      return next();
    }
    if (!prefixes.some((p) => path.startsWith(p))) return next();
    const file = resolve(join(base, path));
    if (file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile()) return next();
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`Not found: ${path}`);
  };
}

/**
 * A missing file under /assets/ or /corpus/ is a 404 on `npm start` and `npm run dev`, as on the
 * nginx site, instead of Vite's fallback to index.html (a corpus file answered with HTML reads as
 * a damaged bundle, not a missing one).
 */
export function dataNotFound(): Plugin {
  return {
    name: 'comptoir-data-not-found',
    configureServer(server) {
      // In dev the app's modules are not under /assets/; the corpus is in public/.
      server.middlewares.use(notFound(server.config.publicDir, ['/corpus/']));
    },
    configurePreviewServer(server) {
      server.middlewares.use(notFound(resolve(server.config.root, server.config.build.outDir), NO_FALLBACK_PREFIXES));
    },
  };
}
