import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, type CorpusData, type CorpusManifest } from '../corpusData';

/**
 * Writes the bundle into a fresh folder next to `dir`, then swaps it in: a build that fails
 * half-way never leaves a half-written corpus where the app reads it.
 */
export function writeBundle(dir: string, corpus: CorpusData, extra: Record<string, Uint8Array> = {}): CorpusManifest {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files: NonNullable<CorpusManifest['files']> = [];
  const contents: [string, Uint8Array][] = [
    [BUNDLE_FILES.fiches, Buffer.from(JSON.stringify(corpus.fiches))],
    [BUNDLE_FILES.chunks, Buffer.from(JSON.stringify(corpus.chunks))],
    ...Object.entries(extra),
  ];
  for (const [name, bytes] of contents) {
    writeFileSync(join(tmp, name), bytes);
    files.push({ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const manifest: CorpusManifest = { ...corpus.manifest, files };
  writeFileSync(join(tmp, BUNDLE_FILES.manifest), JSON.stringify(manifest, null, 2));
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return manifest;
}

export function readBundle(dir: string): CorpusData {
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  return { manifest: read(BUNDLE_FILES.manifest), fiches: read(BUNDLE_FILES.fiches), chunks: read(BUNDLE_FILES.chunks) };
}

/**
 * Checks each file of a bundle against the sha256 its manifest records, and that the manifest
 * lists every name of `required` (a bundle from an older build lacks newer files).
 */
export function verifyBundle(dir: string, required: readonly string[] = []): string[] {
  const problems: string[] = [];
  let manifest: CorpusManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, BUNDLE_FILES.manifest), 'utf8'));
  } catch {
    return ['manifest.json missing or unreadable'];
  }
  const listed = new Set((manifest.files ?? []).map((f) => f.name));
  for (const name of required) if (name !== BUNDLE_FILES.manifest && !listed.has(name)) problems.push(`${name}: not in the manifest`);
  for (const file of manifest.files ?? []) {
    try {
      const sha = createHash('sha256').update(readFileSync(join(dir, file.name))).digest('hex');
      if (sha !== file.sha256) problems.push(`${file.name}: sha256 mismatch`);
    } catch {
      problems.push(`${file.name}: missing`);
    }
  }
  return problems;
}
