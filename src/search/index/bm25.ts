/**
 * BM25F over three fields of each chunk (fiche title, section path, passage text), held in
 * typed arrays in CSR form: for each term, the chunks it occurs in and its frequency in each
 * field. Built once from the corpus bundle, serialised next to it, loaded without rebuilding.
 */
import { align4 } from './binaryFormat';
import { AppError } from '../../errors/appFailure';

export const FIELDS = ['title', 'path', 'text'] as const;
export const FIELD_COUNT = FIELDS.length;

export interface Bm25Params {
  k1: number;
  /** Per-field weight and length normalisation, in FIELDS order. */
  weights: readonly number[];
  b: readonly number[];
}

// Tuned on tests/eval/sets/dev.jsonl and the title queries (a plateau, not a peak): the fiche title
// dominates, as agents' questions name the démarche more than they quote the text.
export const DEFAULT_BM25: Bm25Params = { k1: 3.5, weights: [6, 1, 1], b: [0.7, 0.4, 0.75] };

export interface Bm25Index {
  docCount: number;
  terms: string[];
  termIds: Map<string, number>;
  /** postings of term t are at offsets[t] .. offsets[t+1] */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** FIELD_COUNT frequencies per posting, capped at 255. */
  freqs: Uint8Array;
  /** FIELD_COUNT lengths (in terms) per doc, capped at 65535. */
  lengths: Uint16Array;
  avgLengths: Float32Array;
}

/** Builds the index from already-analysed fields: fields[doc][field] = terms. */
export function buildBm25(docCount: number, fieldsOf: (doc: number) => string[][]): Bm25Index {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Postings are gathered per term in growable plain arrays, then packed.
  const postDocs: number[][] = [];
  const postFreqs: number[][] = [];
  const lengths = new Uint16Array(docCount * FIELD_COUNT);
  const totals = new Float64Array(FIELD_COUNT);
  const local = new Map<number, Uint8Array>();
  for (let doc = 0; doc < docCount; doc++) {
    local.clear();
    const fields = fieldsOf(doc);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const words = fields[f] ?? [];
      lengths[doc * FIELD_COUNT + f] = Math.min(65535, words.length);
      totals[f]! += words.length;
      for (const word of words) {
        let id = termIds.get(word);
        if (id === undefined) {
          id = terms.length;
          termIds.set(word, id);
          terms.push(word);
          postDocs.push([]);
          postFreqs.push([]);
        }
        let counts = local.get(id);
        if (!counts) local.set(id, (counts = new Uint8Array(FIELD_COUNT)));
        if (counts[f]! < 255) counts[f]!++;
      }
    }
    for (const [id, counts] of local) {
      postDocs[id]!.push(doc);
      const pf = postFreqs[id]!;
      for (let f = 0; f < FIELD_COUNT; f++) pf.push(counts[f]!);
    }
  }
  const offsets = new Uint32Array(terms.length + 1);
  for (let t = 0; t < terms.length; t++) offsets[t + 1] = offsets[t]! + postDocs[t]!.length;
  const total = offsets[terms.length]!;
  const docs = new Uint32Array(total);
  const freqs = new Uint8Array(total * FIELD_COUNT);
  for (let t = 0; t < terms.length; t++) {
    docs.set(postDocs[t]!, offsets[t]!);
    freqs.set(postFreqs[t]!, offsets[t]! * FIELD_COUNT);
  }
  const avgLengths = new Float32Array(FIELD_COUNT);
  for (let f = 0; f < FIELD_COUNT; f++) avgLengths[f] = docCount ? Math.max(1, totals[f]! / docCount) : 1;
  return { docCount, terms, termIds, offsets, docs, freqs, lengths, avgLengths };
}

export function docFrequency(index: Bm25Index, termId: number): number {
  return index.offsets[termId + 1]! - index.offsets[termId]!;
}

export function idf(index: Bm25Index, df: number): number {
  return Math.log(1 + (index.docCount - df + 0.5) / (df + 0.5));
}

