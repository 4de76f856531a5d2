import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { activeCorpus, installCorpus, removeImportedCorpus } from '../../src/corpus/corpusStore';
import type { CorpusData } from '../../src/corpus/corpusData';
import { ComptoirDb } from '../../src/storage/db';

function corpus(label: string, chunks = 1): CorpusData {
  return {
    manifest: {
      format: 'comptoir-corpus', version: 1, source: { kind: 'dila-zip', label }, dataDate: '2026-11-01', builtAt: '2026-11-28T00:00:00Z',
      audiences: ['particuliers'],
      counts: { fiches: 1, answer: 1, navigation: 0, empty: 0, chunks, byType: {}, byAudience: {}, services: 0, rejected: 0 },
    },
    fiches: [],
    chunks: Array.from({ length: chunks }, (_, i) => ({ id: `F1#${i}`, ficheId: 'F1', audience: 'particuliers', url: '', path: ['T'], text: label, tokens: 1 })),
  };
}

describe('corpus store (IndexedDB)', () => {
  it('installs, replaces and removes an imported corpus', async () => {
    const db = new ComptoirDb(`t-${Math.random()}`);
    expect(await activeCorpus(db)).toBeUndefined();
    await installCorpus(db, corpus('premier'));
    expect((await activeCorpus(db))?.manifest.source.label).toBe('premier');
    await installCorpus(db, corpus('second', 3));
    const active = await activeCorpus(db);
    expect(active?.manifest.source.label).toBe('second');
    expect(active?.chunks).toHaveLength(3);
    expect(await db.corpora.count()).toBe(1);
    await removeImportedCorpus(db);
    expect(await activeCorpus(db)).toBeUndefined();
    expect(await db.corpora.count()).toBe(0);
  });

  it('keeps the installed corpus when writing the new one fails', async () => {
    const db = new ComptoirDb(`t-${Math.random()}`);
    await installCorpus(db, corpus('installé'));
    // A value IndexedDB cannot store (a function) makes the write fail mid-transaction,
    // as a quota error would.
    const broken = corpus('cassé') as CorpusData & { oops?: unknown };
    broken.oops = () => 1;
    await expect(installCorpus(db, broken)).rejects.toThrow();
    expect((await activeCorpus(db))?.manifest.source.label).toBe('installé');
    expect(await db.corpora.count()).toBe(1);
  });
});
