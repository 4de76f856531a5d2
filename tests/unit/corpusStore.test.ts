import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { activeCorpus, installCorpus, PART_BYTES, previousCorpus, restorePreviousCorpus, useEmbeddedCorpus } from '../../src/storage/corpusStore';
import { onCorpusChange, type CorpusChange } from '../../src/corpus/corpusChannel';
import type { CorpusData } from '../../src/corpus/corpusData';
import { AppError } from '../../src/errors/appFailure';
import { ComptoirDb } from '../../src/storage/db';
import { failureText } from '../../src/errors/failureText';

function corpus(label: string, chunks = 1, textBytes = 0): CorpusData {
  const text = textBytes ? 'x'.repeat(textBytes) : label;
  return {
    manifest: {
      format: 'comptoir-corpus', version: 1, source: { kind: 'dila-zip', label }, dataDate: '2026-11-01', builtAt: '2026-11-28T00:00:00Z',
      audiences: ['particuliers'],
      counts: { fiches: 1, answer: 1, navigation: 0, empty: 0, chunks, byType: {}, byAudience: {}, services: 0, rejected: 0 },
    },
    fiches: [{ id: 'F1', title: label } as unknown as CorpusData['fiches'][number]],
    chunks: Array.from({ length: chunks }, (_, i) => ({ id: `F1#${i}`, ficheId: 'F1', audience: 'particuliers', url: '', path: ['T'], text, tokens: 1 })),
  };
}

const newDb = () => new ComptoirDb(`t-${Math.random()}`);