/**
 * Adds weight × BM25F(term) to `scores` for every chunk containing the term, and records the
 * chunks touched for the first time. Term-at-a-time: a query costs its terms' postings only.
 */
export function accumulate(
  index: Bm25Index,
  termId: number,
  weight: number,
  params: Bm25Params,
  scores: Float32Array,
  touched: number[],
  allowed?: Uint8Array,
): void {
  const start = index.offsets[termId]!;
  const end = index.offsets[termId + 1]!;
  const w = weight * idf(index, end - start);
  const { k1 } = params;
  const wt0 = params.weights[0]!, wt1 = params.weights[1]!, wt2 = params.weights[2]!;
  const b0 = params.b[0]!, b1 = params.b[1]!, b2 = params.b[2]!;
  const a0 = index.avgLengths[0]!, a1 = index.avgLengths[1]!, a2 = index.avgLengths[2]!;
  const { docs, freqs, lengths } = index;
  for (let p = start; p < end; p++) {
    const doc = docs[p]!;
    if (allowed && !allowed[doc]) continue;
    const fp = p * 3;
    const lp = doc * 3;
    let tf = 0;
    const f0 = freqs[fp]!, f1 = freqs[fp + 1]!, f2 = freqs[fp + 2]!;
    if (f0) tf += (wt0 * f0) / (1 - b0 + (b0 * lengths[lp]!) / a0);
    if (f1) tf += (wt1 * f1) / (1 - b1 + (b1 * lengths[lp + 1]!) / a1);
    if (f2) tf += (wt2 * f2) / (1 - b2 + (b2 * lengths[lp + 2]!) / a2);
    if (scores[doc] === 0) touched.push(doc);
    scores[doc]! += (w * tf) / (k1 + tf);
  }
}

/**
 * BM25F of one term in one chunk (0 when absent), with the given field weights: a binary search in
 * the term's postings. For scoring the few passages of one fiche without a pass over the corpus.
 */
export function termScore(index: Bm25Index, termId: number, doc: number, params: Bm25Params): number {
  const { docs, offsets, freqs, lengths, avgLengths } = index;
  let lo = offsets[termId]!;
  let hi = offsets[termId + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = docs[mid]!;
    if (v < doc) lo = mid + 1;
    else if (v > doc) hi = mid - 1;
    else {
      let tf = 0;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const freq = freqs[mid * FIELD_COUNT + f]!;
        const b = params.b[f]!;
        if (freq) tf += (params.weights[f]! * freq) / (1 - b + (b * lengths[doc * FIELD_COUNT + f]!) / avgLengths[f]!);
      }
      const w = idf(index, offsets[termId + 1]! - offsets[termId]!);
      return (w * tf) / (params.k1 + tf);
    }
  }
  return 0;
}

// ---- serialisation: one ArrayBuffer; when loaded, the chunk numbers are decoded, the other typed arrays viewed in place ----

const MAGIC = 0x58444943; // "CIDX"
/**
 * 2: each term's chunk numbers written as gaps from the previous one in 7-bit groups (a byte per
 * gap for most of them): 2.2 MB where 4 bytes each took 6 MB, in a file every tab reads at start;
 * decoding them back took 15–45 ms in Node. 1: as 4-byte integers (still read).
 */
const FORMAT = 2;

/** Each term's chunk numbers as gaps, 7 bits a byte, low bits first, the top bit saying « more ». */
function packDocs(offsets: Uint32Array, docs: Uint32Array): Uint8Array {
  const out = new Uint8Array(docs.length * 5);
  let at = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    let previous = 0;
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      let gap = docs[p]! - previous;
      previous = docs[p]!;
      while (gap >= 0x80) {
        out[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      out[at++] = gap;
    }
  }
  return out.subarray(0, at);
}

function unpackDocs(offsets: Uint32Array, bytes: Uint8Array, count: number): Uint32Array {
  const docs = new Uint32Array(count);
  let at = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    let previous = 0;
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        if (at >= bytes.length) throw new AppError('corpus', 'index-format', undefined, 'search index: truncated');
        byte = bytes[at++]!;
        gap |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      previous += gap >>> 0;
      docs[p] = previous;
    }
  }
  return docs;
}

