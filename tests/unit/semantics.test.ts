import { readFileSync } from 'node:fs';
import { setPath } from '../../scripts/lib/setManifest';
import { describe, expect, it } from 'vitest';
import { buildBm25 } from '../../src/search/index/bm25';
import { evaluate, metricsOf, parseQuestions } from '../../src/search/evaluation/evaluate';
import { LatentSemantics } from '../../src/search/index/latentSemantics';
import { loadSearchEngine } from '../../src/search/loadSearchEngine';
import { shippedEngine } from '../helpers/realEngine';
import { orthonormalize, symmetricEigen, truncatedSvd, type LinearOperator } from '../../src/search/index/randomizedSvd';
import { readBundle } from '../../src/corpus/node/bundleFiles';

/** A dense row-major matrix as the operator the SVD reads. */
function denseOperator(a: Float64Array, rows: number, cols: number): LinearOperator {
  return {
    rows,
    cols,
    times: (x, w) => {
      const y = new Float64Array(rows * w);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) for (let j = 0; j < w; j++) y[r * w + j]! += a[r * cols + c]! * x[c * w + j]!;
      return y;
    },
    transposeTimes: (y, w) => {
      const x = new Float64Array(cols * w);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) for (let j = 0; j < w; j++) x[c * w + j]! += a[r * cols + c]! * y[r * w + j]!;
      return x;
    },
  };
}

function lcg(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe('randomized SVD', () => {
  it('finds the singular values and right vectors of a scaled permutation', () => {
    // Row i holds one value at column perm[i]: singular values are the values, right vectors unit axes.
    const values = [9, 0.5, 7, 1, 5, 3, 0.25, 2];
    const perm = [3, 0, 6, 1, 7, 2, 5, 4];
    const n = values.length;
    const a = new Float64Array(n * n);
    values.forEach((v, i) => (a[i * n + perm[i]!] = v));
    // With the oversampled width reaching n the range is the whole space: the result is exact.
    const svd = truncatedSvd(denseOperator(a, n, n), 3, { oversample: 5, powerIterations: 1 });
    expect([...svd.singularValues].map((s) => +s.toFixed(6))).toEqual([9, 7, 5]);
    for (let c = 0; c < 3; c++) {
      const column = perm[[0, 2, 4][c]!]!;
      for (let r = 0; r < n; r++) expect(Math.abs(svd.right[r * 3 + c]!)).toBeCloseTo(r === column ? 1 : 0, 6);
    }
  });

  it('reconstructs a random rank-4 matrix from its rank-4 factors', () => {
    const rows = 120, cols = 60, rank = 4;
    const rand = lcg(7);
    const left = Float64Array.from({ length: rows * rank }, rand);
    const right = Float64Array.from({ length: cols * rank }, rand);
    const a = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) for (let k = 0; k < rank; k++) a[r * cols + c]! += left[r * rank + k]! * right[c * rank + k]!;
    const svd = truncatedSvd(denseOperator(a, rows, cols), rank, { oversample: 6 });
    // A·V·Vᵀ = A when V spans A's row space.
    const av = denseOperator(a, rows, cols).times(svd.right, rank);
    let err = 0, norm = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let rec = 0;
        for (let k = 0; k < rank; k++) rec += av[r * rank + k]! * svd.right[c * rank + k]!;
        err += (rec - a[r * cols + c]!) ** 2;
        norm += a[r * cols + c]! ** 2;
      }
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(1e-8);
  });

  it('orthonormalizes a tall block, zeroing a column the others span', () => {
    const rows = 50, width = 4;
    const rand = lcg(3);
    const y = Float64Array.from({ length: rows * width }, rand);
    for (let r = 0; r < rows; r++) y[r * width + 3] = y[r * width]! + 2 * y[r * width + 1]!;
    orthonormalize(y, rows, width);
    const dot = (i: number, j: number) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += y[r * width + i]! * y[r * width + j]!;
      return s;
    };
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(dot(i, j)).toBeCloseTo(i === j ? 1 : 0, 10);
    expect(dot(3, 3)).toBeLessThan(1e-12);
  });

  it('diagonalises a symmetric matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect([...values].sort((a, b) => a - b).map((v) => +v.toFixed(9))).toEqual([1, 3, 5]);
    // Each column v satisfies M v = λ v.
    const m = [2, 1, 0, 1, 2, 0, 0, 0, 5];
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 3; r++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += m[r * 3 + k]! * vectors[k * 3 + c]!;
        expect(s).toBeCloseTo(values[c]! * vectors[r * 3 + c]!, 9);
      }
    }
  });
});

