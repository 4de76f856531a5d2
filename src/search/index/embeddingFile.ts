/**
 * Chunk vectors of a neural embedder as a bundle file (`embedding-vectors.bin`): int8 rows with a
 * scale each, and a header naming the model, its checksum and the chunks they were computed
 * from. One file holds one model's vectors: vectors of different models are never mixed, and
 * vectors of other chunks or another model are refused when read.
 */
import { align4 } from './binaryFormat';
import { VectorStore } from './vectorStore';
import { AppError } from '../../errors/appFailure';

export interface EmbeddingMeta {
  /** Embedder id (catalog id or model folder name). */
  model: string;
  /** sha256 of the ONNX file that computed the vectors. */
  sha256: string;
  dims: number;
  count: number;
  /** corpusFingerprint() of the chunks, in order. */
  corpus: string;
}

const MAGIC = 0x424d4543; // "CEMB"
const FORMAT = 1;

export function writeEmbeddings(meta: Omit<EmbeddingMeta, 'dims' | 'count'>, store: VectorStore): Uint8Array {
  const { i8, scales } = store.quantized();
  const head = new TextEncoder().encode(JSON.stringify({ ...meta, dims: store.dim, count: store.count } satisfies EmbeddingMeta));
  const at = align4(16 + head.length);
  const out = new Uint8Array(at + scales.byteLength + i8.byteLength);
  new Uint32Array(out.buffer, 0, 4).set([MAGIC, FORMAT, head.length, 0]);
  out.set(head, 16);
  out.set(new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength), at);
  out.set(new Uint8Array(i8.buffer, i8.byteOffset, i8.byteLength), at + scales.byteLength);
  return out;
}

export function readEmbeddingMeta(bytes: Uint8Array): EmbeddingMeta {
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (buf.byteLength < 16) throw new AppError('embed', 'vectors-format', undefined, 'truncated');
  const [magic, format, headLen] = new Uint32Array(buf.buffer, buf.byteOffset, 3);
  if (magic !== MAGIC || format !== FORMAT) throw new AppError('embed', 'vectors-format', undefined, `magic ${magic}, format ${format}`);
  return JSON.parse(new TextDecoder().decode(buf.subarray(16, 16 + headLen!))) as EmbeddingMeta;
}

/** The vectors, when they are of `expected.model` / `expected.sha256` (when given) and these chunks. */
export function readEmbeddings(bytes: Uint8Array, expected: { corpus: string; model?: string; sha256?: string }): { meta: EmbeddingMeta; store: VectorStore } {
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const meta = readEmbeddingMeta(buf);
  if (meta.corpus !== expected.corpus) throw new AppError('embed', 'vectors-mismatch', undefined, `corpus ${meta.corpus} ≠ ${expected.corpus}`);
  if (expected.model && meta.model !== expected.model) throw new AppError('embed', 'vectors-mismatch', undefined, `model ${meta.model} ≠ ${expected.model}`);
  if (expected.sha256 && meta.sha256 !== expected.sha256) throw new AppError('embed', 'vectors-mismatch', undefined, `sha256 of ${meta.model} ≠ ${expected.sha256}`);
  const headLen = new Uint32Array(buf.buffer, buf.byteOffset, 3)[2]!;
  const at = align4(16 + headLen);
  if (buf.byteLength < at + meta.count * 4 + meta.count * meta.dims) throw new AppError('embed', 'vectors-format', undefined, 'truncated');
  const scales = new Float32Array(buf.buffer, buf.byteOffset + at, meta.count);
  const i8 = new Int8Array(buf.buffer, buf.byteOffset + at + meta.count * 4, meta.count * meta.dims);
  return { meta, store: VectorStore.fromQuantized(i8, scales, meta.dims) };
}