describe('corpus store (IndexedDB)', () => {
  it('installs and replaces an imported corpus, keeping only the one it replaced', async () => {
    const db = newDb();
    expect(await activeCorpus(db)).toBeUndefined();
    expect(await previousCorpus(db)).toBeUndefined();
    const first = await installCorpus(db, corpus('premier'));
    expect((await activeCorpus(db))?.corpus.manifest.source.label).toBe('premier');
    expect(await previousCorpus(db)).toEqual({ kind: 'embedded' });
    await installCorpus(db, corpus('second', 3));
    const active = await activeCorpus(db);
    expect(active?.corpus.manifest.source.label).toBe('second');
    expect(active?.corpus.chunks).toHaveLength(3);
    expect((await previousCorpus(db)) as { manifest: { source: { label: string } } }).toMatchObject({ kind: 'imported', manifest: { source: { label: 'premier' } } });
    await installCorpus(db, corpus('troisième'));
    // Two corpora at most: the one in use and the one before it.
    expect(await db.corpora.count()).toBe(2);
    expect(await db.corpora.get(first)).toBeUndefined();
    expect(await db.corpusParts.where('corpusId').equals(first).count()).toBe(0);
  });

  it('one click brings the previous corpus back, an imported one included, and back again', async () => {
    const db = newDb();
    await installCorpus(db, corpus('officiel', 5));
    await installCorpus(db, corpus('mauvais'));
    await restorePreviousCorpus(db);
    expect((await activeCorpus(db))?.corpus.manifest.source.label).toBe('officiel');
    expect((await activeCorpus(db))?.corpus.chunks).toHaveLength(5);
    expect(await previousCorpus(db)).toMatchObject({ kind: 'imported', manifest: { source: { label: 'mauvais' } } });
    await restorePreviousCorpus(db);
    expect((await activeCorpus(db))?.corpus.manifest.source.label).toBe('mauvais');
  });

  it('back to the embedded data keeps the imported corpus for one-click return', async () => {
    const db = newDb();
    await installCorpus(db, corpus('officiel'));
    await useEmbeddedCorpus(db);
    expect(await activeCorpus(db)).toBeUndefined();
    expect(await previousCorpus(db)).toMatchObject({ kind: 'imported', manifest: { source: { label: 'officiel' } } });
    await restorePreviousCorpus(db);
    expect((await activeCorpus(db))?.corpus.manifest.source.label).toBe('officiel');
    expect(await previousCorpus(db)).toEqual({ kind: 'embedded' });
    await restorePreviousCorpus(db);
    expect(await activeCorpus(db)).toBeUndefined();
  });

  it('keeps the installed corpus when writing the new one fails', async () => {
    const db = newDb();
    await installCorpus(db, corpus('installé'));
    // A value IndexedDB cannot store (a function) makes the write fail mid-transaction,
    // as a quota error would.
    const broken = corpus('cassé', 5000);
    (broken.chunks[4999] as unknown as { oops: unknown }).oops = () => 1;
    await expect(installCorpus(db, broken)).rejects.toThrow();
    expect((await activeCorpus(db))?.corpus.manifest.source.label).toBe('installé');
    expect(await db.corpora.count()).toBe(1);
  });

  it('stores a large corpus in bounded records, not one value over Chromium’s ~127 MiB cap', async () => {
    const db = newDb();
    // 24 MB of passage text plus 10 MB of index: the old single record would be ~70 MB serialised.
    const big = corpus('gros', 6000, 2000);
    big.searchIndex = new Uint8Array(10 << 20);
    for (let i = 0; i < big.searchIndex.length; i++) big.searchIndex[i] = i % 251;
    await installCorpus(db, big);
    const records = [...(await db.corpora.toArray()), ...(await db.corpusParts.toArray())];
    expect(records.length).toBeGreaterThan(5);
    for (const record of records) expect(serialize(record).length).toBeLessThan(2 * PART_BYTES);
    const back = (await activeCorpus(db))!.corpus;
    expect(back.chunks).toHaveLength(6000);
    expect(back.chunks[5999]).toEqual(big.chunks[5999]);
    expect(Buffer.from(back.searchIndex!).equals(Buffer.from(big.searchIndex))).toBe(true);
  });

  it('reads a corpus stored in one record by the previous version', async () => {
    const db = newDb();
    const old = corpus('ancien', 2);
    await db.corpora.add({ id: 'corpus-ancien', ...old });
    await db.settings.put({ key: 'activeCorpus', value: 'corpus-ancien' });
    expect((await activeCorpus(db))?.corpus.chunks).toHaveLength(2);
  });

  it('a full disk says, from the failure itself, what the browser refused to write, in French, corpus kept', async () => {
    const db = newDb();
    await installCorpus(db, corpus('installé'));
    db.corpusParts.hook('creating', () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    });
    // The audit's case: estimate() claims 10 GB free while the browser refuses a few megabytes.
    const nav = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { storage: { estimate: async () => ({ quota: 10_240 << 20, usage: 0 }) } } });
    const error = await installCorpus(db, corpus('nouveau', 3000, 1000)).catch((e: unknown) => e).finally(() => {
      if (nav) Object.defineProperty(globalThis, 'navigator', nav);
      else delete (globalThis as { navigator?: unknown }).navigator;
    });
    expect(error).toBeInstanceOf(AppError);
    const failure = (error as AppError).failure;
    expect(failure).toMatchObject({ layer: 'storage', code: 'quota' });
    expect(Number((failure.details as { neededBytes?: number }).neededBytes)).toBeGreaterThan(5 << 20);
    const text = failureText(failure);
    expect(text).toMatch(/^Espace de stockage insuffisant : le navigateur a refusé d’enregistrer \d+ Mo de fiches sur ce poste .* Le corpus installé est conservé\.$/);
    expect(text).not.toMatch(/disponible|10 240/);
    expect((await activeCorpus(db))?.corpus.manifest.source.label).toBe('installé');
  });

  it('tells the other tabs when the corpus changes', async () => {
    const db = newDb();
    const seen: CorpusChange[] = [];
    const stop = onCorpusChange((c) => seen.push(c));
    const id = await installCorpus(db, corpus('annoncé'));
    await useEmbeddedCorpus(db);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual([{ type: 'corpus-changed', id }, { type: 'corpus-changed', id: undefined }]);
    stop();
  });
});
