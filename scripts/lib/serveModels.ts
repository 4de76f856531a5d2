import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.model': 'application/octet-stream',
  '.gguf': 'application/octet-stream',
};

function hasGguf(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => f.endsWith('.gguf'));
  } catch {
    return false;
  }
}

/**
 * Serves the operator's models/ folder at /models/ (dev server and `npm start` alike). web-llm
 * asks for <model>/resolve/main/<file>; that segment is mapped back onto models/<id>/<file>. A
 * missing file is a real 404 — never index.html, which web-llm would try to parse as JSON.
 */
export function modelsMiddleware(root: string) {
  const base = resolve(root);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = req.url ?? '';
    if (!url.startsWith('/models/')) return next();
    if (url.split('?')[0] === '/models/index.json') {
      // Which model folders are here, so the app need not probe each catalog id (and log 404s).
      let ids: string[] = [];
      try {
        ids = readdirSync(base).filter((name) => existsSync(join(base, name, 'mlc-chat-config.json')) || hasGguf(join(base, name)));
      } catch {
        // no models folder: an empty list
      }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      return res.end(JSON.stringify({ models: ids }));
    }
    let path: string;
    try {
      path = decodeURIComponent(url.split('?')[0]!.slice('/models/'.length)).replace(/^([^/]+)\/resolve\/[^/]+\//, '$1/');
    } catch {
      res.statusCode = 400;
      return res.end('Bad request');
    }
    const file = resolve(join(base, path));
    let size = -1;
    if (file.startsWith(base + sep)) {
      try {
        const stat = statSync(file);
        if (stat.isFile()) size = stat.size;
      } catch {
        // not there
      }
    }
    if (size < 0) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return res.end(`Not found: /models/${path}`);
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };
}

export function serveModels(root = 'models'): Plugin {
  return {
    name: 'comptoir-serve-models',
    configureServer(server) {
      server.middlewares.use(modelsMiddleware(root));
    },
    configurePreviewServer(server) {
      server.middlewares.use(modelsMiddleware(root));
    },
  };
}
