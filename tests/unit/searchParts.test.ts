import { describe, expect, it } from 'vitest';
import { buildBm25, deserializeBm25, serializeBm25 } from '../../src/search/index/bm25';
import { scoreFusion } from '../../src/search/ranking/fusion';
import { editDistance, nearestTerm } from '../../src/search/analysis/fuzzy';
import { MinHeap, VectorStore } from '../../src/search/index/vectorStore';

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe('bm25 index serialisation', () => {
  it('round-trips every array and the fingerprint, and rejects foreign bytes', () => {
    const docs = [[['carte'], [], ['carte', 'identite', 'perte']], [['passeport'], ['mineur'], ['passeport', 'perte']]];
    const index = buildBm25(docs.length, (i) => docs[i]!);
    const bytes = serializeBm25(index, 'fp-1');
    const { index: back, fingerprint } = deserializeBm25(bytes);
    expect(fingerprint).toBe('fp-1');
    expect(back.terms).toEqual(index.terms);
    expect([...back.offsets]).toEqual([...index.offsets]);
    expect([...back.docs]).toEqual([...index.docs]);
    expect([...back.freqs]).toEqual([...index.freqs]);
    expect([...back.lengths]).toEqual([...index.lengths]);
    // "perte" is in both docs, once in each text field.
    const t = index.termIds.get('perte')!;
    expect([...index.docs.subarray(index.offsets[t], index.offsets[t + 1])]).toEqual([0, 1]);
    expect(() => deserializeBm25(new Uint8Array(64))).toThrow(/corpus\/index-format: search index: magic/);
    // An unaligned copy (as a fetch slice may give) still loads.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(deserializeBm25(shifted.subarray(1)).index.terms).toEqual(index.terms);
  });
});

describe('bm25 index: chunk numbers as gaps', () => {
  // Chunks far apart (gaps of one, two and three bytes) and a term in every chunk.
  const count = 40_000;
  const docs = Array.from({ length: count }, (_, i) => [[], [], ['tout', ...(i % 300 === 0 ? ['rare'] : []), ...(i === 0 || i === 39_999 ? ['bords'] : [])]]);
  const index = buildBm25(count, (i) => docs[i]!);

  it('reads back every chunk number, and is smaller than 4 bytes each', () => {
    const bytes = serializeBm25(index, 'fp');
    const back = deserializeBm25(bytes).index;
    expect([...back.docs]).toEqual([...index.docs]);
    const t = index.termIds.get('bords')!;
    expect([...back.docs.subarray(back.offsets[t], back.offsets[t + 1])]).toEqual([0, 39_999]);
    expect(bytes.length).toBeLessThan(index.docs.length * 4 + index.freqs.length + index.lengths.byteLength);
    // Cut inside the gaps: refused, never read as other chunks.
    expect(() => deserializeBm25(bytes.subarray(0, 2_000))).toThrow(/corpus\/index-format: search index: truncated/);
  });

  it('still loads an index written with 4-byte chunk numbers (format 1, older bundles)', () => {
    const enc = new TextEncoder();
    const terms = enc.encode(index.terms.join('\n'));
    const fp = enc.encode('fp');
    const pad = (n: number) => (n + 3) & ~3;
    const parts: Uint8Array[] = [];
    const head = new Uint32Array([0x58444943, 1, count, index.terms.length, index.docs.length, fp.length, terms.length, 0]);
    parts.push(new Uint8Array(head.buffer), new Uint8Array(index.avgLengths.buffer.slice(0)));
    const padded = (b: Uint8Array) => { const out = new Uint8Array(pad(b.length)); out.set(b); return out; };
    parts.push(padded(fp), padded(terms), new Uint8Array(index.offsets.slice().buffer), new Uint8Array(index.docs.slice().buffer), padded(new Uint8Array(index.lengths.slice().buffer)), index.freqs);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.length; }
    const back = deserializeBm25(bytes).index;
    expect([...back.docs]).toEqual([...index.docs]);
    expect([...back.freqs]).toEqual([...index.freqs]);
  });
});

