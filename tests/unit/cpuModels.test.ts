import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchMetadata, benchTensors } from '../../scripts/lib/benchModels';
import { CROSS_ORIGIN_ISOLATION_HEADERS, crossOriginIsolation } from '../../scripts/lib/crossOriginIsolation';
import { f16Bits, f16Value, fillBlocks, GGML, Noise, readGgufMetadata, tensorBytes, writeGguf, type BlockScales, type GgmlType } from '../../scripts/lib/ggufWriter';
import { CPU_CATALOG, CPU_PEAK_FILE_FACTOR, cpuModel, cpuRamMB, kvCacheMB, type CpuModel } from '../../src/llm/catalogs/cpuModels';
import { checkGgufHeader, GgufError } from '../../src/llm/modelFiles/ggufCheck';
import { mapLlmError } from '../../src/llm/llmErrors';
import { listedModelIds, modelsOnOrigin } from '../../src/llm/modelFiles/modelCache';

const STORIES = 'tests/fixtures/gguf/stories260K.gguf';
const LLAMA2 = 'tests/fixtures/gguf/llama-2-tiny-random.gguf';
const head = (path: string) => new Uint8Array(readFileSync(path).subarray(0, 64));

describe('GGUF checks', () => {
  it('accepts the real fixtures and refuses HTML, empty and foreign files with the right code', () => {
    expect(checkGgufHeader(head(STORIES)).version).toBe(3);
    expect(checkGgufHeader(head(LLAMA2)).tensors).toBeGreaterThan(0);
    const html = new TextEncoder().encode('<!doctype html><html lang="fr"><head>');
    expect(() => checkGgufHeader(html, '/models/x.gguf')).toThrow(GgufError);
    for (const [bytes, code] of [[html, 'not-found'], [new Uint8Array(), 'corrupt'], [new Uint8Array(64).fill(7), 'corrupt']] as const) {
      try {
        checkGgufHeader(bytes, '/models/x.gguf');
        expect.unreachable();
      } catch (err) {
        expect((err as GgufError).code).toBe(code);
        expect(mapLlmError(err).code).toBe(code);
      }
    }
  });

  it("maps wllama's failures to the French messages", () => {
    expect(mapLlmError(new Error('invalid GGUF: vocabulary 0, layers 0 (truncated or corrupt file)')).message).toMatch(/incomplets ou abîmés/);
    expect(mapLlmError('WllamaError: kv_cache_full').code).toBe('context-window');
    expect(mapLlmError('NotFoundError: HTTP 404 Not Found for /models/a.gguf').message).toMatch(/introuvables/);
    // Not 'corrupt': a file the browser could not read is not uninstalled.
    expect(mapLlmError('Error: RuntimeError: File read failed: NotReadableError: The requested file could not be read').code).toBe('read-failed');
  });
});

