import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, LEGACY_CHUNKS_FILE, type CorpusData, type CorpusManifest } from '../corpusData';
import { chunksWithoutTexts, fillTexts, packChunkMeta, readChunkMeta, splitChunkTexts } from '../chunkTexts';

/**
 * Writes the bundle into a fresh folder next to `dir`, then swaps it in: a build that fails
 * half-way never leaves a half-written corpus where the app reads it.
 */
export function writeBundle(
  dir: string, corpus: CorpusData, extra: Record<string, Uint8Array> = {}, fingerprint = '',
  /** The marks search reads of a text before it is loaded (textKinds of src/search/ranking/answerKinds.ts). */
  kindsOf?: (text: string) => readonly string[],
): CorpusManifest {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files: NonNullable<CorpusManifest['files']> = [];
  // The texts apart (src/corpus/chunkTexts.ts): the app reads them as results need them.
  const split = splitChunkTexts(corpus.chunks, fingerprint, undefined, kindsOf);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const contents: [string, Uint8Array][] = [
    [BUNDLE_FILES.fiches, json(corpus.fiches)],
    [BUNDLE_FILES.chunkMeta, json(packChunkMeta(split.meta))],
    ...split.files.map(([name, texts]): [string, Uint8Array] => [name, json(texts)]),
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

/** A bundle with every chunk's text (both layouts: texts apart, or one chunks.json from older builds). */
export function readBundle(dir: string): CorpusData {
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const corpus = { manifest: read(BUNDLE_FILES.manifest), fiches: read(BUNDLE_FILES.fiches) };
  if (!existsSync(join(dir, BUNDLE_FILES.chunkMeta))) return { ...corpus, chunks: read(LEGACY_CHUNKS_FILE) };
  const meta = readChunkMeta(read(BUNDLE_FILES.chunkMeta));
  const chunks = chunksWithoutTexts(meta);
  for (const shard of meta.texts) fillTexts(chunks, shard, read(shard.file), meta.fingerprint);
  return { ...corpus, chunks };
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
