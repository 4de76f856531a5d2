import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { padBatch, planBatches } from '../../src/embed/batching';
import { Embedder } from '../../src/embed/embedder';
import { AppError, toFailure } from '../../src/errors/appFailure';
import { failureText } from '../../src/errors/failureText';

const embedFailure = (err: unknown) => toFailure(err, 'embed');
import { fetchEmbedderFiles } from '../../src/embed/fetchEmbedderFiles';
import { randomEncoderWeights } from '../../scripts/lib/encoderModel';
import { readEmbedderFolder } from '../../src/embed/node/embedderFolder';
import { l2Normalize, pool } from '../../src/embed/pooling';
import { QueryCache } from '../../src/embed/queryCache';
import { LatentSemantics } from '../../src/search/index/latentSemantics';
import { queryTerms, vectorTerms } from '../../src/search/analysis/queryTerms';
import { SearchEngine } from '../../src/search/searchEngine';
import { VectorStore } from '../../src/search/index/vectorStore';
import { MINI_SEMANTICS, TINY_SEED, TINY_SHAPE } from '../../scripts/embed-fixtures';
import { miniCorpus } from '../helpers/miniCorpus';
import { referenceEmbedding } from '../helpers/referenceEncoder';
import { passageText } from '../../src/embed/passageText';

ort.env.wasm.numThreads = 1;
const FIX = 'tests/fixtures/embed';
const open = (dir: string) => Embedder.create(ort, readEmbedderFolder(join(FIX, dir)));
const cos = (a: Float32Array, b: Float32Array) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
  return d / Math.sqrt(na * nb);
};
const maxDiff = (a: Float32Array, b: Float32Array) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
const TEXTS = [
  'Perte de la carte d’identité\nEn cas de perte, faites une déclaration en mairie.',
  'ma fille a perdu son passeport',
  'Le salarié licencié perçoit une allocation chômage versée par France Travail après son contrat de travail.',
  'loyer',
];

describe('pooling, normalisation, batching', () => {
  it('mean pooling ignores padded positions; cls takes the first token', () => {
    // batch 2, seq 3, dim 2; second input has one padded position holding junk.
    const states = new Float32Array([1, 2, 3, 4, 5, 6, /* b1 */ 2, 0, 4, 0, 999, 999]);
    const mask = [1, 1, 1, 1, 1, 0];
    const [a, b] = pool(states, mask, 2, 3, 2, 'mean');
    expect(Array.from(a!)).toEqual([3, 4]);
    expect(Array.from(b!)).toEqual([3, 0]);
    expect(Array.from(pool(states, mask, 2, 3, 2, 'cls')[1]!)).toEqual([2, 0]);
    expect(Math.hypot(...l2Normalize(new Float32Array([3, 4])))).toBeCloseTo(1, 6);
  });

  it('batches by length within a token budget and pads with the pad id', () => {
    const inputs = [{ ids: [1, 2, 3, 4, 5] }, { ids: [1] }, { ids: [1, 2] }, { ids: [1, 2, 3, 4, 5, 6] }];
    const batches = planBatches(inputs, 2, 100);
    expect(batches).toEqual([[1, 2], [0, 3]]);
    expect(planBatches(inputs, 8, 10).every((b) => b.length * Math.max(...b.map((i) => inputs[i]!.ids.length)) <= 10 || b.length === 1)).toBe(true);
    const { ids, mask, seq } = padBatch([inputs[1]!, inputs[2]!], 9);
    expect(seq).toBe(2);
    expect(Array.from(ids, Number)).toEqual([1, 9, 1, 2]);
    expect(Array.from(mask, Number)).toEqual([1, 0, 1, 1]);
  });

  it('never pads a batch by more than its padding share: unlike lengths run apart', () => {
    // Real token counts of 24 chunks spread over the corpus (e5-small tokenizer): with the token
    // budget alone they made one batch padded to 274 tokens, 1.6 times their real tokens.
    const lengths = [31, 38, 59, 72, 82, 108, 118, 150, 162, 168, 174, 175, 182, 195, 198, 209, 211, 217, 230, 232, 242, 251, 264, 274];
    const inputs = lengths.map((n) => ({ ids: new Array<number>(n).fill(1) }));
    const batches = planBatches(inputs, 32, 8192, 0.1);
    for (const b of batches) {
      const real = b.reduce((s, i) => s + lengths[i]!, 0);
      expect(b.length * Math.max(...b.map((i) => lengths[i]!))).toBeLessThanOrEqual(real * 1.1);
    }
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    // Equal lengths still share a batch.
    expect(planBatches([{ ids: [1, 2] }, { ids: [3, 4] }, { ids: [5, 6] }], 32, 8192, 0.1)).toEqual([[0, 1, 2]]);
  });

  it('the query cache keeps the most recent entries', () => {
    const c = new QueryCache(2);
    const v = new Float32Array(1);
    c.set('a', v); c.set('b', v); c.get('a'); c.set('c', v);
    expect([c.get('a') === v, c.get('b'), c.size]).toEqual([true, undefined, 2]);
  });
});

