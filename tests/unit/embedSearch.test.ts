import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { setPath } from '../../scripts/lib/setManifest';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { CorpusEmbeddingJob, embeddingKey, type EmbeddingProgress } from '../../src/embed/corpusEmbedding';
import { dexieSliceStore } from '../../src/storage/dexieSliceStore';
import { NeuralSearch } from '../../src/embed/neuralSearch';
import { embedAll } from '../../src/embed/embedChunks';
import { Embedder } from '../../src/embed/embedder';
import { readEmbedderFolder } from '../../src/embed/node/embedderFolder';
import { readEmbeddings, writeEmbeddings } from '../../src/search/index/embeddingFile';
import { LatentSemantics } from '../../src/search/index/latentSemantics';
import { loadSearchEngine } from '../../src/search/loadSearchEngine';
import { corpusFingerprint, SearchEngine } from '../../src/search/searchEngine';
import { ComptoirDb } from '../../src/storage/db';
import { MINI_SEMANTICS } from '../../scripts/embed-fixtures';
import { miniCorpus } from '../helpers/miniCorpus';

ort.env.wasm.numThreads = 1;
const corpus = miniCorpus();
const open = () => Embedder.create(ort, readEmbedderFolder(join('tests/fixtures/embed', 'static-mini')));

describe('neural vectors in the bundle', () => {
  it('round-trip with the model and corpus named, and refuse other chunks, another model or another file', async () => {
    const e = await open();
    const store = await embedAll(e, corpus.chunks, 8);
    const fp = corpusFingerprint(corpus.chunks);
    const bytes = writeEmbeddings({ model: 'static-mini', sha256: 'a'.repeat(64), corpus: fp }, store);
    const back = readEmbeddings(bytes, { corpus: fp, model: 'static-mini', sha256: 'a'.repeat(64) });
    expect(back.meta).toMatchObject({ model: 'static-mini', dims: 8, count: corpus.chunks.length });
    expect(back.store.topK(new Float32Array(8).fill(1), 3)).toEqual(store.topK(new Float32Array(8).fill(1), 3));
    expect(() => readEmbeddings(bytes, { corpus: '1:x' })).toThrow(/embed\/vectors-mismatch: corpus/);
    expect(() => readEmbeddings(bytes, { corpus: fp, model: 'multilingual-e5-small' })).toThrow(/embed\/vectors-mismatch: model .* ≠ multilingual-e5-small/);
    expect(() => readEmbeddings(bytes, { corpus: fp, sha256: 'b'.repeat(64) })).toThrow(/embed\/vectors-mismatch: sha256/);
    expect(() => readEmbeddings(bytes.subarray(0, bytes.length - 5), { corpus: fp })).toThrow(/embed\/vectors-format: truncated/);
  });

  it('loadSearchEngine attaches matching vectors, ignores those of another model, and search answers either way', async () => {
    const e = await open();
    const engine = SearchEngine.build(corpus);
    const semantics = LatentSemantics.build(engine.index, MINI_SEMANTICS).serialize();
    const store = await embedAll(e, corpus.chunks, 8);
    const embeddings = writeEmbeddings({ model: 'static-mini', sha256: 'a'.repeat(64), corpus: corpusFingerprint(corpus.chunks) }, store);
    const manifest = (sha: string) => ({ embedding: { model: 'static-mini', sha256: sha, dims: 8 } }) as never;
    const ok = loadSearchEngine({ ...corpus, manifest: manifest('a'.repeat(64)), semantics, embeddings });
    expect(ok.embedding?.model).toBe('static-mini');
    const [qv] = await e.embed(['carte perdue mairie'], 'query');
    expect(ok.engine.search('carte perdue mairie', { queryVector: qv }).hits[0]!.fiche.id).toBe('P1');
    const other = loadSearchEngine({ ...corpus, manifest: manifest('c'.repeat(64)), semantics, embeddings });
    expect(other.embedding).toBeUndefined();
    // The embedder failed or is still loading: no query vector, the corpus vectors serve.
    const r = other.engine.search('carte perdue mairie');
    expect(r.mode).toBe('hybrid');
    expect(r.hits[0]!.fiche.id).toBe('P1');
  });
});

describe('background embedding of the corpus (Dexie, resumable)', () => {
  it('persists finished slices, pauses, resumes after a "reload", and hands over complete vectors only', async () => {
    const db = new ComptoirDb(`embed-${Math.random()}`);
    const e = await open();
    const key = embeddingKey('static-mini', 'a'.repeat(64), corpusFingerprint(corpus.chunks));
    const seen: EmbeddingProgress[] = [];
    let calls = 0;
    const counting = { embed: (t: readonly string[], k: 'passage') => { calls++; return e.embed(t, k); } };
    // First session: pause after the first slice, then stop (the tab is closed).
    let pausedNow: () => void = () => {};
    const paused = new Promise<void>((r) => (pausedNow = r));
    const first = new CorpusEmbeddingJob(key, corpus.chunks, 8, counting, dexieSliceStore(db), (p) => {
      seen.push(p);
      if (p.state === 'running' && p.done === 5) first.pause();
      if (p.state === 'paused') pausedNow();
    }, 5);
    const pending = first.run();
    await paused;
    await new Promise((r) => setTimeout(r, 50));
    expect(first.isPaused).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'paused', done: 5, total: 12 });
    first.stop();
    expect(await pending).toBeUndefined();
    expect(await db.embeddingSlices.count()).toBe(1);
    // Slices of another model are dropped, never mixed.
    await db.embeddingSlices.put({ key: 'other@x|y', start: 0, i8: new Int8Array(8), scales: new Float32Array(1) });
    // Second session: resumes at chunk 5.
    calls = 0;
    const second = new CorpusEmbeddingJob(key, corpus.chunks, 8, counting, dexieSliceStore(db), (p) => seen.push(p), 5);
    const store = await second.run();
    expect(calls).toBe(2);
    expect(seen.at(-1)).toMatchObject({ state: 'complete', done: 12 });
    expect(await db.embeddingSlices.where('key').notEqual(key).count()).toBe(0);
    const whole = await embedAll(e, corpus.chunks, 8);
    expect(store!.topK(new Float32Array(8).fill(0.3), 12)).toEqual(whole.topK(new Float32Array(8).fill(0.3), 12));
    db.close();
  });
});

