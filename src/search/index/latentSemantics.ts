/**
 * Chunk and question vectors learnt from the corpus itself (latent semantic analysis): a truncated
 * SVD of the weighted chunk × term matrix puts terms that share contexts ("licenciement",
 * "employeur", "préavis") close together, so a question can reach a passage that words it
 * differently. No model file and no network: it is computed from the BM25 postings at corpus build
 * time and shipped in the bundle. An external embedder (e5…) can replace it through the same
 * VectorStore and `queryVector` path.
 */
import { align4, Fnv1a } from './binaryFormat';
import { docFrequency, FIELD_COUNT, type Bm25Index } from './bm25';
import { truncatedSvd, type LinearOperator } from './randomizedSvd';
import { quantizeRows, VectorStore } from './vectorStore';

export interface SemanticParams {
  dim: number;
  /** A title occurrence counts this many times in a chunk's term weight. */
  titleWeight: number;
  /** Terms in more than this share of chunks carry no topic and are left out. */
  maxDfShare: number;
  powerIterations: number;
}

// dim 256 with 1 power iteration: chosen on tests/eval/sets/dev.jsonl.
export const DEFAULT_SEMANTICS: SemanticParams = { dim: 256, titleWeight: 3, maxDfShare: 0.3, powerIterations: 1 };

export interface WeightedTerm {
  term: string;
  weight: number;
}

export class LatentSemantics {
  private constructor(
    private readonly index: Bm25Index,
    readonly dim: number,
    /** Term vectors, int8 rows in index term order; a zero scale marks a term left out. */
    private readonly termI8: Int8Array,
    private readonly termScales: Float32Array,
    readonly chunks: VectorStore,
  ) {}

  static build(index: Bm25Index, params: SemanticParams = DEFAULT_SEMANTICS): LatentSemantics {
    const { docCount } = index;
    const termCount = index.terms.length;
    const weights = postingWeights(index, params);
    const op: LinearOperator = {
      rows: docCount,
      cols: termCount,
      times: (x, width) => multiply(index, weights, x, width, 'chunks'),
      transposeTimes: (y, width) => multiply(index, weights, y, width, 'terms'),
    };
    const svd = truncatedSvd(op, params.dim, { powerIterations: params.powerIterations, seed: 20261129 });
    const dim = svd.rank;
    // A chunk's vector is its weighted terms projected on the right singular vectors (A·V): the
    // same projection a question gets, so both live in one space.
    const chunkVectors = op.times(svd.right, dim);
    const terms = quantizeRows(svd.right, termCount, dim);
    return new LatentSemantics(index, dim, terms.i8, terms.scales, VectorStore.from(chunkVectors, dim, 'int8'));
  }

  /** The question's vector: its terms' vectors weighted like the chunks' (idf × question weight). */
  embed(terms: readonly WeightedTerm[]): Float32Array | undefined {
    const out = new Float32Array(this.dim);
    let any = false;
    for (const { term, weight } of terms) {
      const id = this.index.termIds.get(term);
      if (id === undefined) continue;
      const scale = this.termScales[id]!;
      if (scale === 0) continue;
      const w = weight * termIdf(this.index, id) * scale;
      const base = id * this.dim;
      for (let j = 0; j < this.dim; j++) out[j]! += w * this.termI8[base + j]!;
      any = true;
    }
    return any ? out : undefined;
  }

  /**
   * Each index term's vector as the question side uses it: int8 row and its factor (quantisation
   * scale × idf, 0 for a term left out). The static embedder exports these as its table.
   */
  termTable(): { i8: Int8Array; factors: Float32Array } {
    const factors = new Float32Array(this.termScales.length);
    for (let id = 0; id < factors.length; id++) factors[id] = this.termScales[id]! * termIdf(this.index, id);
    return { i8: this.termI8, factors };
  }