describe('e5-architecture encoder (tiny fixture) through tokenizer.json and onnxruntime-web', () => {
  const weights = randomEncoderWeights(TINY_SHAPE, TINY_SEED);

  it('matches a straightforward reference forward pass (float32)', async () => {
    const e = await open('tiny-encoder-f32');
    const got = await e.embed(TEXTS, 'passage');
    TEXTS.forEach((t, i) => {
      const ref = referenceEmbedding(weights, e.encode(t, 'passage'));
      expect(maxDiff(got[i]!, ref)).toBeLessThan(1e-4);
    });
  });

  it('int8 form stays close to float32', async () => {
    const [f, q] = await Promise.all([open('tiny-encoder-f32'), open('tiny-encoder-int8')]);
    const a = await f.embed(TEXTS, 'passage');
    const b = await q.embed(TEXTS, 'passage');
    for (let i = 0; i < TEXTS.length; i++) expect(cos(a[i]!, b[i]!)).toBeGreaterThan(0.98);
  });

  it('adds the query/passage prefixes, closes with </s> and cuts at the max length', async () => {
    const e = await open('tiny-encoder-f32');
    const q = e.encode('loyer', 'query');
    const p = e.encode('loyer', 'passage');
    expect(q[0]).toBe(0);
    expect(q[q.length - 1]).toBe(2);
    expect(q).not.toEqual(p);
    const [vq, vp] = [(await e.embed(['loyer'], 'query'))[0]!, (await e.embed(['loyer'], 'passage'))[0]!];
    expect(maxDiff(vq, vp)).toBeGreaterThan(1e-3);
    const long = e.encode(TEXTS[2]!.repeat(20), 'passage');
    expect(long.length).toBe(48);
    expect(long[47]).toBe(2);
    expect(Math.hypot(...vq)).toBeCloseTo(1, 5);
  });

  it('gives the same vectors in one batch as one by one (padding changes nothing)', async () => {
    const e = await open('tiny-encoder-f32');
    const batch = await e.embed(TEXTS, 'passage');
    for (let i = 0; i < TEXTS.length; i++) expect(maxDiff(batch[i]!, (await e.embed([TEXTS[i]!], 'passage'))[0]!)).toBeLessThan(1e-5);
    // int8: activations are quantised per tensor (DynamicQuantizeLinear over the whole batch), so
    // batch neighbours move the scale a little: close, not bit-equal, as with the real int8 e5.
    const q = await open('tiny-encoder-int8');
    const qBatch = await q.embed(TEXTS, 'passage');
    for (let i = 0; i < TEXTS.length; i++) expect(cos(qBatch[i]!, (await q.embed([TEXTS[i]!], 'passage'))[0]!)).toBeGreaterThan(0.9995);
  });

  it('caches query vectors per query string', async () => {
    const e = await open('tiny-encoder-f32');
    const [a] = await e.embed(['passeport perdu'], 'query');
    const [b] = await e.embed(['passeport perdu'], 'query');
    const [c] = await e.embed(['passeport perdu'], 'passage');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // « Nouvel usager »: the cache is keyed by the citizens' questions, and goes.
    expect(e.cachedQueries).toBe(1);
    e.forgetQueries();
    expect(e.cachedQueries).toBe(0);
    const [d] = await e.embed(['passeport perdu'], 'query');
    expect(d).not.toBe(a);
    expect(cos(d!, a!)).toBeGreaterThan(0.9999);
  });
});

