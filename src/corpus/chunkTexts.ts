import type { Chunk } from './chunk';
import { AppError } from '../errors/appFailure';

/**
 * Passage texts apart from the rest of the chunks. Search needs every chunk's metadata at start
 * (whatever fields a chunk carries) but a passage's text only once a result shows it: the bundle
 * ships the metadata in one file and the texts in files of whole fiches, read as results need
 * them. The split knows one field, `text`; every other field goes with the metadata as it is,
 * and so do the marks that search reads of a text before it is loaded (`textKinds`).
 */

/** A chunk as search needs it at start: every field but its text. */
export type ChunkMeta = Omit<Chunk, 'text'>;

/**
 * A text file: the texts of chunks [from, from + count) in bundle order, and the fingerprint of
 * the bundle it belongs to, so that a tab still on the previous bundle (an update just installed)
 * never pairs its passages with another bundle's texts.
 */
export interface TextsFile {
  fingerprint: string;
  texts: string[];
}

/** Where a text file's texts go. */
export interface TextShard {
  file: string;
  from: number;
  count: number;
}

/** chunk-meta.json */
export interface ChunkMetaFile {
  format: 'comptoir-chunk-meta';
  version: 1;
  /** corpusFingerprint of the chunks with their texts: the search index is checked against it. */
  fingerprint: string;
  chunks: ChunkMeta[];
  texts: TextShard[];
  /**
   * What passage ranking reads of each text (src/search/ranking/answerKinds.ts), worked out at
   * build time: mark → positions of the chunks whose text has it.
   */
  textKinds?: Record<string, number[]>;
}

/**
 * About this much text per file: a question's results (eight fiches) read a few files of a few
 * hundred KB, and the bundle stays at about a hundred files for the service worker to cache.
 */
export const SHARD_BYTES = 256 * 1024;

const shardName = (n: number) => `chunk-texts-${String(n).padStart(3, '0')}.json`;

/**
 * Cuts the chunks into their metadata and files of texts; a fiche's chunks stay in one file.
 * `kindsOf`: the marks search needs of a text before it is loaded.
 */
export function splitChunkTexts(
  chunks: readonly Chunk[], fingerprint: string, shardBytes = SHARD_BYTES, kindsOf?: (text: string) => readonly string[],
): { meta: ChunkMetaFile; files: [string, TextsFile][] } {
  const meta: ChunkMeta[] = [];
  const textKinds: Record<string, number[]> = {};
  const shards: TextShard[] = [];
  const files: [string, TextsFile][] = [];
  let texts: string[] = [];
  let bytes = 0;
  let from = 0;
  let previous = '';
  const close = (end: number) => {
    if (!texts.length) return;
    const file = shardName(shards.length);
    shards.push({ file, from, count: end - from });
    files.push([file, { fingerprint, texts }]);
    texts = [];
    bytes = 0;
    from = end;
  };
  chunks.forEach((chunk, i) => {
    const { text, ...rest } = chunk;
    const fiche = `${chunk.audience}/${chunk.ficheId}`;
    if (bytes >= shardBytes && fiche !== previous) close(i);
    previous = fiche;
    meta.push(rest);
    for (const kind of kindsOf?.(text) ?? []) (textKinds[kind] ??= []).push(i);
    texts.push(text);
    bytes += text.length;
  });
  close(chunks.length);
  const file: ChunkMetaFile = { format: 'comptoir-chunk-meta', version: 1, fingerprint, chunks: meta, texts: shards };
  if (kindsOf) file.textKinds = textKinds;
  return { meta: file, files };
}

/** Checks a chunk-meta.json read from a bundle. */
export function readChunkMeta(value: unknown): ChunkMetaFile {
  const meta = value as Partial<ChunkMetaFile> | undefined;
  if (meta?.format !== 'comptoir-chunk-meta' || meta.version !== 1 || !Array.isArray(meta.chunks) || !Array.isArray(meta.texts) || typeof meta.fingerprint !== 'string') {
    throw new AppError('corpus', 'bundle-format', { file: 'chunk-meta.json' });
  }
  const covered = meta.texts.reduce((n, s) => (s.from === n ? n + s.count : NaN), 0);
  if (covered !== meta.chunks.length) throw new AppError('corpus', 'bundle-format', { file: 'chunk-meta.json' });
  return meta as ChunkMetaFile;
}

/** The chunks of a chunk-meta.json, their texts empty until a loader fills them. */
export function chunksWithoutTexts(meta: ChunkMetaFile): Chunk[] {
  return meta.chunks.map((c) => ({ ...c, text: '' }));
}

/** Each chunk's text marks, from the metadata's lists (undefined when the bundle has none). */
export function chunkTextKinds(meta: ChunkMetaFile): string[][] | undefined {
  if (!meta.textKinds) return undefined;
  const kinds: string[][] = meta.chunks.map(() => []);
  for (const [kind, positions] of Object.entries(meta.textKinds)) for (const at of positions) kinds[at]?.push(kind);
  return kinds;
}

/** Puts a text file's texts into their chunks, checking the file is of this bundle and holds what the metadata says. */
export function fillTexts(chunks: Chunk[], shard: TextShard, file: unknown, fingerprint: string): void {
  const { fingerprint: of, texts } = (file ?? {}) as Partial<TextsFile>;
  if (of !== fingerprint || !Array.isArray(texts) || texts.length !== shard.count || texts.some((t) => typeof t !== 'string')) {
    throw new AppError('corpus', 'bundle-format', { file: shard.file });
  }
  for (let k = 0; k < shard.count; k++) chunks[shard.from + k]!.text = texts[k] as string;
}

/**
 * Reads the text files that chunks need, each at most once (a read under way is shared), and
 * writes the texts into the chunk objects themselves, so the engine's results carry them.
 */
export class ChunkTextLoader {
  private readonly reads: (Promise<void> | undefined)[];
  private positions?: Map<Chunk, number>;

  constructor(
    private readonly chunks: Chunk[],
    private readonly shards: readonly TextShard[],
    private readonly read: (file: string) => Promise<unknown>,
    private readonly fingerprint: string,
  ) {
    this.reads = shards.map(() => undefined);
  }

  /** Text files read so far, out of `files`. */
  get loaded(): number {
    return this.reads.filter(Boolean).length;
  }

  get files(): number {
    return this.shards.length;
  }

  /** Loads the texts of these chunks (objects of this corpus). */
  async ensure(chunks: Iterable<Chunk>): Promise<void> {
    this.positions ??= new Map(this.chunks.map((c, i) => [c, i]));
    const needed = new Set<number>();
    for (const c of chunks) {
      const at = this.positions.get(c);
      if (at !== undefined) needed.add(this.shardOf(at));
    }
    await Promise.all([...needed].map((s) => this.load(s)));
  }

  /** Every text (embedding the whole corpus, rebuilding its index). */
  async ensureAll(): Promise<void> {
    await Promise.all(this.shards.map((_, s) => this.load(s)));
  }

  private load(s: number): Promise<void> {
    const shard = this.shards[s]!;
    let read = this.reads[s];
    if (!read) {
      read = this.read(shard.file).then((file) => fillTexts(this.chunks, shard, file, this.fingerprint));
      // A failed read (offline with nothing cached) is tried again by the next search.
      read.catch(() => (this.reads[s] = undefined));
      this.reads[s] = read;
    }
    return read;
  }

  private shardOf(at: number): number {
    let lo = 0;
    let hi = this.shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.shards[mid]!.from <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