describe('fuzzy', () => {
  it('counts a swap of two letters as one edit and stops past the cap', () => {
    expect(editDistance('passport', 'passeport', 2)).toBe(1);
    expect(editDistance('imot', 'impot', 1)).toBe(1);
    expect(editDistance('chmoage', 'chomage', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('prefers the frequent candidate among equals and ignores short words', () => {
    const vocab = ['alloc', 'aloe', 'blocs'];
    const df = [500, 3, 40];
    expect(nearestTerm('aloc', vocab, (i) => df[i]!)?.term).toBe('alloc');
    expect(nearestTerm('rsa', vocab, (i) => df[i]!)).toBeUndefined();
  });
});

describe('score fusion', () => {
  it('keeps a clear lexical lead that rank fusion would give away, and honours weights', () => {
    // Words: chunk 1 far ahead of 2 and 3. Vectors: 2 first, 1 close behind.
    const words = { ids: [1, 2, 3], scores: [30, 6, 5], weight: 1, floor: 0 };
    const vectors = { ids: [2, 1, 3], scores: [0.8, 0.78, 0.2], weight: 0.35 };
    const fused = scoreFusion([words, vectors]);
    expect([...fused].sort((a, b) => b[1] - a[1])[0]![0]).toBe(1);
    expect(fused.get(1)).toBeCloseTo(1 + 0.35 * (0.58 / 0.6), 6);
    // Words that hardly separate the candidates let the vectors decide.
    const flat = scoreFusion([{ ids: [1, 2], scores: [6, 5.9], weight: 1, floor: 5 }, { ids: [2, 1], scores: [0.8, 0.2], weight: 0.35 }]);
    expect(flat.get(2)! > flat.get(1)!).toBe(true);
  });

  it('scales a list to 0–1 between its best and its floor', () => {
    const fused = scoreFusion([{ ids: [7, 8, 9], scores: [3, 2, 1], weight: 2 }]);
    expect([fused.get(7), fused.get(8), fused.get(9)]).toEqual([2, 1, 0]);
    expect(scoreFusion([{ ids: [4], scores: [0.5], weight: 1 }]).get(4)).toBe(0);
  });
});

describe('VectorStore', () => {
  const dim = 48;
  const rand = rng(7);
  const rows = 600;
  const data = new Float32Array(rows * dim).map(() => rand());

  it('finds the exact nearest rows in float32, same as a naive scan', () => {
    const store = VectorStore.from(data, dim, 'float32');
    const q = data.slice(5 * dim, 6 * dim).map((v, i) => v + (i % 3 === 0 ? 0.05 : 0));
    const hits = store.topK(q, 5);
    expect(hits[0]!.index).toBe(5);
    const cos = (r: number) => {
      let d = 0, a = 0, b = 0;
      for (let j = 0; j < dim; j++) {
        d += q[j]! * data[r * dim + j]!;
        a += q[j]! ** 2;
        b += data[r * dim + j]! ** 2;
      }
      return d / Math.sqrt(a * b);
    };
    const naive = Array.from({ length: rows }, (_, r) => r).sort((x, y) => cos(y) - cos(x)).slice(0, 5);
    expect(hits.map((h) => h.index)).toEqual(naive);
    expect(hits[0]!.score).toBeCloseTo(cos(5), 5);
  });

  it('int8 keeps the top-10 ranking and uses 4× less memory', () => {
    const f32 = VectorStore.from(data, dim, 'float32');
    const i8 = VectorStore.from(data, dim, 'int8');
    expect(i8.bytes).toBeLessThan(f32.bytes / 3.5);
    let overlap = 0;
    for (let r = 0; r < 20; r++) {
      const q = data.slice(r * dim, (r + 1) * dim);
      const a = new Set(f32.topK(q, 10).map((h) => h.index));
      overlap += i8.topK(q, 10).filter((h) => a.has(h.index)).length;
    }
    expect(overlap / 200).toBeGreaterThan(0.9);
  });

  it('filters rows and rejects a wrong dimension', () => {
    const store = VectorStore.from(data, dim);
    const allowed = new Uint8Array(rows);
    allowed[10] = 1;
    allowed[20] = 1;
    expect(store.topK(data.slice(0, dim), 5, allowed).map((h) => h.index).sort()).toEqual([10, 20]);
    expect(() => store.topK(new Float32Array(3), 1)).toThrow(/dim/);
    expect(() => VectorStore.from(new Float32Array(10), 3)).toThrow(/multiple/);
  });

  it('MinHeap keeps the k best', () => {
    const heap = new MinHeap(3);
    [5, 1, 9, 3, 7, 2].forEach((s, i) => heap.push(i, s));
    expect(heap.sorted().map((h) => h.score)).toEqual([9, 7, 5]);
  });
});
