/**
 * French-capable instruct models from web-llm 0.2.86's prebuilt list (ids, libraries, VRAM and
 * context as that release declares them). Download sizes are estimates (parameters × ~0.56 byte
 * for q4f16, ~0.6 for q4f32, plus tokenizer). `rank`: our order of preference for answer quality
 * in French with citations, best first.
 */
export interface GpuModel {
  /** web-llm model_id; also the folder name under models/. */
  id: string;
  label: string;
  paramsB: number;
  quantization: 'q4f16_1' | 'q4f32_1';
  /** VRAM web-llm declares for the model (MB). */
  vramMB: number;
  /** Approximate download (MB). */
  downloadMB: number;
  contextWindow: number;
  /** Needs the WebGPU shader-f16 feature (every q4f16 model does in practice). */
  needsF16: boolean;
  /** Runs within WebGPU's 128 MB minimum storage-buffer binding (web-llm's low_resource_required). */
  lowResource: boolean;
  /** The same model in the other precision: the f32 twin of an f16 model, and back. */
  twin?: string;
  /** Model library file name (the .wasm web-llm compiles for this model). */
  lib: string;
  /** Where the public hub keeps the weights, used only when an administrator allows downloads. */
  hubUrl: string;
  rank: number;
  notes: string;
}

const LIB_BASE = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';
const HUB = 'https://huggingface.co/mlc-ai/';

function pair(base: Omit<GpuModel, 'id' | 'quantization' | 'vramMB' | 'downloadMB' | 'needsF16' | 'twin' | 'lib' | 'hubUrl'> & {
  name: string;
  libName: string;
  vram16: number;
  vram32: number;
}): GpuModel[] {
  const { name, libName, vram16, vram32, ...rest } = base;
  const id16 = `${name}-q4f16_1-MLC`;
  const id32 = `${name}-q4f32_1-MLC`;
  return [
    { ...rest, id: id16, quantization: 'q4f16_1', vramMB: vram16, downloadMB: Math.round(base.paramsB * 560 + 20), needsF16: true, twin: id32, lib: `${libName}-q4f16_1_cs1k-webgpu.wasm`, hubUrl: HUB + id16 },
    { ...rest, id: id32, quantization: 'q4f32_1', vramMB: vram32, downloadMB: Math.round(base.paramsB * 600 + 20), needsF16: false, twin: id16, lib: `${libName}-q4f32_1_cs1k-webgpu.wasm`, hubUrl: HUB + id32, rank: rest.rank + 0.5 },
  ];
}

export const GPU_CATALOG: readonly GpuModel[] = [
  ...pair({ name: 'Qwen2.5-3B-Instruct', libName: 'Qwen2.5-3B-Instruct', label: 'Qwen2.5 3B Instruct', paramsB: 3.1, vram16: 2505, vram32: 2894, contextWindow: 4096, lowResource: true, rank: 1, notes: 'Bon français, suit bien la consigne de citer ; le meilleur compromis pour un poste récent.' }),
  ...pair({ name: 'Llama-3.2-3B-Instruct', libName: 'Llama-3.2-3B-Instruct', label: 'Llama 3.2 3B Instruct', paramsB: 3.2, vram16: 2264, vram32: 2952, contextWindow: 4096, lowResource: true, rank: 2, notes: 'Français correct, un peu plus rapide que Qwen2.5 3B.' }),
  ...pair({ name: 'Qwen3-4B', libName: 'Qwen3-4B', label: 'Qwen3 4B', paramsB: 4.0, vram16: 3432, vram32: 4328, contextWindow: 4096, lowResource: true, rank: 3, notes: 'Plus lourd ; mode « réflexion » à désactiver ; pour une carte graphique dédiée.' }),
  ...pair({ name: 'Phi-3.5-mini-instruct', libName: 'Phi-3.5-mini-instruct', label: 'Phi-3.5 mini', paramsB: 3.8, vram16: 3672, vram32: 5483, contextWindow: 4096, lowResource: false, rank: 4, notes: 'Français moyen, lourd en mémoire.' }),
  ...pair({ name: 'gemma-2-2b-it', libName: 'gemma-2-2b-it', label: 'Gemma 2 2B', paramsB: 2.6, vram16: 1895, vram32: 2509, contextWindow: 4096, lowResource: false, rank: 5, notes: 'Bon français pour sa taille.' }),
  ...pair({ name: 'Qwen2.5-1.5B-Instruct', libName: 'Qwen2-1.5B-Instruct', label: 'Qwen2.5 1.5B Instruct', paramsB: 1.5, vram16: 1630, vram32: 1889, contextWindow: 4096, lowResource: true, rank: 6, notes: 'Rapide sur un GPU intégré ; réponses plus courtes, parfois approximatives.' }),
  ...pair({ name: 'Qwen3-1.7B', libName: 'Qwen3-1.7B', label: 'Qwen3 1.7B', paramsB: 1.7, vram16: 2037, vram32: 2635, contextWindow: 4096, lowResource: true, rank: 7, notes: 'Petit modèle récent.' }),
  ...pair({ name: 'Llama-3.2-1B-Instruct', libName: 'Llama-3.2-1B-Instruct', label: 'Llama 3.2 1B Instruct', paramsB: 1.2, vram16: 879, vram32: 1129, contextWindow: 4096, lowResource: true, rank: 8, notes: 'Pour les postes les plus modestes ; qualité limitée.' }),
].map((m) => ({ ...m, lib: LIB_BASE + m.lib }));

/**
 * Default for a typical France Services counter PC (integrated GPU, 8–16 GB of shared memory):
 * Qwen2.5 3B q4f16 — 2.5 GB of VRAM fits in shared memory next to the browser, its French and its
 * respect of "cite [n]" are clearly better than the 1–1.5B models, and decode stays readable
 * (Iris Xe ceiling ≈ 38 tok/s for a 3B). The probe downgrades to 1.5B or 1B when memory is short
 * and to the q4f32 twin when the GPU lacks shader-f16.
 */
export const DEFAULT_MODEL_ID = 'Qwen2.5-3B-Instruct-q4f16_1-MLC';

export function gpuModel(id: string): GpuModel | undefined {
  return GPU_CATALOG.find((m) => m.id === id);
}