  serialize(): Uint8Array {
    const enc = new TextEncoder();
    const fp = enc.encode(indexFingerprint(this.index));
    const chunks = this.chunks.quantized();
    const terms = this.index.terms.length;
    const parts: [number, ArrayBufferView][] = [];
    let at = HEADER_INTS * 4;
    const place = (view: ArrayBufferView) => {
      parts.push([at, view]);
      at = align4(at + view.byteLength);
    };
    place(fp);
    place(this.termScales);
    place(chunks.scales);
    place(this.termI8);
    place(chunks.i8);
    const out = new Uint8Array(at);
    new Uint32Array(out.buffer, 0, HEADER_INTS).set([MAGIC, FORMAT, this.dim, terms, this.chunks.count, fp.length]);
    for (const [offset, view] of parts) out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), offset);
    return out;
  }

  /** Reads vectors written by `serialize`; refuses those of another index. */
  static load(index: Bm25Index, bytes: Uint8Array): LatentSemantics {
    const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    if (buf.byteLength < HEADER_INTS * 4) throw new Error('fichier de vecteurs tronqué');
    const head = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_INTS);
    if (head[0] !== MAGIC || head[1] !== FORMAT) throw new Error("fichier de vecteurs invalide ou d'une autre version");
    const [dim, terms, docs, fpLen] = [head[2]!, head[3]!, head[4]!, head[5]!];
    let at = HEADER_INTS * 4;
    const need = align4(at + fpLen) + align4(terms * 4) + align4(docs * 4) + align4(terms * dim) + docs * dim;
    if (need > buf.byteLength) throw new Error('fichier de vecteurs tronqué');
    const fingerprint = new TextDecoder().decode(buf.subarray(at, at + fpLen));
    const expected = indexFingerprint(index);
    if (fingerprint !== expected || docs !== index.docCount) throw new Error(`vecteurs d'un autre index (${fingerprint} ≠ ${expected})`);
    at = align4(at + fpLen);
    const termScales = new Float32Array(buf.buffer, buf.byteOffset + at, terms);
    at = align4(at + terms * 4);
    const chunkScales = new Float32Array(buf.buffer, buf.byteOffset + at, docs);
    at = align4(at + docs * 4);
    const termI8 = new Int8Array(buf.buffer, buf.byteOffset + at, terms * dim);
    at = align4(at + terms * dim);
    const chunkI8 = new Int8Array(buf.buffer, buf.byteOffset + at, docs * dim);
    return new LatentSemantics(index, dim, termI8, termScales, VectorStore.fromQuantized(chunkI8, chunkScales, dim));
  }
}

const MAGIC = 0x4d455343; // "CSEM"
const FORMAT = 1;
const HEADER_INTS = 6;

function termIdf(index: Bm25Index, termId: number): number {
  return Math.log(index.docCount / Math.max(1, docFrequency(index, termId)));
}

/**
 * Log-scaled, idf-weighted term counts of each chunk, L2-normalised per chunk so that long
 * passages do not dominate the factorisation. Zero for terms left out: hapaxes (no context to
 * learn from), terms in too many chunks, and bare numbers.
 */
function postingWeights(index: Bm25Index, params: SemanticParams): Float32Array {
  const weights = new Float32Array(index.docs.length);
  const norms = new Float64Array(index.docCount);
  const maxDf = params.maxDfShare * index.docCount;
  for (let t = 0; t < index.terms.length; t++) {
    const df = docFrequency(index, t);
    if (df < 2 || df > maxDf || /^\d+$/.test(index.terms[t]!)) continue;
    const idfT = termIdf(index, t);
    for (let p = index.offsets[t]!; p < index.offsets[t + 1]!; p++) {
      const f = p * FIELD_COUNT;
      const tf = params.titleWeight * index.freqs[f]! + index.freqs[f + 1]! + index.freqs[f + 2]!;
      const w = (1 + Math.log(tf)) * idfT;
      weights[p] = w;
      norms[index.docs[p]!]! += w * w;
    }
  }
  for (let p = 0; p < weights.length; p++) if (weights[p]) weights[p]! /= Math.sqrt(norms[index.docs[p]!]!);
  return weights;
}

/**
 * One product with the weighted chunk × term matrix A, read from the postings: A·X (a block of
 * term rows in, chunk rows out) or Aᵀ·Y (chunk rows in, term rows out).
 */
function multiply(index: Bm25Index, weights: Float32Array, input: Float64Array, width: number, out: 'chunks' | 'terms'): Float64Array {
  const toChunks = out === 'chunks';
  const result = new Float64Array((toChunks ? index.docCount : index.terms.length) * width);
  for (let t = 0; t < index.terms.length; t++) {
    for (let p = index.offsets[t]!; p < index.offsets[t + 1]!; p++) {
      const w = weights[p]!;
      if (w === 0) continue;
      const termBase = t * width;
      const chunkBase = index.docs[p]! * width;
      const from = toChunks ? termBase : chunkBase;
      const to = toChunks ? chunkBase : termBase;
      for (let j = 0; j < width; j++) result[to + j]! += w * input[from + j]!;
    }
  }
  return result;
}

/** Ties vectors to the exact terms and chunks of an index (term ids index the term vectors). */
function indexFingerprint(index: Bm25Index): string {
  const hash = new Fnv1a();
  for (const term of index.terms) hash.add(term).add('\n');
  return `${index.docCount}:${index.terms.length}:${index.docs.length}:${hash.hex}`;
}
