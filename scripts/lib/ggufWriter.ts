import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Writes GGUF v3 files: metadata, tensor table, then tensor data streamed to disk. Used by
 * bench:cpu to build models with real architectures and tokenizers but random weights, so that
 * their speed can be measured without downloading any weights. Also reads the metadata of an
 * existing GGUF (to reuse a real tokenizer).
 */
export const GGML = { F32: 0, Q4_0: 2, Q5_0: 6, Q8_0: 8, Q4_K: 12, Q6_K: 14 } as const;
export type GgmlType = (typeof GGML)[keyof typeof GGML];

/** Elements per block and bytes per block of each type. */
const BLOCK: Record<GgmlType, [number, number]> = {
  [GGML.F32]: [1, 4],
  [GGML.Q4_0]: [32, 18],
  [GGML.Q5_0]: [32, 22],
  [GGML.Q8_0]: [32, 34],
  [GGML.Q4_K]: [256, 144],
  [GGML.Q6_K]: [256, 210],
};

export type GgufValue =
  | { t: 'u32'; v: number } | { t: 'i32'; v: number } | { t: 'f32'; v: number } | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string } | { t: 'u64'; v: number }
  | { t: 'arr'; of: 'str'; v: string[] } | { t: 'arr'; of: 'i32'; v: Int32Array | number[] } | { t: 'arr'; of: 'f32'; v: Float32Array | number[] };

export interface TensorSpec {
  name: string;
  /** ne[0] first: the row length, then the number of rows. */
  dims: number[];
  type: GgmlType;
  /** How to fill it: 'ones' for norms, 'zeros' for biases, 'random' for weights. */
  fill: 'ones' | 'zeros' | 'random';
}

const ALIGN = 32;

export function tensorBytes(t: Pick<TensorSpec, 'dims' | 'type'>): number {
  const [per, bytes] = BLOCK[t.type];
  const n = t.dims.reduce((a, b) => a * b, 1);
  if (t.dims[0]! % per) throw new Error(`row of ${t.dims[0]} is not a multiple of ${per} for type ${t.type}`);
  return (n / per) * bytes;
}

class Bytes {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(v: number) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  i32(v: number) { const b = Buffer.alloc(4); b.writeInt32LE(v); this.push(b); }
  u64(v: number) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  f32(v: number) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.push(b); }
  str(s: string) { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.push(b); }
  concat(): Buffer { return Buffer.concat(this.parts); }
}

const TYPE_ID = { u32: 4, i32: 5, f32: 6, bool: 7, str: 8, arr: 9, u64: 10 } as const;

function writeValue(out: Bytes, value: GgufValue): void {
  out.u32(TYPE_ID[value.t]);
  switch (value.t) {
    case 'u32': return out.u32(value.v);
    case 'i32': return out.i32(value.v);
    case 'f32': return out.f32(value.v);
    case 'bool': return out.push(Buffer.from([value.v ? 1 : 0]));
    case 'str': return out.str(value.v);
    case 'u64': return out.u64(value.v);
    case 'arr':
      out.u32(TYPE_ID[value.of]);
      out.u64(value.v.length);
      if (value.of === 'str') for (const s of value.v as string[]) out.str(s);
      else if (value.of === 'i32') out.push(Buffer.from(Int32Array.from(value.v as number[]).buffer));
      else out.push(Buffer.from(Float32Array.from(value.v as number[]).buffer));
  }
}

/** xorshift32: fast, deterministic noise for the quants (speed does not depend on their values). */
export class Noise {
  constructor(private x = 0x9e3779b9) {}
  /** Fills whole 32-bit words of `buf` with noise. */
  fill(buf: Buffer): void {
    const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
    let x = this.x;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      words[i] = x >>> 0;
    }
    this.x = x;
  }
  /** A uniform number in [0, 1). */
  next(): number {
    let x = this.x;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.x = x;
    return (x >>> 0) / 2 ** 32;
  }
}