export function serializeBm25(index: Bm25Index, fingerprint: string): Uint8Array {
  const enc = new TextEncoder();
  const termsBytes = enc.encode(index.terms.join('\n'));
  const fpBytes = enc.encode(fingerprint);
  const docsBytes = packDocs(index.offsets, index.docs);
  const headerInts = 8;
  let size = headerInts * 4 + FIELD_COUNT * 4;
  const fpAt = size;
  size = align4(size + fpBytes.length);
  const termsAt = size;
  size = align4(size + termsBytes.length);
  const offsetsAt = size;
  size += index.offsets.byteLength;
  const docsAt = size;
  size = align4(size + docsBytes.length);
  const lengthsAt = size;
  size = align4(size + index.lengths.byteLength);
  const freqsAt = size;
  size += index.freqs.byteLength;
  const out = new Uint8Array(size);
  const head = new Uint32Array(out.buffer, 0, headerInts);
  head.set([MAGIC, FORMAT, index.docCount, index.terms.length, index.docs.length, fpBytes.length, termsBytes.length, docsBytes.length]);
  new Float32Array(out.buffer, headerInts * 4, FIELD_COUNT).set(index.avgLengths);
  out.set(fpBytes, fpAt);
  out.set(termsBytes, termsAt);
  out.set(new Uint8Array(index.offsets.buffer, index.offsets.byteOffset, index.offsets.byteLength), offsetsAt);
  out.set(docsBytes, docsAt);
  out.set(new Uint8Array(index.lengths.buffer, index.lengths.byteOffset, index.lengths.byteLength), lengthsAt);
  out.set(index.freqs, freqsAt);
  return out;
}

export function deserializeBm25(bytes: Uint8Array): { index: Bm25Index; fingerprint: string } {
  // Views need 4-byte alignment: copy once if the buffer slice is not aligned.
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const base = buf.byteOffset;
  const head = new Uint32Array(buf.buffer, base, 8);
  if (head[0] !== MAGIC || (head[1] !== FORMAT && head[1] !== 1)) throw new AppError('corpus', 'index-format', undefined, `search index: magic ${head[0]}, format ${head[1]}`);
  const [docCount, termCount, postingCount, fpLen, termsLen, docsLen] = [head[2]!, head[3]!, head[4]!, head[5]!, head[6]!, head[7]!];
  const packed = head[1] === FORMAT;
  const dec = new TextDecoder();
  let at = 8 * 4;
  const avgLengths = new Float32Array(buf.buffer, base + at, FIELD_COUNT).slice();
  at += FIELD_COUNT * 4;
  const fingerprint = dec.decode(buf.subarray(at, at + fpLen));
  at = align4(at + fpLen);
  const terms = termCount ? dec.decode(buf.subarray(at, at + termsLen)).split('\n') : [];
  at = align4(at + termsLen);
  const offsets = new Uint32Array(buf.buffer, base + at, termCount + 1);
  at += offsets.byteLength;
  let docs: Uint32Array;
  if (packed) {
    if (at + docsLen > buf.byteLength || offsets[termCount] !== postingCount) throw new AppError('corpus', 'index-format', undefined, 'search index: truncated');
    docs = unpackDocs(offsets, buf.subarray(at, at + docsLen), postingCount);
    at = align4(at + docsLen);
  } else {
    docs = new Uint32Array(buf.buffer, base + at, postingCount);
    at += docs.byteLength;
  }
  const lengths = new Uint16Array(buf.buffer, base + at, docCount * FIELD_COUNT);
  at = align4(at + lengths.byteLength);
  const freqs = new Uint8Array(buf.buffer, base + at, postingCount * FIELD_COUNT);
  if (at + freqs.byteLength > buf.byteLength) throw new AppError('corpus', 'index-format', undefined, 'search index: truncated');
  const termIds = new Map<string, number>();
  for (let t = 0; t < terms.length; t++) termIds.set(terms[t]!, t);
  return { index: { docCount, terms, termIds, offsets, docs, freqs, lengths, avgLengths }, fingerprint };
}