describe('corpus vectors (latent semantics)', () => {
  // Two topics; "licenciement" and "employeur" share chunks, "loyer" and "bailleur" share others.
  const texts = [
    'licenciement employeur preavis', 'licenciement employeur indemnite', 'employeur preavis indemnite',
    'licenciement preavis', 'loyer bailleur caution', 'loyer bailleur quittance', 'bailleur caution quittance', 'loyer caution',
    'impot declaration revenu', 'impot revenu bareme', 'declaration revenu bareme', 'impot bareme',
  ].map((t) => t.split(' '));
  const index = buildBm25(texts.length, (i) => [[], [], texts[i]!]);
  const semantics = LatentSemantics.build(index, { dim: 3, titleWeight: 3, maxDfShare: 0.9, powerIterations: 2 });
  const nearest = (term: string) => semantics.chunks.topK(semantics.embed([{ term, weight: 1 }])!, 4).map((h) => h.index);

  it('brings a question to chunks of its topic that do not contain its word', () => {
    // "employeur" is absent from chunk 3, "bailleur" from chunk 7: both are found through their topic.
    expect(nearest('employeur')).toContain(3);
    expect(nearest('bailleur')).toContain(7);
    expect(nearest('employeur').every((i) => i < 4)).toBe(true);
    expect(nearest('bailleur').every((i) => i >= 4 && i < 8)).toBe(true);
  });

  it('builds without failing on degenerate corpora: one chunk, or no word shared by two chunks', () => {
    const one = buildBm25(1, () => [[], [], ['carte', 'grise']]);
    expect(LatentSemantics.build(one).embed([{ term: 'carte', weight: 1 }])).toBeUndefined();
    const disjoint = buildBm25(3, (i) => [[], [], [['a1', 'a2'], ['b1'], ['c1', 'c2']][i]!]);
    const semantics = LatentSemantics.build(disjoint);
    expect(semantics.chunks.count).toBe(3);
    expect(semantics.embed([{ term: 'a1', weight: 1 }])).toBeUndefined();
    expect(LatentSemantics.load(disjoint, semantics.serialize()).chunks.count).toBe(3);
  });

  it('gives no vector to a question whose words it never saw', () => {
    expect(semantics.embed([{ term: 'inconnu', weight: 1 }])).toBeUndefined();
  });

  it('round-trips through bytes and refuses another index or a truncated file', () => {
    const bytes = semantics.serialize();
    const back = LatentSemantics.load(index, bytes);
    expect([...back.embed([{ term: 'loyer', weight: 1 }])!]).toEqual([...semantics.embed([{ term: 'loyer', weight: 1 }])!]);
    const other = buildBm25(texts.length, (i) => [[], [], [...texts[i]!, 'autre']]);
    expect(() => LatentSemantics.load(other, bytes)).toThrow(/corpus\/index-mismatch/);
    expect(() => LatentSemantics.load(index, bytes.subarray(0, bytes.length - 10))).toThrow(/corpus\/index-format: .*truncated/);
    expect(() => LatentSemantics.load(index, new Uint8Array(64))).toThrow(/corpus\/index-format: semantic vectors: magic/);
  });
});

describe('hybrid search on the shipped bundle', () => {
  const hybrid = shippedEngine();
  const lexical = shippedEngine({ lexical: true });

  // Its title-query recall (@5 and @1) is checked on this same engine in searchEngine.test.ts.
  it('is hybrid by default', () => {
    expect(hybrid.search('carte grise').mode).toBe('hybrid');
    expect(lexical.search('carte grise').mode).toBe('lexical');
  });

  it('ranks answers higher than words alone over every question set, losing hardly any from the top 10', () => {
    const dev = parseQuestions(readFileSync(setPath('dev'), 'utf8'));
    const questions = [dev, ...['holdout', 'holdout2', 'holdout3', 'holdout4'].map((f) => parseQuestions(readFileSync(setPath(f), 'utf8')))].flat();
    const hybridRun = evaluate(hybrid, questions, 10);
    const withVectors = hybridRun.metrics;
    const wordsOnly = evaluate(lexical, questions, 10).metrics;
    expect(withVectors.mrr).toBeGreaterThan(wordsOnly.mrr);
    expect(withVectors['recall@1']).toBeGreaterThan(wordsOnly['recall@1']);
    // Score fusion keeps a clear lexical lead at the head; it gives back a little depth (measured
    // 0.877 vs 0.888 at the 2026-11-29 session; rank fusion had traded the head for it).
    expect(withVectors['recall@10']).toBeGreaterThanOrEqual(wordsOnly['recall@10'] - 0.02);
    // The off-topic model is fitted with the dev set among others: hybrid ranking must keep it at
    // the targets there (16 of its 20 out-of-scope questions caught since 2026-11-29).
    // The dev set leads the list: its rows are the first ones of the run.
    const devMetrics = metricsOf(hybridRun.rows.slice(0, dev.length), 10);
    expect(devMetrics.n).toBe(dev.length);
    expect(devMetrics.abstain_recall).toBeGreaterThanOrEqual(0.8);
    expect(devMetrics.abstain_precision).toBeGreaterThanOrEqual(0.85);
  }, 300_000);

  it('falls back to words alone when the vectors belong to another index', () => {
    const corpus = readBundle('public/corpus');
    corpus.searchIndex = new Uint8Array(readFileSync('public/corpus/search-index.bin'));
    const bytes = new Uint8Array(readFileSync('public/corpus/semantic-vectors.bin'));
    expect(loadSearchEngine({ ...corpus, semantics: bytes }).semantics).toBe('loaded');
    const damaged = bytes.slice();
    damaged[30] = damaged[30]! ^ 0xff; // inside the fingerprint
    const load = loadSearchEngine({ ...corpus, semantics: damaged });
    expect(load.semantics).toBe('none');
    expect(load.engine.search('carte grise').hits[0]?.fiche.title).toMatch(/immatriculation|carte grise/i);
  });
});