/** Nearest IEEE half-precision bits of `x` (normal or subnormal; no NaN or Inf for our inputs). */
export function f16Bits(x: number): number {
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a < 2 ** -24) return sign;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  const e = Math.floor(Math.log2(a));
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return m === 1024 ? sign | ((e + 16) << 10) : sign | ((e + 15) << 10) | m;
}

export function f16Value(bits: number): number {
  const e = (bits >> 10) & 31;
  const m = bits & 1023;
  const v = e === 0 ? m * 2 ** -24 : e === 31 ? (m ? NaN : Infinity) : (1 + m / 1024) * 2 ** (e - 15);
  return bits & 0x8000 ? -v : v;
}

/**
 * How the random blocks get their scales:
 * - 'realistic': what llama.cpp's quantizer writes for weights of standard deviation ≈ 0.02 (the
 *   usual init of these models): a per-block f16 scale in the quantizer's range, 6-bit sub-scales
 *   and mins that centre each sub-block on zero (Q4_K), same-sign 8-bit sub-scales (Q6_K); the
 *   quants themselves stay random.
 * - 'random-bytes': no fix at all (NaN, Inf and huge scales), for the experiment in docs/journal/BENCH-CPU.md (« Why the random Qwen2.5-0.5B… »).
 * - 'legacy': the fixed tiny scales of the first writer (all-positive Q4_K weights), same experiment.
 */
export type BlockScales = 'realistic' | 'random-bytes' | 'legacy';

const WEIGHT_STD = 0.02;

/** Whole blocks of random quants of `type` with their scales set as `mode` says (see BlockScales). */
export function fillBlocks(buf: Buffer, type: GgmlType, mode: BlockScales, noise: Noise): void {
  noise.fill(buf);
  if (mode === 'random-bytes' || type === GGML.F32) return;
  const rand = () => noise.next();
  const [, bytes] = BLOCK[type];
  const jitter = () => 0.8 + 0.4 * rand();
  for (let at = 0; at + bytes <= buf.length; at += bytes) {
    if (mode === 'legacy') {
      if (type === GGML.Q4_K) { buf.writeUInt16LE(0x0400, at); buf.writeUInt16LE(0x0200, at + 2); }
      else if (type === GGML.Q6_K) buf.writeUInt16LE(0x0100, at + 208);
      else buf.writeUInt16LE(0x1419, at);
      continue;
    }
    if (type === GGML.Q4_K) {
      // w = d·sc·q − dmin·m, q in 0..15: with dmin = 8d and m = sc·15/16 each sub-block is d·sc·(q − 7.5).
      const d = WEIGHT_STD * 0.005 * jitter();
      buf.writeUInt16LE(f16Bits(d), at);
      buf.writeUInt16LE(f16Bits(8 * d), at + 2);
      const sc: number[] = [];
      const mn: number[] = [];
      for (let j = 0; j < 8; j++) {
        sc.push(36 + Math.floor(rand() * 28));
        mn.push(Math.round((sc[j]! * 15) / 16));
      }
      // ggml's 12-byte packing of eight 6-bit scales and mins.
      for (let j = 0; j < 4; j++) {
        buf[at + 4 + j] = (sc[j]! & 63) | ((sc[j + 4]! >> 4) << 6);
        buf[at + 8 + j] = (mn[j]! & 63) | ((mn[j + 4]! >> 4) << 6);
        buf[at + 12 + j] = (sc[j + 4]! & 15) | ((mn[j + 4]! & 15) << 4);
      }
    } else if (type === GGML.Q6_K) {
      // w = d·sc·(q − 32): the quantizer maps the largest sub-block scale to ±128, so d is tiny
      // (often an f16 subnormal, as in real files) and the sub-scales share one sign.
      const sign = rand() < 0.5 ? -1 : 1;
      for (let j = 0; j < 16; j++) buf.writeInt8(sign * (64 + Math.floor(rand() * 64)), at + 192 + j);
      buf.writeUInt16LE(f16Bits(WEIGHT_STD * 7.5e-4 * jitter()), at + 208);
    } else if (type === GGML.Q4_0) {
      // w = d·(q − 8), q in 0..15; the quantizer's d = (signed largest weight) / −8 takes either sign.
      buf.writeUInt16LE(f16Bits((rand() < 0.5 ? -1 : 1) * WEIGHT_STD * 0.3 * jitter()), at);
    } else if (type === GGML.Q5_0) {
      buf.writeUInt16LE(f16Bits(WEIGHT_STD * 0.15 * jitter()), at); // w = d·(q − 16)
    } else if (type === GGML.Q8_0) {
      buf.writeUInt16LE(f16Bits(WEIGHT_STD * 0.02 * jitter()), at); // w = d·q, q a random int8
    }
  }
}

