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

/** The chunks' metadata as search reads it (chunk-meta.json once unpacked). */
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
 * chunk-meta.json as written. Every tab reads it whole at start, and a fiche's chunks repeat its
 * id, audience and address, and their section titles repeat from chunk to chunk (38,500 chunks,
 * 17,800 distinct titles): written once each in tables, the file is under a third of the
 * chunk-by-chunk JSON — less to download on a slow line, to parse and to hold in every tab.
 * A chunk is [its fiche in `fiches`, its path as positions in `titles`, every other field as it
 * is]; its id is left out when it is the fiche's id and its rank in the fiche (`F1#0`, `F1#1`…).
 */
export interface PackedChunkMeta {
  format: 'comptoir-chunk-meta';
  version: 2;
  fingerprint: string;
  /** [ficheId, audience, url] */
  fiches: [string, ChunkMeta['audience'], string][];
  titles: string[];
  chunks: [number, number[], Record<string, unknown>][];
  texts: TextShard[];
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

/** chunk-meta.json as the bundle writes it: the same metadata with its repeats in tables. */
export function packChunkMeta(meta: ChunkMetaFile): PackedChunkMeta {
  const fiches: PackedChunkMeta['fiches'] = [];
  const ficheAt = new Map<string, number>();
  const titles: string[] = [];
  const titleAt = new Map<string, number>();
  const rank = new Map<number, number>();
  const chunks = meta.chunks.map((chunk): PackedChunkMeta['chunks'][number] => {
    const { id, ficheId, audience, url, path, ...rest } = chunk;
    const key = JSON.stringify([ficheId, audience, url]);
    let fiche = ficheAt.get(key);
    if (fiche === undefined) ficheAt.set(key, (fiche = fiches.push([ficheId, audience, url]) - 1));
    const n = rank.get(fiche) ?? 0;
    rank.set(fiche, n + 1);
    const titled = path.map((title) => {
      let at = titleAt.get(title);
      if (at === undefined) titleAt.set(title, (at = titles.push(title) - 1));
      return at;
    });
    return [fiche, titled, id === `${ficheId}#${n}` ? rest : { id, ...rest }];
  });
  const packed: PackedChunkMeta = { format: meta.format, version: 2, fingerprint: meta.fingerprint, fiches, titles, chunks, texts: meta.texts };
  if (meta.textKinds) packed.textKinds = meta.textKinds;
  return packed;
}

const formatError = () => new AppError('corpus', 'bundle-format', { file: 'chunk-meta.json' });

/** The metadata of a packed chunk-meta.json, chunk by chunk. */
function unpackChunkMeta(packed: Partial<PackedChunkMeta>): ChunkMetaFile {
  const { fiches, titles, chunks } = packed;
  if (!Array.isArray(fiches) || !Array.isArray(titles) || !Array.isArray(chunks)) throw formatError();
  const rank = new Uint32Array(fiches.length);
  const unpacked = chunks.map((row): ChunkMeta => {
    const [at, path, rest] = Array.isArray(row) ? row : [];
    const fiche = typeof at === 'number' ? fiches[at] : undefined;
    if (!fiche || !Array.isArray(path) || typeof rest !== 'object' || rest === null) throw formatError();
    const [ficheId, audience, url] = fiche;
    const titled = path.map((k) => titles[k]);
    if (titled.some((t) => typeof t !== 'string')) throw formatError();
    return { id: `${ficheId}#${rank[at!]!++}`, ficheId, audience, url, path: titled as string[], ...(rest as Partial<ChunkMeta>) } as ChunkMeta;
  });
  const meta: ChunkMetaFile = { format: 'comptoir-chunk-meta', version: 1, fingerprint: packed.fingerprint!, chunks: unpacked, texts: packed.texts! };
  if (packed.textKinds) meta.textKinds = packed.textKinds;
  return meta;
}

/** Checks a chunk-meta.json read from a bundle (packed, or chunk by chunk as older builds wrote it). */
export function readChunkMeta(value: unknown): ChunkMetaFile {
  const read = value as Partial<ChunkMetaFile> | Partial<PackedChunkMeta> | undefined;
  if (read?.format !== 'comptoir-chunk-meta' || !Array.isArray(read.texts) || typeof read.fingerprint !== 'string') throw formatError();
  const meta = read.version === 2 ? unpackChunkMeta(read) : read.version === 1 && Array.isArray(read.chunks) ? (read as ChunkMetaFile) : undefined;
  if (!meta) throw formatError();
  const covered = meta.texts.reduce((n, s) => (s.from === n ? n + s.count : NaN), 0);
  if (covered !== meta.chunks.length) throw formatError();
  return meta;
}

/**
 * The chunks of a chunk-meta.json, their texts empty until a loader fills them: the metadata's
 * own chunk objects, given a text in place. The metadata is read for this once, at a tab's start,
 * where copying 38,500 objects took 40–90 ms.
 */
export function chunksWithoutTexts(meta: ChunkMetaFile): Chunk[] {
  const chunks = meta.chunks as Chunk[];
  for (const chunk of chunks) chunk.text = '';
  return chunks;
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
