/**
 * Native llama.cpp, the yardstick for the browser engine: node-llama-cpp's prebuilt CPU binary on
 * the same GGUF, threads and prompt as wllama, so that bench:cpu prints same-run ratios.
 *
 * Installed on demand (scripts/lib/onDemand.ts), not a dependency of the project: as one, `npm ci`
 * would also fetch its CUDA and Vulkan binaries (they match every Linux x64 machine) and its build
 * tool chain. Its own install script, which would build llama.cpp or fetch it from GitHub, does
 * not run: the binary is the npm package @node-llama-cpp/<platform>, and `build: 'never'` keeps
 * node-llama-cpp from building or fetching anything when that binary does not fit the machine.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChatMessage } from '../../src/llm/engines/llmEngine';
import { installOnDemand } from './onDemand';

export const NODE_LLAMA_CPP_VERSION = '3.22.1';

/** The prebuilt package for this machine (node-llama-cpp's names), or undefined where there is none. */
function binaryPackage(): string | undefined {
  const names: Record<string, string> = {
    'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'darwin-arm64': 'mac-arm64-metal', 'darwin-x64': 'mac-x64',
    'win32-x64': 'win-x64', 'win32-arm64': 'win-arm64',
  };
  const name = names[`${process.platform}-${process.arch}`];
  return name && `@node-llama-cpp/${name}`;
}

/** Installs node-llama-cpp and its CPU binary if missing; the folder it lives in, or why not. */
export function ensureNativeLlama(log: (line: string) => void = console.log): { dir: string } | { error: string } {
  const binary = binaryPackage();
  if (!binary) return { error: `no prebuilt node-llama-cpp binary for ${process.platform}-${process.arch}` };
  return installOnDemand('comptoir-native-llama', [`node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`, `${binary}@${NODE_LLAMA_CPP_VERSION}`], log);
}

export interface NativeRun {
  promptTokens: number;
  /** Prompt tokens per second (the prompt evaluated in one request, as llama-server does). */
  prefillTps: number;
  /** Generated tokens per second, one token per step. */
  decodeTps: number;
  /** Prefill plus the first decode step: when the first word could show. */
  ttftMs: number;
  /** Tokens per CPU-second of this process (every llama.cpp thread), prefill and decode. */
  cpuRates: { prefill: number; decode: number };
  loadS: number;
}

interface NodeLlamaCpp {
  getLlama(options: object): Promise<{ loadModel(o: object): Promise<NativeModel>; dispose(): Promise<void> }>;
  LlamaLogLevel: Record<string, string>;
}
interface NativeModel {
  tokenize(text: string, special: boolean): number[];
  tokens: { bos: number | null; shouldPrependBosToken: boolean };
  fileInfo: { metadata: { tokenizer?: { chat_template?: string; ggml?: { bos_token_id?: number } } } };
  detokenize(tokens: number[], special: boolean): string;
  createContext(o: object): Promise<{ getSequence(): NativeSequence; dispose(): Promise<void> }>;
  dispose(): Promise<void>;
}
interface NativeSequence {
  evaluateWithoutGeneratingNewTokens(tokens: number[]): Promise<void>;
  evaluate(tokens: number[], o: object): AsyncGenerator<number>;
  dispose(): void;
}

const CHATML = "{% for m in messages %}{{'<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n'}}{% endfor %}{% if add_generation_prompt %}{{'<|im_start|>assistant\\n'}}{% endif %}";

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Loads `path` natively (CPU only) and reads `messages` through the model's own chat template, as
 * llama-server in wllama does, cold; then decodes `decodeTokens` tokens. Same context size and
 * threads as the browser run; `batch` is llama-server's default micro-batch.
 */
export async function nativeRun(dir: string, path: string, options: { messages: ChatMessage[]; threads: number; contextWindow: number; decodeTokens: number; batch?: number }): Promise<NativeRun> {
  const nlc = await import(pathToFileURL(join(dir, 'node_modules/node-llama-cpp/dist/index.js')).href) as NodeLlamaCpp;
  const { Template } = await import(pathToFileURL(join(dir, 'node_modules/@huggingface/jinja/dist/index.js')).href) as { Template: new (t: string) => { render(o: object): string } };
  const llama = await nlc.getLlama({ gpu: false, build: 'never', logLevel: nlc.LlamaLogLevel.error, progressLogs: false });
  let t = performance.now();
  const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  const loadS = (performance.now() - t) / 1000;
  try {
    // llama-server falls back to ChatML for a file without a template (stories260K).
    const template = model.fileInfo.metadata.tokenizer?.chat_template ?? CHATML;
    const bosText = model.tokens.bos !== null ? model.detokenize([model.tokens.bos], true) : '';
    const text = new Template(template).render({ messages: options.messages, add_generation_prompt: true, bos_token: bosText, eos_token: '' });
    const tokens = model.tokenize(text, true);
    if (model.tokens.shouldPrependBosToken && model.tokens.bos !== null && tokens[0] !== model.tokens.bos) tokens.unshift(model.tokens.bos);
    const batch = options.batch ?? 512;
    const context = await model.createContext({ contextSize: options.contextWindow, threads: options.threads, batchSize: Math.min(batch, options.contextWindow), flashAttention: true });
    try {
      const sequence = context.getSequence();
      let cpu = cpuSeconds();
      t = performance.now();
      await sequence.evaluateWithoutGeneratingNewTokens(tokens);
      const prefillS = (performance.now() - t) / 1000;
      const prefillCpu = cpuSeconds() - cpu;
      // Decode: one token per step from where the prompt ended (random weights: what it writes
      // does not matter, only that each step reads every weight once).
      let n = 0;
      let firstStepMs = 0;
      cpu = cpuSeconds();
      t = performance.now();
      for await (const _ of sequence.evaluate([tokens[tokens.length - 1]!], { temperature: 0 })) {
        firstStepMs ||= performance.now() - t;
        if (++n >= options.decodeTokens) break;
      }
      const decodeS = (performance.now() - t) / 1000;
      const decodeCpu = cpuSeconds() - cpu;
      sequence.dispose();
      return {
        promptTokens: tokens.length, prefillTps: tokens.length / prefillS, decodeTps: n / decodeS, ttftMs: prefillS * 1000 + firstStepMs,
        cpuRates: { prefill: tokens.length / prefillCpu, decode: n / decodeCpu }, loadS,
      };
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
    await llama.dispose();
  }
}