describe('memory a CPU model needs (cpuRamMB)', () => {
  /**
   * Peaks measured with `npm run bench:cpu-memory -- --models <id>` (sum of PSS of Chromium's
   * processes above the page's own, one engine: load, prime, a warm and a cold question; the
   * file written at bench time has the published file's size within 1 %): docs/BENCH-CPU.md,
   * "Memory".
   */
  const MEASURED_PEAK_MIB: Record<string, number> = {
    'Qwen2.5-0.5B-Instruct-Q8_0-GGUF': 1699,
    'Llama-3.2-1B-Instruct-Q4_K_M-GGUF': 1853,
    'CroissantLLMChat-1.3B-Q4_K_M-GGUF': 2423,
    'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': 3045,
  };

  it('covers every measured peak, without budgeting more than a quarter above it', () => {
    for (const [id, peak] of Object.entries(MEASURED_PEAK_MIB)) {
      const ram = cpuRamMB(cpuModel(id)!);
      expect(ram, id).toBeGreaterThanOrEqual(peak);
      expect(ram, id).toBeLessThanOrEqual(peak * 1.25);
    }
  });

  it('counts the file more than twice (read, copied into the wasm memory, reads not yet collected) and the KV cache of the whole context', () => {
    const qwen = cpuModel('Qwen2.5-0.5B-Instruct-Q8_0-GGUF')!;
    const fileMiB = (qwen.fileMB * 1e6) / 2 ** 20;
    expect(CPU_PEAK_FILE_FACTOR).toBeGreaterThan(2);
    expect(cpuRamMB(qwen)).toBe(Math.round(CPU_PEAK_FILE_FACTOR * fileMiB + kvCacheMB(qwen)));
    // Qwen2.5-0.5B: 24 layers × 2 KV heads × 64 dims × (K and V) × 2 bytes × 4,096 positions = 48 MiB.
    expect(kvCacheMB(qwen)).toBe(48);
    // A bigger file or a longer context costs more.
    expect(cpuRamMB({ ...qwen, fileMB: qwen.fileMB + 100 })).toBeGreaterThan(cpuRamMB(qwen) + 2 * 95);
    expect(cpuRamMB({ ...qwen, contextWindow: 8192 })).toBe(cpuRamMB(qwen) + 48);
    for (const m of CPU_CATALOG) expect(cpuRamMB(m), m.id).toBeGreaterThan(2 * m.fileMB * 0.95);
  });
});

