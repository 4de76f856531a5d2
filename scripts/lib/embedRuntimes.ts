/**
 * The embedder's speed on three paths, each in a process of its own (onnxruntime-web fixes its
 * thread count when its wasm first starts, so a second thread count in the same process would
 * silently run on the first one):
 * - `app`: our Embedder (tokenizer.json, length-sorted batches, pooling) over onnxruntime-web;
 * - `web`: onnxruntime-web alone, the same inputs already tokenized, one at a time at its length;
 * - `native`: onnxruntime-node (native CPU build, installed on demand, no install script), the same.
 * `runEmbedRuntime` spawns `tsx scripts/lib/embedRuntimes.ts <path> <threads> <model dir> <texts.json>`;
 * the child prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installOnDemand } from './onDemand';

export type EmbedPath = 'app' | 'web' | 'native';
export const ONNXRUNTIME_NODE_VERSION = '1.30.0';

export interface EmbedRuntimeResult {
  path: EmbedPath;
  threads: number;
  chunksPerS: number;
  /** Chunks per CPU-second of the process (every thread). */
  chunksPerCpuS: number;
  /** App path only: tokenizer time per chunk, and padded tokens over real tokens in its batches. */
  tokenizeMsPerChunk?: number;
  error?: string;
}

/** Runs one path in a child process on `texts` (passages). */
export function runEmbedRuntime(path: EmbedPath, threads: number, modelDir: string, texts: string[]): EmbedRuntimeResult {
  const file = join(tmpdir(), `embed-texts-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(texts));
  try {
    const out = execFileSync('npx', ['tsx', 'scripts/lib/embedRuntimes.ts', path, String(threads), modelDir, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out.trim().split('\n').pop()!) as EmbedRuntimeResult;
  } catch (err) {
    return { path, threads, chunksPerS: NaN, chunksPerCpuS: NaN, error: (err as Error).message.split('\n')[0] };
  }
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Session {
  inputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<unknown>;
}
interface Runtime {
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => unknown;
  InferenceSession: { create(model: Uint8Array, options: object): Promise<Session> };
}

/** One input per run at its own length: what the model costs with nothing around it. */
async function bare(ort: Runtime, options: object, model: Uint8Array, inputs: number[][]): Promise<{ wall: number; cpu: number }> {
  const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'all', ...options });
  const feeds = (ids: number[]) => {
    const f: Record<string, unknown> = { input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]) };
    if (session.inputNames.includes('attention_mask')) f.attention_mask = new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
    if (session.inputNames.includes('token_type_ids')) f.token_type_ids = new ort.Tensor('int64', new BigInt64Array(ids.length), [1, ids.length]);
    return f;
  };
  await session.run(feeds(inputs[0]!));
  const cpu = cpuSeconds();
  const t = performance.now();
  for (const ids of inputs) await session.run(feeds(ids));
  return { wall: (performance.now() - t) / 1000, cpu: cpuSeconds() - cpu };
}

async function child(path: EmbedPath, threads: number, modelDir: string, textsFile: string): Promise<EmbedRuntimeResult> {
  const texts = JSON.parse(readFileSync(textsFile, 'utf8')) as string[];
  const { nodeEmbedder } = await import('../../src/embed/node/nodeEmbedder');
  // The same token ids on every path: our tokenizer.json, prefix and truncation.
  const { embedder } = await nodeEmbedder(modelDir, { threads });
  const inputs = texts.map((t) => embedder.encode(t, 'passage'));
  if (path === 'app') {
    await embedder.embed(texts.slice(0, 1), 'passage');
    let cpu = cpuSeconds();
    let t = performance.now();
    for (const text of texts) embedder.encode(text, 'passage');
    const tokenizeMsPerChunk = (performance.now() - t) / texts.length;
    cpu = cpuSeconds();
    t = performance.now();
    await embedder.embed(texts, 'passage');
    const wall = (performance.now() - t) / 1000;
    return { path, threads, chunksPerS: texts.length / wall, chunksPerCpuS: texts.length / (cpuSeconds() - cpu), tokenizeMsPerChunk };
  }
  await embedder.release();
  const model = new Uint8Array(readFileSync(join(modelDir, 'model.onnx')));
  let r: { wall: number; cpu: number };
  if (path === 'web') {
    const ort = await import('onnxruntime-web');
    r = await bare(ort as unknown as Runtime, { executionProviders: ['wasm'] }, model, inputs);
  } else {
    const installed = installOnDemand('comptoir-native-onnx', [`onnxruntime-node@${ONNXRUNTIME_NODE_VERSION}`], (l) => console.error(l));
    if ('error' in installed) throw new Error(installed.error);
    const ort = createRequire(join(installed.dir, 'index.js'))('onnxruntime-node') as Runtime;
    r = await bare(ort, { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 }, model, inputs);
  }
  return { path, threads, chunksPerS: inputs.length / r.wall, chunksPerCpuS: inputs.length / r.cpu };
}

if (process.argv[1]?.endsWith('embedRuntimes.ts')) {
  const [path, threads, modelDir, textsFile] = process.argv.slice(2);
  console.log(JSON.stringify(await child(path as EmbedPath, Number(threads), modelDir!, textsFile!)));
  process.exit(0);
}