export function writeGguf(path: string, metadata: Record<string, GgufValue>, tensors: TensorSpec[], scales: BlockScales = 'realistic'): number {
  const head = new Bytes();
  head.push(Buffer.from('GGUF'));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(t.type);
    head.u64(offset);
    offsets.push(offset);
    offset += Math.ceil(tensorBytes(t) / ALIGN) * ALIGN;
  }
  const pad = (n: number) => Buffer.alloc((ALIGN - (n % ALIGN)) % ALIGN);
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    const header = head.concat();
    written += writeSync(fd, header);
    written += writeSync(fd, pad(header.length));
    const noise = new Noise();
    const CHUNK = 64 * 2 ** 20;
    for (const t of tensors) {
      const size = tensorBytes(t);
      const [, blockBytes] = BLOCK[t.type];
      // Whole blocks per chunk, so scales land where the kernels read them.
      const step = Math.max(blockBytes, Math.floor(CHUNK / blockBytes) * blockBytes);
      for (let done = 0; done < size; done += step) {
        const buf = Buffer.alloc(Math.min(step, size - done));
        if (t.fill === 'ones') new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4).fill(1);
        else if (t.fill === 'random') {
          if (t.type === GGML.F32) throw new Error(`${t.name}: random f32 would hold NaNs; use ones or zeros`);
          fillBlocks(buf, t.type, scales, noise);
        }
        written += writeSync(fd, buf);
      }
      written += writeSync(fd, pad(size));
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Reads the metadata of a GGUF file (not the tensors): strings, numbers and arrays. */
export function readGgufMetadata(path: string): Record<string, unknown> {
  const buf = readFileSync(path);
  let at = 0;
  const u32 = () => { const v = buf.readUInt32LE(at); at += 4; return v; };
  const u64 = () => { const v = Number(buf.readBigUInt64LE(at)); at += 8; return v; };
  const str = () => { const n = u64(); const s = buf.toString('utf8', at, at + n); at += n; return s; };
  const read = (type: number): unknown => {
    switch (type) {
      case 0: return buf.readUInt8(at++);
      case 1: return buf.readInt8(at++);
      case 2: { const v = buf.readUInt16LE(at); at += 2; return v; }
      case 3: { const v = buf.readInt16LE(at); at += 2; return v; }
      case 4: return u32();
      case 5: { const v = buf.readInt32LE(at); at += 4; return v; }
      case 6: { const v = buf.readFloatLE(at); at += 4; return v; }
      case 7: return buf.readUInt8(at++) !== 0;
      case 8: return str();
      case 9: { const of = u32(); const n = u64(); const out: unknown[] = []; for (let i = 0; i < n; i++) out.push(read(of)); return out; }
      case 10: return u64();
      case 11: { const v = Number(buf.readBigInt64LE(at)); at += 8; return v; }
      case 12: { const v = buf.readDoubleLE(at); at += 8; return v; }
      default: throw new Error(`GGUF value type ${type} unknown`);
    }
  };
  if (buf.toString('latin1', 0, 4) !== 'GGUF') throw new Error(`${path}: not a GGUF file`);
  at = 8;
  u64();
  const keys = u64();
  const meta: Record<string, unknown> = {};
  for (let i = 0; i < keys; i++) {
    const key = str();
    meta[key] = read(u32());
  }
  return meta;
}
