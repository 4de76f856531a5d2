import type { Chunk } from '../corpus/chunk';
import type { CorpusData, FicheMeta } from '../corpus/corpusData';
import { announceCorpusChange } from '../corpus/corpusChannel';
import { AppError, toFailure } from '../errors/appFailure';
import type { ComptoirDb, CorpusPart, StoredCorpus } from './db';
import { clearSetting, readSetting, writeSetting } from '../settings/storedSettings';

/** The previous corpus is the embedded bundle (`previousCorpus` holds an imported id or this). */
const EMBEDDED = 'embedded';

/** What « Revenir au corpus précédent » would bring back. */
export type PreviousCorpus = { kind: 'embedded' } | { kind: 'imported'; manifest: CorpusData['manifest'] };

/**
 * A record holds at most about this much. Chromium refuses a single IndexedDB value
 * above ~127 MiB, and the three-audience corpus alone serialises to ~80 MiB.
 */
export const PART_BYTES = 4 << 20;

type PartKind = CorpusPart['kind'];

/**
 * Installs an imported corpus in one IndexedDB transaction: its parts are written, it is made
 * active, the one it replaces is kept as the previous corpus (one click brings it back) and the
 * one kept before that is deleted, together, or (quota, crash, closed tab) nothing changes.
 * Other tabs are told once it is committed. A full disk becomes a `storage/quota` failure saying
 * how much the browser refused to write. Not what `navigator.storage.estimate()` claims is free:
 * it reports the origin's theoretical quota, which can read 10 GB free beside a write of 72 MB
 * the browser just refused.
 */