describe('GGUF writer (bench:cpu)', () => {
  it("writes a file whose metadata reads back, with Q4_K_M's types and fallbacks", () => {
    const tiny: CpuModel = {
      ...CPU_CATALOG[0]!, id: 'tiny', contextWindow: 256,
      architecture: { arch: 'llama', layers: 8, hidden: 256, heads: 4, kvHeads: 2, ffn: 288, vocab: 32000, tiedEmbeddings: false, ropeTheta: 1e4, contextTrain: 256, tokenizer: 'llama2' },
    };
    const tensors = benchTensors(tiny);
    const type = (name: string) => tensors.find((t) => t.name === name)!.type;
    expect(type('output.weight')).toBe(GGML.Q6_K);
    expect(type('blk.0.attn_v.weight')).toBe(GGML.Q6_K);
    expect(type('blk.2.attn_v.weight')).toBe(GGML.Q4_K);
    // ffn_down rows are 288 long, not a multiple of 256: llama.cpp's fallbacks.
    expect(type('blk.0.ffn_down.weight')).toBe(GGML.Q8_0);
    expect(type('blk.2.ffn_down.weight')).toBe(GGML.Q5_0);
    const path = join(mkdtempSync(join(tmpdir(), 'gguf-')), 'tiny.gguf');
    const bytes = writeGguf(path, benchMetadata(tiny, LLAMA2), tensors);
    expect(statSync(path).size).toBe(bytes);
    expect(bytes).toBeGreaterThan(tensors.reduce((n, t) => n + tensorBytes(t), 0));
    const meta = readGgufMetadata(path);
    expect(meta['llama.block_count']).toBe(8);
    expect((meta['tokenizer.ggml.tokens'] as string[]).length).toBe(32000);
    expect(checkGgufHeader(head(path)).tensors).toBe(tensors.length);
  });

  it('gives each catalog model its real dimensions and vocabulary', () => {
    const qwen = cpuModel('Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF')!;
    const meta = benchMetadata(qwen, LLAMA2);
    const tokens = meta['tokenizer.ggml.tokens'] as { v: string[] };
    expect(tokens.v).toHaveLength(151936);
    expect(tokens.v[151645]).toBe('<|im_end|>');
    const embd = benchTensors(qwen).find((t) => t.name === 'token_embd.weight')!;
    expect(embd.dims).toEqual([1536, 151936]);
    // Within a few % of the published files: the same tensors in the same types (the tokenizer,
    // a few MB of metadata, is not counted here).
    for (const model of CPU_CATALOG.filter((m) => m.id !== 'CroissantLLMChat-1.3B-Q4_K_M-GGUF')) {
      const total = benchTensors(model).reduce((n, t) => n + tensorBytes(t), 0) / 1e6;
      expect(total, model.id).toBeGreaterThan(model.fileMB * 0.97);
      expect(total, model.id).toBeLessThan(model.fileMB * 1.01);
    }
    // Qwen's files keep a separate output matrix: in Q4_K_M the 0.5B's token_embd falls back to Q5_0, its output to Q8_0.
    const small = benchTensors(cpuModel('Qwen2.5-0.5B-Instruct-Q8_0-GGUF')!, 'Q4_K_M');
    expect(small.find((t) => t.name === 'token_embd.weight')!.type).toBe(GGML.Q5_0);
    expect(small.find((t) => t.name === 'output.weight')!.type).toBe(GGML.Q8_0);
    expect(small.find((t) => t.name === 'blk.3.ffn_down.weight')!.type).toBe(GGML.Q4_K);
    expect(small.find((t) => t.name === 'blk.5.ffn_down.weight')!.type).toBe(GGML.Q6_K);
  });

  it("types the other published quantizations as llama.cpp does, at the published files' sizes", () => {
    const qwen = cpuModel('Qwen2.5-0.5B-Instruct-Q8_0-GGUF')!;
    const llama = cpuModel('Llama-3.2-1B-Instruct-Q4_K_M-GGUF')!;
    const types = (m: CpuModel, q: 'Q4_0' | 'Q8_0') => new Set(benchTensors(m, q).filter((t) => t.fill === 'random').map((t) => t.type));
    // Q8_0: every matrix in Q8_0, the output included.
    expect(types(qwen, 'Q8_0')).toEqual(new Set([GGML.Q8_0]));
    // Q4_0: the output in Q6_K (Q8_0 for Qwen's 896-wide rows), everything else Q4_0.
    expect(types(qwen, 'Q4_0')).toEqual(new Set([GGML.Q4_0, GGML.Q8_0]));
    expect(benchTensors(llama, 'Q4_0').find((t) => t.name === 'token_embd.weight')!.type).toBe(GGML.Q6_K);
    expect(benchTensors(llama, 'Q4_0').find((t) => t.name === 'blk.0.attn_v.weight')!.type).toBe(GGML.Q4_0);
    const mb = (m: CpuModel, q: 'Q4_0' | 'Q8_0') => benchTensors(m, q).reduce((n, t) => n + tensorBytes(t), 0) / 1e6;
    // Published: qwen2.5-0.5b-instruct-q8_0.gguf 676 MB; Llama-3.2-1B-Instruct-Q8_0.gguf 1.32 GB (metadata not counted here).
    expect(mb(qwen, 'Q8_0')).toBeGreaterThan(676 * 0.98);
    expect(mb(qwen, 'Q8_0')).toBeLessThan(676);
    expect(mb(llama, 'Q8_0')).toBeGreaterThan(1321 * 0.98);
    expect(mb(llama, 'Q8_0')).toBeLessThan(1321);
    // A Q4_0 file with benchMetadata says so.
    expect((benchMetadata(qwen, LLAMA2, 'Q4_0')['general.file_type'] as { v: number }).v).toBe(2);
  });
});

