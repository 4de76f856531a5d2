import { GPU_CATALOG, type GpuModel } from '../catalogs/gpuModels';
import { modelMemoryBudgetMB } from '../../settings/tunables';

export interface HardwareProbe {
  webgpu: boolean;
  adapter?: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean };
  shaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** navigator.deviceMemory (GB, capped at 8 by browsers), when exposed. */
  deviceMemoryGB?: number;
  storage?: { quotaMB: number; usageMB: number };
  /** false on a page served over plain HTTP from another host: the browser then hides WebGPU. */
  secureContext?: boolean;
}

export interface ModelFit {
  model: GpuModel;
  fits: boolean;
  /** French, why it does not fit (or what to know). */
  reasons: string[];
}

export interface Recommendation {
  recommended?: GpuModel;
  fits: ModelFit[];
  summary: string;
}

const GB = 1024 ** 3;

/** Reads what the browser says about the GPU, memory and storage (runs in the page or a worker). */
export async function probeHardware(nav: Navigator = navigator): Promise<HardwareProbe> {
  const gpu = (nav as Navigator & { gpu?: GPU }).gpu;
  const deviceMemoryGB = (nav as Navigator & { deviceMemory?: number }).deviceMemory;
  const estimate = await nav.storage?.estimate?.().catch(() => undefined);
  const storage = estimate ? { quotaMB: (estimate.quota ?? 0) / 2 ** 20, usageMB: (estimate.usage ?? 0) / 2 ** 20 } : undefined;
  const secureContext = (globalThis as { isSecureContext?: boolean }).isSecureContext;
  const base = { deviceMemoryGB, storage, secureContext };
  if (!gpu) return { ...base, webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0 };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { ...base, webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0 };
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  return {
    ...base,
    webgpu: true,
    adapter: info ? {
      vendor: info.vendor, architecture: info.architecture, description: info.description,
      isFallbackAdapter: Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter),
    } : undefined,
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

/**
 * The best catalog model this machine can run, and for every model why it fits or not. GPU
 * memory is not exposed by browsers: the budget is the share of deviceMemory integrated GPUs can
 * take (src/settings/tunables.ts).
 */
export function recommendModel(probe: HardwareProbe, catalog: readonly GpuModel[] = GPU_CATALOG): Recommendation {
  const budgetMB = modelMemoryBudgetMB(probe.deviceMemoryGB);
  const freeMB = probe.storage ? probe.storage.quotaMB - probe.storage.usageMB : Infinity;
  const fits = [...catalog].sort((a, b) => a.rank - b.rank).map((model): ModelFit => {
    const reasons: string[] = [];
    if (!probe.webgpu) reasons.push('navigateur ou carte graphique sans WebGPU');
    if (model.needsF16 && !probe.shaderF16) reasons.push(`la carte graphique ne gère pas shader-f16 : prendre la version q4f32 (${model.twin})`);
    if (!model.lowResource && probe.maxStorageBufferBindingSize < GB) reasons.push('la carte graphique limite la taille des tampons (modèle trop gros pour elle)');
    if (model.vramMB > budgetMB) reasons.push(`mémoire insuffisante : ${(model.vramMB / 1024).toFixed(1)} Go requis, environ ${(budgetMB / 1024).toFixed(1)} Go disponibles`);
    if (model.downloadMB > freeMB) reasons.push(`stockage insuffisant : ${(model.downloadMB / 1024).toFixed(1)} Go requis, ${(freeMB / 1024).toFixed(1)} Go libres`);
    return { model, fits: reasons.length === 0, reasons };
  });
  const recommended = fits.find((f) => f.fits)?.model;
  // About the GPU models only: the engine policy (enginePolicy.ts) says which engine the PC gets,
  // the processor's included, so this line never claims search-only on its own.
  const summary = !probe.webgpu
    ? probe.secureContext === false
      ? 'WebGPU coupé par le navigateur : la page n’est pas servie en HTTPS, aucun modèle pour carte graphique sur ce poste.'
      : 'Pas de WebGPU dans ce navigateur : aucun modèle pour carte graphique sur ce poste.'
    : recommended
      ? `Recommandé pour la carte graphique de ce poste : ${recommended.label} (${recommended.quantization})${!probe.shaderF16 ? ', version q4f32 car la carte graphique ne gère pas shader-f16' : ''}.`
      : 'Aucun modèle pour carte graphique ne tient sur ce poste.';
  return { recommended, fits, summary };
}
