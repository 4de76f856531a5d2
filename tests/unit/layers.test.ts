import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The folders of src/ from the bottom up: data flows corpus → search → rag (prompt) → llm
 * (engine) → the answer's keeping and policies → ui. A folder imports only from the folders of
 * the rows below its own (and from itself), never from its row or above. `workers` hosts the
 * domain in Web Workers for the page; `lab` holds the scripted engines and harnesses of tests and
 * the test build; `app` is src/'s own files (main.ts).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'settings'],
  ['corpus'],
  ['search'],
  ['embed'],
  ['rag'],
  ['print'],
  ['privacy'],
  ['llm'],
  ['storage'],
  ['feedback', 'kiosk'],
  ['workers'],
  ['lab'],
  ['ui'],
  ['app'],
];

const ROOT = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The folder a file of src/ or workers/ belongs to. */
function folderOf(path: string): string | undefined {
  const [top, second, third] = relative(ROOT, path).split(/[\\/]/);
  if (top === 'workers') return 'workers';
  if (top !== 'src' || !second) return undefined;
  return third === undefined ? 'app' : second;
}

/** Every relative module a file imports (static, type-only, dynamic and re-exports), by TypeScript's own scanner. */
function importsOf(path: string): string[] {
  let text = readFileSync(path, 'utf8');
  if (path.endsWith('.svelte')) text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName).filter((f) => f.startsWith('.'));
}

interface Arrow { from: string; to: string; file: string; spec: string }

function arrows(): Arrow[] {
  return [...files(join(ROOT, 'src')), ...files(join(ROOT, 'workers'))].flatMap((file) => importsOf(file).map((spec) => ({
    from: folderOf(file)!, to: folderOf(resolve(dirname(file), spec)) ?? 'outside', file: relative(ROOT, file), spec,
  }))).filter((a) => a.from !== a.to);
}

const rank = (folder: string) => LAYERS.findIndex((row) => row.includes(folder));

describe('folders import downwards only', () => {
  const all = arrows();

  it('every folder of src/ has its place in the order', () => {
    const folders = new Set(all.flatMap((a) => [a.from, a.to]));
    for (const f of readdirSync(join(ROOT, 'src'))) if (statSync(join(ROOT, 'src', f)).isDirectory()) folders.add(f);
    expect([...folders].filter((f) => rank(f) < 0)).toEqual([]);
  });

  it('no folder imports from its own row or a row above it', () => {
    const upward = all.filter((a) => rank(a.to) >= rank(a.from)).map((a) => `${a.from} → ${a.to}: ${a.file} imports ${a.spec}`);
    expect(upward).toEqual([]);
  });

  it('sees the arrows it judges (type-only, dynamic, in .svelte files)', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((a) => a.file.endsWith('.svelte'))).toBe(true);
    expect(all.some((a) => a.file === 'src/ui/modelState.svelte.ts' && a.spec === '../llm/engines/webLlmEngine')).toBe(true);
  });
});
