import type { GpuModel } from '../catalogs/gpuModels';
import { CPU_CATALOG, cpuRamMB, type CpuModel } from '../catalogs/cpuModels';
import { cpuSpeed, llamaThreads, MEASURED, type CpuSpeed, type MeasuredSpeed } from './cpuBudget';
import type { HardwareProbe, Recommendation } from './hardwareProbe';
import { FIRST_WORDS_TARGET_S, modelMemoryBudgetMB } from '../../settings/tunables';
import type { EngineKind, EngineOverride } from '../../settings/storedSettings';

export type { EngineKind, EngineOverride };

export interface CpuProbe {
  /** navigator.hardwareConcurrency */
  cores: number;
  /** SharedArrayBuffer allowed (COOP/COEP): llama.cpp can use every core. */
  crossOriginIsolated: boolean;
  /** navigator.deviceMemory (GB, capped at 8 by browsers), when exposed. */
  deviceMemoryGB?: number;
}

export interface CpuFit {
  model: CpuModel;
  fits: boolean;
  ramMB: number;
  reasons: string[];
  speed: CpuSpeed;
}

export interface EngineChoice {
  kind: EngineKind;
  gpuModel?: GpuModel;
  cpuModel?: CpuModel;
  /** French, for the diagnostic panel: why this engine, and why not the others. */
  reasons: string[];
  /** French, shown next to the status while the CPU engine answers. */
  speedWarning?: string;
  overridden: boolean;
  cpuFits: CpuFit[];
}

export interface ChoiceInput {
  gpu: HardwareProbe;
  cpu: CpuProbe;
  recommendation: Recommendation;
  /** Models whose files can be had here (installed, in models/, or the hub when allowed). */
  available: (id: string) => boolean;
  override?: EngineOverride;
  cpuCatalog?: readonly CpuModel[];
  /** bench:cpu figures (tests pass their own). */
  measured?: Readonly<Record<string, MeasuredSpeed>>;
}

const fmt = (x: number, digits = 0) => x.toFixed(digits).replace('.', ',');

/** Which catalog CPU models fit this PC's memory, best first, with their expected speed here. */
export function fitCpuModels(cpu: CpuProbe, catalog: readonly CpuModel[] = CPU_CATALOG, measured: Readonly<Record<string, MeasuredSpeed>> = MEASURED): CpuFit[] {
  const budgetMB = modelMemoryBudgetMB(cpu.deviceMemoryGB);
  const threads = llamaThreads(cpu);
  return [...catalog].sort((a, b) => a.rank - b.rank).map((model) => {
    const ramMB = cpuRamMB(model);
    const reasons: string[] = [];
    if (ramMB > budgetMB) reasons.push(`mémoire insuffisante : ${fmt(ramMB / 1024, 1)} Go requis, environ ${fmt(budgetMB / 1024, 1)} Go disponibles`);
    return { model, fits: reasons.length === 0, ramMB, reasons, speed: cpuSpeed(model, threads, measured) };
  });
}

function speedWarning(fit: CpuFit, cpu: CpuProbe): string {
  const s = fit.speed;
  const threads = llamaThreads(cpu);
  const figures = Number.isFinite(s.firstWordsS)
    ? `, environ ${fmt(s.firstWordsS)} s avant les premiers mots et ${fmt(s.answerS)} s pour une réponse courte`
    : '';
  // llama.cpp gets every core but one: say so, rather than calling its threads the PC's cores.
  const cores = cpu.cores > 1 ? `calcul sur ${threads} des ${cpu.cores} cœurs` : 'calcul sur un seul cœur';
  return `Réponses sur le processeur (sans carte graphique) : plus lentes${figures} sur ce poste (${cores}).`;
}

/**
 * The best-ranked fitting model expected to show its first words in time on this PC; when none
 * is, the fastest (a slow answer beats none, a very slow one helps nobody). Models whose files
 * are here come before absent ones.
 */