describe('NeuralSearch (the search worker side)', () => {
  it('serves no query vector until the corpus is embedded, then the model\'s; falls back when the embedder fails', async () => {
    const db = new ComptoirDb(`neural-${Math.random()}`);
    const e = await open();
    const engine = SearchEngine.build(corpus);
    engine.attachSemantics(LatentSemantics.build(engine.index, MINI_SEMANTICS));
    let fail = false;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const remote = {
      embed: async (texts: string[], kind: 'query' | 'passage') => {
        if (kind === 'passage') await gate;
        if (fail) throw new Error('embed/run-failed: boom');
        return e.embed(texts, kind);
      },
    };
    let complete: () => void = () => {};
    const done = new Promise<void>((r) => (complete = r));
    const neural = new NeuralSearch(engine, corpus.chunks, undefined, { id: 'static-mini', sha256: 'a'.repeat(64), dims: 8 }, remote, dexieSliceStore(db), (p) => {
      if (p.state === 'complete') complete();
    });
    // Still embedding the corpus: the search does not wait, the corpus vectors answer.
    expect(await neural.queryVector('carte perdue')).toBeUndefined();
    expect(engine.search('carte perdue').mode).toBe('hybrid');
    release();
    await done;
    await new Promise((r) => setTimeout(r, 10));
    const v = await neural.queryVector('carte perdue');
    expect(v?.length).toBe(8);
    expect(engine.search('carte perdue', { queryVector: v }).hits[0]!.fiche.id).toBe('P1');
    fail = true;
    expect(await neural.queryVector('autre question')).toBeUndefined();
    expect(neural.lastError).toMatch(/run-failed/);
    // Bundled vectors of this very model: usable at once, nothing to embed.
    const bundled = new NeuralSearch(engine, corpus.chunks, { model: 'static-mini', sha256: 'a'.repeat(64), dims: 8, count: 12, corpus: '' }, { id: 'static-mini', sha256: 'a'.repeat(64), dims: 8 }, remote, dexieSliceStore(db), () => {});
    expect(bundled.usable).toBe(true);
    db.close();
  });
});

describe('the corpus-learnt model of the real bundle', () => {
  it('gives every dev question the vector the engine computes today', async () => {
    const { staticModelFolder, tableFromSemantics } = await import('../../src/embed/node/staticModel');
    const { loadEngine } = await import('../../src/search/node/loadEngine');
    const { queryTerms, vectorTerms } = await import('../../src/search/analysis/queryTerms');
    const { parseQuestions } = await import('../../src/search/evaluation/evaluate');
    const engine = loadEngine('public/corpus', { lexical: true });
    const semantics = LatentSemantics.load(engine.index, new Uint8Array(readFileSync('public/corpus/semantic-vectors.bin')));
    const files = staticModelFolder(tableFromSemantics(engine.index, semantics));
    const dec = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
    const e = await Embedder.create(ort, { config: dec(files['embedder.json']), model: files['model.onnx'], tokenizer: dec(files['tokenizer.json']), tokenizerConfig: dec(files['tokenizer_config.json']) });
    const questions = parseQuestions(readFileSync(setPath('dev'), 'utf8')).map((q) => q.question);
    const got = await e.embed(questions, 'query');
    let compared = 0;
    const cosine = (x: Float32Array, y: Float32Array) => {
      let d = 0, a = 0, b = 0;
      for (let j = 0; j < x.length; j++) { d += x[j]! * y[j]!; a += x[j]! ** 2; b += y[j]! ** 2; }
      return d / Math.sqrt(a * b);
    };
    let repeated = 0;
    questions.forEach((q, i) => {
      const terms = vectorTerms(queryTerms(q));
      const ref = semantics.embed(terms);
      if (!ref) return;
      compared++;
      if (terms.every((t) => t.weight === (t.kind === 'query' ? 1 : 0.5))) {
        expect(cosine(ref, got[i]!)).toBeGreaterThan(0.9999);
      } else {
        // A repeated word: the graph's (1 + ln tf) against the engine's linear boost.
        repeated++;
        const unboosted = semantics.embed(terms.map((t) => ({ ...t, weight: t.kind === 'query' ? 1 : 0.5 })))!;
        expect(cosine(ref, got[i]!)).toBeGreaterThan(0.99);
        expect(cosine(ref, got[i]!)).toBeGreaterThan(cosine(ref, unboosted));
      }
    });
    expect(repeated).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(questions.length * 0.9);
  });
});