describe('corpus-learnt static model (fixture) through tokenizer.json and onnxruntime-web', () => {
  const corpus = miniCorpus();
  const engine = SearchEngine.build(corpus);
  const semantics = LatentSemantics.build(engine.index, MINI_SEMANTICS);

  it('gives the question vector the search engine computes, synonyms weighted', async () => {
    const e = await open('static-mini');
    for (const q of ['carte d’identité perdue', 'caf loyer', 'licencié chômage employeur']) {
      const [got] = await e.embed([q], 'query');
      expect(queryTerms(q).length).toBeGreaterThan(0);
      expect(cos(got!, semantics.embed(vectorTerms(queryTerms(q)))!)).toBeGreaterThan(0.9999);
    }
  });

  it('gives each chunk its corpus vector (title weight and log tf in the graph)', async () => {
    const e = await open('static-mini');
    const got = await e.embed(corpus.chunks.map(passageText), 'passage');
    const { i8, scales } = semantics.chunks.quantized();
    got.forEach((v, i) => {
      const ref = new Float32Array(i8.subarray(i * 8, (i + 1) * 8)).map((x) => x * scales[i]!);
      expect(cos(v, ref)).toBeGreaterThan(0.995);
    });
  });

  it('reaches a fiche that shares no word with the question, which words alone cannot', async () => {
    const e = await open('static-mini');
    const vectors = await e.embed(corpus.chunks.map(passageText), 'passage');
    const hybrid = SearchEngine.build(corpus);
    hybrid.attachEmbeddings(VectorStore.from(Float32Array.from(vectors.flatMap((v) => Array.from(v))), 8));
    // "empreintes" occurs only in the identity-card fiche (P1), next to "mairie" and "photo",
    // which the passport fiche (P2) uses too; P2 never says it.
    const q = 'empreintes';
    expect(corpus.chunks.filter((c) => c.ficheId === 'P2').every((c) => !/empreinte/i.test(passageText(c)))).toBe(true);
    expect(SearchEngine.build(corpus).search(q, { k: 6 }).hits.map((h) => h.fiche.id)).not.toContain('P2');
    const [v] = await e.embed([q], 'query');
    const result = hybrid.search(q, { k: 6, queryVector: v });
    expect(result.mode).toBe('hybrid');
    expect(result.hits.map((h) => h.fiche.id)).toContain('P2');
  });
});

describe('bad model files', () => {
  it('a corrupt model, a missing file and a corrupt tokenizer become coded errors with French messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'embed-'));
    cpSync(join(FIX, 'tiny-encoder-int8'), dir, { recursive: true });
    writeFileSync(join(dir, 'model.onnx'), new Uint8Array(4096).map((_, i) => (i * 7919) % 251));
    const corrupt = await Embedder.create(ort, readEmbedderFolder(dir)).catch((e: unknown) => e);
    expect(corrupt).toBeInstanceOf(AppError);
    expect(embedFailure(corrupt).code).toBe('corrupt-model');
    expect(failureText(embedFailure(corrupt))).toMatch(/endommagé.*La recherche continue/);

    const missing = (() => { try { readEmbedderFolder(join(dir, 'nope')); } catch (e) { return e; } })();
    expect(embedFailure(missing).code).toMatch(/missing-file|bad-config/);

    cpSync(join(FIX, 'tiny-encoder-int8', 'model.onnx'), join(dir, 'model.onnx'));
    writeFileSync(join(dir, 'tokenizer.json'), '{"model": ');
    const tok = (() => { try { readEmbedderFolder(dir); } catch (e) { return e; } })();
    expect(embedFailure(tok)).toMatchObject({ code: 'corrupt-tokenizer' });
    expect(failureText(embedFailure(tok))).toMatch(/tokenizer\.json.*illisible/);

    writeFileSync(join(dir, 'sha256.json'), JSON.stringify({ files: { 'model.onnx': { sha256: '0'.repeat(64) } } }));
    writeFileSync(join(dir, 'tokenizer.json'), readFileSync(join(FIX, 'tiny-encoder-int8', 'tokenizer.json')));
    expect(embedFailure((() => { try { readEmbedderFolder(dir); } catch (e) { return e; } })()).code).toBe('checksum');
  });

  it('over HTTP: 404 and the HTML a dev server answers for a missing file are "missing-file"', async () => {
    const files = new Map<string, Uint8Array>();
    for (const name of ['embedder.json', 'model.onnx', 'tokenizer.json']) files.set(name, new Uint8Array(readFileSync(join(FIX, 'tiny-encoder-int8', name))));
    const serve = (html: boolean, drop: string): typeof fetch => async (input) => {
      const name = String(input).split('/').pop()!;
      if (name === drop || !files.has(name)) return html ? new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }) : new Response('', { status: 404 });
      return new Response(files.get(name)! as Uint8Array<ArrayBuffer>);
    };
    for (const html of [false, true]) {
      const err = await fetchEmbedderFiles({ baseUrl: 'http://desk/', id: 'tiny-encoder-int8' }, serve(html, 'model.onnx')).catch((e: unknown) => e);
      expect(embedFailure(err)).toMatchObject({ code: 'missing-file' });
      expect(failureText(embedFailure(err))).toMatch(/introuvable/);
    }
    const ok = await fetchEmbedderFiles({ baseUrl: 'http://desk/', id: 'tiny-encoder-int8' }, serve(false, ''));
    expect(ok.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await (await Embedder.create(ort, ok)).embed(['loyer'], 'query'))[0]!.length).toBe(32);
  });
});