/** ggml's dequantization of one block (reference formulas of ggml-quants.c), for the writer's tests. */
function dequantize(b: Buffer, type: GgmlType): number[] {
  const out: number[] = [];
  const f16 = (at: number) => f16Value(b.readUInt16LE(at));
  if (type === GGML.Q8_0) for (let j = 0; j < 32; j++) out.push(f16(0) * b.readInt8(2 + j));
  else if (type === GGML.Q4_0) {
    // Low nibbles are elements 0–15, high nibbles 16–31.
    for (let j = 0; j < 16; j++) out[j] = f16(0) * ((b[2 + j]! & 15) - 8);
    for (let j = 0; j < 16; j++) out[16 + j] = f16(0) * ((b[2 + j]! >> 4) - 8);
  } else if (type === GGML.Q5_0) {
    const qh = b.readUInt32LE(2);
    for (let j = 0; j < 16; j++) {
      out.push(f16(0) * (((b[6 + j]! & 15) | (((qh >>> j) << 4) & 16)) - 16));
      out.push(f16(0) * (((b[6 + j]! >> 4) | ((qh >>> (j + 12)) & 16)) - 16));
    }
  } else if (type === GGML.Q4_K) {
    const q = (i: number) => b[4 + i]!;
    const scaleMin = (j: number) => (j < 4 ? [q(j) & 63, q(j + 4) & 63] : [(q(j + 4) & 15) | ((q(j - 4) >> 6) << 4), (q(j + 4) >> 4) | ((q(j) >> 6) << 4)]);
    for (let c = 0; c < 4; c++) {
      for (const [sub, shift] of [[2 * c, 0], [2 * c + 1, 4]] as const) {
        const [sc, m] = scaleMin(sub);
        for (let l = 0; l < 32; l++) out.push(f16(0) * sc! * ((b[16 + 32 * c + l]! >> shift) & 15) - f16(2) * m!);
      }
    }
  } else if (type === GGML.Q6_K) {
    const d = f16(208);
    for (let n = 0; n < 2; n++) {
      const ql = 64 * n, qh = 128 + 32 * n, sc = 192 + 8 * n;
      for (let l = 0; l < 32; l++) {
        const is = Math.floor(l / 16);
        const h = b[qh + l]!;
        out.push(d * b.readInt8(sc + is) * (((b[ql + l]! & 15) | ((h & 3) << 4)) - 32));
        out.push(d * b.readInt8(sc + is + 2) * (((b[ql + l + 32]! & 15) | (((h >> 2) & 3) << 4)) - 32));
        out.push(d * b.readInt8(sc + is + 4) * (((b[ql + l]! >> 4) | (((h >> 4) & 3) << 4)) - 32));
        out.push(d * b.readInt8(sc + is + 6) * (((b[ql + l + 32]! >> 4) | (((h >> 6) & 3) << 4)) - 32));
      }
    }
  }
  return out;
}

describe('random weights of the bench models', () => {
  const BYTES: Record<number, number> = { [GGML.Q4_0]: 18, [GGML.Q8_0]: 34, [GGML.Q5_0]: 22, [GGML.Q4_K]: 144, [GGML.Q6_K]: 210 };
  const weights = (type: GgmlType, mode: BlockScales) => {
    const buf = Buffer.alloc(BYTES[type]! * 400);
    fillBlocks(buf, type, mode, new Noise(7));
    const all: number[] = [];
    for (let at = 0; at < buf.length; at += BYTES[type]!) all.push(...dequantize(buf.subarray(at, at + BYTES[type]!), type));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const std = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
    return { all, mean, std };
  };

  it('encodes f16 like IEEE half precision, subnormals included', () => {
    for (const x of [1, -2.5, 1e-4, 6.1e-5, 1.5e-5, 3e-3, 65504]) expect(Math.abs(f16Value(f16Bits(x)) - x) / Math.abs(x)).toBeLessThan(1e-3 + (Math.abs(x) < 6.1e-5 ? 0.02 : 0));
    expect(f16Bits(2 ** -14)).toBe(0x0400);
    expect(f16Bits(1)).toBe(0x3c00);
  });

  it('gives every quant type finite, zero-centred weights of a real model\'s spread', () => {
    for (const type of [GGML.Q4_0, GGML.Q8_0, GGML.Q5_0, GGML.Q4_K, GGML.Q6_K] as GgmlType[]) {
      const { all, mean, std } = weights(type, 'realistic');
      expect(all.every(Number.isFinite), `type ${type}`).toBe(true);
      expect(std, `type ${type}`).toBeGreaterThan(0.01);
      expect(std, `type ${type}`).toBeLessThan(0.04);
      expect(Math.abs(mean), `type ${type}`).toBeLessThan(std / 10);
    }
  });

  it("keeps the experiment's other block scales: raw bytes hold NaN or Inf, the legacy Q4_K weights are all shifted one way", () => {
    expect(weights(GGML.Q4_K, 'random-bytes').all.some((w) => !Number.isFinite(w))).toBe(true);
    const legacy = weights(GGML.Q4_K, 'legacy');
    expect(legacy.mean).toBeGreaterThan(legacy.std / 2);
  });
});