export async function installCorpus(db: ComptoirDb, corpus: CorpusData): Promise<string> {
  const id = `corpus-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const parts = corpusParts(id, corpus);
  try {
    await db.transaction('rw', db.corpora, db.corpusParts, db.settings, async () => {
      const active = await readSetting(db, 'activeCorpus');
      await db.corpora.add({ id, manifest: corpus.manifest, parts: parts.length });
      await db.corpusParts.bulkAdd(parts);
      await keepAsPrevious(db, active);
      await writeSetting(db, 'activeCorpus', id);
    });
  } catch (err) {
    if (toFailure(err, 'storage').code !== 'quota') throw err;
    const neededBytes = parts.reduce((n, p) => n + p.bytes, 0);
    throw new AppError('storage', 'quota', { neededBytes }, String((err as Error)?.message ?? err));
  }
  announceCorpusChange(id);
  return id;
}

/** The imported corpus in use and its id, or undefined when the app runs on its embedded bundle. */
export async function activeCorpus(db: ComptoirDb): Promise<{ id: string; corpus: CorpusData } | undefined> {
  return db.transaction('r', db.corpora, db.corpusParts, db.settings, async () => {
    const id = await readSetting(db, 'activeCorpus');
    if (!id) return undefined;
    const stored = await db.corpora.get(id);
    if (!stored) return undefined;
    if (stored.parts === undefined) return { id, corpus: legacy(stored) };
    const parts = await db.corpusParts.where('corpusId').equals(id).toArray();
    if (parts.length !== stored.parts) return undefined;
    return { id, corpus: assemble(stored.manifest, parts) };
  });
}

/** Back to the embedded bundle; the imported corpus in use is kept as the previous one. */
export async function useEmbeddedCorpus(db: ComptoirDb): Promise<void> {
  await db.transaction('rw', db.corpora, db.corpusParts, db.settings, async () => {
    const active = await readSetting(db, 'activeCorpus');
    if (!active) return;
    await keepAsPrevious(db, active);
    await clearSetting(db, 'activeCorpus');
  });
  announceCorpusChange(undefined);
}

/** « Revenir au corpus précédent »: the previous corpus and the one in use swap places. */
export async function restorePreviousCorpus(db: ComptoirDb): Promise<string | undefined> {
  const id = await db.transaction('rw', db.corpora, db.corpusParts, db.settings, async () => {
    const previous = await readSetting(db, 'previousCorpus');
    if (!previous || (previous !== EMBEDDED && !(await db.corpora.get(previous)))) return null;
    const active = await readSetting(db, 'activeCorpus');
    await writeSetting(db, 'previousCorpus', active ?? EMBEDDED);
    if (previous === EMBEDDED) {
      await clearSetting(db, 'activeCorpus');
      return undefined;
    }
    await writeSetting(db, 'activeCorpus', previous);
    return previous;
  });
  if (id === null) return undefined;
  announceCorpusChange(id);
  return id;
}

/** The corpus « Revenir au corpus précédent » would bring back, if any. */
export async function previousCorpus(db: ComptoirDb): Promise<PreviousCorpus | undefined> {
  return db.transaction('r', db.corpora, db.settings, async () => {
    const previous = await readSetting(db, 'previousCorpus');
    if (previous === EMBEDDED) return (await readSetting(db, 'activeCorpus')) ? { kind: 'embedded' as const } : undefined;
    const stored = previous ? await db.corpora.get(previous) : undefined;
    return stored ? { kind: 'imported' as const, manifest: stored.manifest } : undefined;
  });
}

/** `active` (an imported id, or null for the embedded bundle) becomes the previous corpus; the older one goes. */
async function keepAsPrevious(db: ComptoirDb, active: string | null): Promise<void> {
  const older = await readSetting(db, 'previousCorpus');
  if (older && older !== EMBEDDED && older !== active) await dropCorpus(db, older);
  await writeSetting(db, 'previousCorpus', active ?? EMBEDDED);
}

async function dropCorpus(db: ComptoirDb, id: string): Promise<void> {
  await db.corpora.delete(id);
  await db.corpusParts.where('corpusId').equals(id).delete();
}

/** A corpus cut into records of at most ~PART_BYTES: lists by estimated size, binaries by slice. */
export function corpusParts(corpusId: string, corpus: CorpusData): CorpusPart[] {
  const parts: CorpusPart[] = [];
  const list = <T>(kind: 'fiches' | 'chunks', items: T[], size: (item: T) => number) => {
    let n = 0;
    let start = 0;
    let bytes = 0;
    for (let i = 0; i <= items.length; i++) {
      const more = i < items.length ? size(items[i]!) : 0;
      if (i === items.length || (i > start && bytes + more > PART_BYTES)) {
        if (i > start) parts.push({ corpusId, kind, n: n++, items: items.slice(start, i), bytes });
        start = i;
        bytes = 0;
      }
      bytes += more;
    }
  };
  list('fiches', corpus.fiches, (f) => JSON.stringify(f).length * 2);
  list('chunks', corpus.chunks, (c) => (c.text.length + c.path.join('').length + c.id.length * 2 + c.url.length) * 2 + 64);
  for (const kind of ['searchIndex', 'semantics'] as const) {
    const bytes = corpus[kind];
    if (!bytes) continue;
    // slice, not subarray: a view would clone its whole buffer into every record.
    for (let at = 0, n = 0; at < bytes.length; at += PART_BYTES) {
      const data = bytes.slice(at, Math.min(bytes.length, at + PART_BYTES));
      parts.push({ corpusId, kind, n: n++, data, bytes: data.length });
    }
  }
  return parts;
}

function assemble(manifest: CorpusData['manifest'], parts: CorpusPart[]): CorpusData {
  const of = (kind: PartKind) => parts.filter((p) => p.kind === kind).sort((a, b) => a.n - b.n);
  const binary = (kind: PartKind) => {
    const pieces = of(kind).map((p) => p.data!);
    if (!pieces.length) return undefined;
    const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return {
    manifest,
    fiches: of('fiches').flatMap((p) => p.items as FicheMeta[]),
    chunks: of('chunks').flatMap((p) => p.items as Chunk[]),
    searchIndex: binary('searchIndex'),
    semantics: binary('semantics'),
  };
}

/** A corpus stored by an earlier version, in one record. */
function legacy(stored: StoredCorpus): CorpusData {
  return { manifest: stored.manifest, fiches: stored.fiches ?? [], chunks: stored.chunks ?? [], searchIndex: stored.searchIndex, semantics: stored.semantics };
}