function pickCpuModel(fitting: CpuFit[], available: (id: string) => boolean): CpuFit | undefined {
  const here = fitting.filter((f) => available(f.model.id));
  const pool = here.length ? here : fitting;
  const known = pool.filter((f) => Number.isFinite(f.speed.firstWordsS));
  if (!known.length) return pool[0];
  return known.find((f) => f.speed.firstWordsS <= FIRST_WORDS_TARGET_S * 1.5)
    ?? known.reduce((a, b) => (b.speed.firstWordsS < a.speed.firstWordsS ? b : a));
}

/**
 * One policy for the engine: a WebGPU model that fits → web-llm; else a CPU model that fits the
 * memory → wllama, with a speed warning; else search-only. A software WebGPU adapter (SwiftShader)
 * counts as no GPU: it is slower than llama.cpp on the same cores. An administrator's override
 * wins, and says so in the reasons.
 */
export function chooseEngine(input: ChoiceInput): EngineChoice {
  const { gpu, cpu, recommendation } = input;
  const override = input.override ?? 'auto';
  const cpuFits = fitCpuModels(cpu, input.cpuCatalog, input.measured);
  const reasons: string[] = [];
  const software = Boolean(gpu.adapter?.isFallbackAdapter);
  const gpuFits = recommendation.fits.filter((f) => f.fits).map((f) => f.model);
  const gpuModel = gpuFits.find((m) => input.available(m.id)) ?? gpuFits[0];
  const cpuFit = pickCpuModel(cpuFits.filter((f) => f.fits), input.available);

  if (!gpu.webgpu) {
    reasons.push(gpu.secureContext === false
      ? 'WebGPU coupé par le navigateur : la page n’est pas servie en HTTPS.'
      : 'WebGPU indisponible dans ce navigateur ou sur cette carte graphique.');
  }
  else if (software) reasons.push(`Adaptateur WebGPU logiciel (${gpu.adapter?.description || gpu.adapter?.vendor || 'sans carte graphique'}) : plus lent que le processeur, non retenu.`);
  else if (!gpuModel) reasons.push('Aucun modèle WebGPU du catalogue ne tient sur cette carte graphique.');
  else reasons.push(`Carte graphique utilisable : ${gpuModel.label} (${gpuModel.quantization}).`);
  const gpuOk = gpu.webgpu && !software && Boolean(gpuModel);

  if (cpuFit) reasons.push(`Processeur : ${cpu.cores} cœur${cpu.cores > 1 ? 's' : ''}${cpu.crossOriginIsolated ? '' : gpu.secureContext === false ? ' (un seul utilisé : page servie sans HTTPS)' : ' (un seul utilisé : page non isolée, COOP/COEP absents)'} ; ${cpuFit.model.label} tient en mémoire (${fmt(cpuFit.ramMB / 1024, 1)} Go).`);
  else reasons.push(`Aucun modèle pour processeur ne tient en mémoire (${cpuFits.map((f) => `${f.model.label} : ${f.reasons.join(', ')}`).join(' ; ') || 'catalogue vide'}).`);

  const base = { cpuFits, overridden: override !== 'auto' };
  const asGpu = (): EngineChoice => ({ ...base, kind: 'webgpu', gpuModel, reasons });
  const asCpu = (): EngineChoice => ({ ...base, kind: 'cpu', cpuModel: cpuFit!.model, reasons, speedWarning: speedWarning(cpuFit!, cpu) });
  const none = (): EngineChoice => ({ ...base, kind: 'search-only', reasons });

  if (override !== 'auto') {
    reasons.unshift(`Choix imposé par l'administrateur : ${override === 'webgpu' ? 'carte graphique (WebGPU)' : override === 'cpu' ? 'processeur' : 'recherche seule'}.`);
    if (override === 'webgpu' && gpu.webgpu && gpuModel) return asGpu();
    if (override === 'cpu' && cpuFit) return asCpu();
    if (override === 'search-only') return none();
    reasons.push('Ce choix est impossible sur ce poste : mode recherche seule.');
    return none();
  }
  if (gpuOk) return asGpu();
  if (cpuFit) return asCpu();
  reasons.push('Mode recherche seule.');
  return none();
}