describe('cross-origin isolation', () => {
  it('sets COOP and COEP on dev and preview responses', () => {
    const plugin = crossOriginIsolation();
    const set: Record<string, string> = {};
    let used: ((req: unknown, res: unknown, next: () => void) => void) | undefined;
    const server = { middlewares: { use: (fn: typeof used) => (used = fn) } };
    (plugin.configurePreviewServer as (s: unknown) => void)(server);
    let next = false;
    used!({}, { setHeader: (k: string, v: string) => (set[k] = v) }, () => (next = true));
    expect(set).toEqual(CROSS_ORIGIN_ISOLATION_HEADERS);
    expect(set['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(next).toBe(true);
    expect(typeof plugin.configureServer).toBe('function');
  });
});

let server: Server;
let url = '';
const served: Record<string, { body: Buffer | string; type: string }> = {
  '/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q8_0.gguf': { body: readFileSync(STORIES), type: 'application/octet-stream' },
  '/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf': { body: '<!doctype html><title>x</title>', type: 'text/html' },
};
beforeAll(async () => {
  server = createServer((req, res) => {
    const hit = served[req.url ?? ''];
    if (!hit) {
      // Like a SPA server: every unknown path gets the home page.
      res.setHeader('content-type', 'text/html');
      return res.end('<!doctype html><html></html>');
    }
    res.setHeader('content-type', hit.type);
    res.end(hit.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GGUF models installed like the others', () => {
  const run = promisify(execFile);
  const tsx = join('node_modules', '.bin', 'tsx');

  it('models:fetch downloads the .gguf, checks it and records its sha256; models:check verifies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const id = 'Qwen2.5-0.5B-Instruct-Q8_0-GGUF';
    const { stdout } = await run(tsx, ['scripts/models-fetch.ts', id, '--dir', dir, '--hub', url]);
    expect(stdout).toMatch(/GGUF, sha256 recorded/);
    const manifest = JSON.parse(readFileSync(join(dir, id, 'sha256.json'), 'utf8'));
    expect(manifest.files['qwen2.5-0.5b-instruct-q8_0.gguf'].bytes).toBe(statSync(STORIES).size);
    expect((await run(tsx, ['scripts/models-check.ts', '--dir', dir])).stdout).toContain(`✓ ${id}`);
  });

  it('models:fetch refuses an HTML page served instead of the file and installs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const id = 'Llama-3.2-1B-Instruct-Q4_K_M-GGUF';
    const err = await run(tsx, ['scripts/models-fetch.ts', id, '--dir', dir, '--hub', url]).then(() => '', (e: { stderr: string }) => e.stderr);
    expect(err).toMatch(/HTML page[\s\S]*Nothing was installed/);
    expect(existsSync(join(dir, id))).toBe(false);
  });

  it('reads the model list of npm start and of the nginx site (a JSON folder listing)', () => {
    expect(listedModelIds({ models: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(listedModelIds([
      { name: 'Qwen2.5-0.5B-Instruct-Q8_0-GGUF', type: 'directory', mtime: 'x' },
      { name: 'README.md', type: 'file', mtime: 'x', size: 10 },
    ])).toEqual(['Qwen2.5-0.5B-Instruct-Q8_0-GGUF']);
    expect(listedModelIds('<html>')).toEqual([]);
    expect(listedModelIds(null)).toEqual([]);
  });

  it('a server answering every path with its home page has no model folders', async () => {
    const found = await modelsOnOrigin([{ id: 'a', probe: 'a.gguf' }], url);
    expect(found).toEqual([]);
  });
});
