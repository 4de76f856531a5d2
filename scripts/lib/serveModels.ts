import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { cacheControlFor, contentTypeFor, MODEL_RESOLVE_PATTERN, UTF8_TYPES } from './serverHeaders.ts';

const RESOLVE = new RegExp(MODEL_RESOLVE_PATTERN.replace('^/models/', '^'));

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` (one range: what model loaders ask) → [start, end], or null. */
export function byteRange(header: string | undefined, size: number): [number, number] | null | 'unsatisfiable' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (!m[1] && !m[2])) return null;
  let start: number;
  let end: number;
  if (!m[1]) {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  }
  return start > end || start >= size ? 'unsatisfiable' : [start, end];
}

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
      path = decodeURIComponent(url.split('?')[0]!.slice('/models/'.length)).replace(RESOLVE, '$1/$2');
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
    const type = contentTypeFor(file);
    res.setHeader('Content-Type', UTF8_TYPES.includes(type) ? `${type}; charset=utf-8` : type);
    res.setHeader('Cache-Control', cacheControlFor(`/models/${path}`));
    res.setHeader('Accept-Ranges', 'bytes');
    // Ranges, as any static server answers them: a loader may read a large file in slices.
    const range = byteRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${size}`);
      return res.end();
    }
    const [start, end] = range ?? [0, size - 1];
    res.statusCode = range ? 206 : 200;
    if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    res.setHeader('Content-Length', String(end - start + 1));
    if (req.method === 'HEAD' || size === 0) return res.end();
    createReadStream(file, { start, end }).pipe(res);
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
