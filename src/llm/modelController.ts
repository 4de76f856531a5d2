import type { ModelSource } from './engines/webLlmAppConfig';
import { GPU_CATALOG, gpuModel, type GpuModel } from './catalogs/gpuModels';
import { cpuGeneration, llamaThreads } from './policy/cpuBudget';
import { GENERATION, type GenerationBudget } from '../settings/tunables';
import type { ModelSettings } from '../settings/storedSettings';
import { CPU_CATALOG, cpuModel, type CpuModel } from './catalogs/cpuModels';
import { chooseEngine, type CpuProbe, type EngineChoice, type EngineKind, type EngineOverride } from './policy/enginePolicy';
import { recommendModel, type HardwareProbe, type Recommendation } from './policy/hardwareProbe';
import type { ChatMessage, GenerationStats, LlmEngine } from './engines/llmEngine';
import type { Failure } from '../errors/appFailure';
import { failureText } from '../errors/failureText';
import { modelFailure, type FailureContext } from './modelFailure';

export type ModelStatus = 'none' | 'loading' | 'ready' | 'search-only' | 'error';

export type { ModelSettings } from '../settings/storedSettings';

/** Everything the UI shows; the reactive shell passes a $state object, tests a plain one. */
export interface ModelView {
  status: ModelStatus;
  reason: string;
  failure?: Failure;
  progress: number;
  progressText: string;
  modelName: string;
  engine?: LlmEngine;
  /** Which engine the loaded model runs on. */
  engineKind?: EngineKind;
  probe?: HardwareProbe;
  cpu?: CpuProbe;
  recommendation?: Recommendation;
  choice?: EngineChoice;
  settings: ModelSettings;
  onOrigin: string[];
  lastStats?: GenerationStats;
  /** Passages and answer length for the loaded engine. */
  generation: GenerationBudget;
  /** The agent chose search-only even though a model is ready. */
  searchOnlyByChoice: boolean;
  /** An administrator is qualifying the model (Paramètres): questions meanwhile get search-only answers. */
  qualifying: boolean;
}

/** A loadable engine: web-llm's and wllama's clients both can stop a load in progress. */
export type LoadableEngine = LlmEngine & { cancel?(): void };

export type AnyModel = { kind: 'webgpu'; model: GpuModel } | { kind: 'cpu'; model: CpuModel };

export interface ModelDeps {
  loadSettings(): Promise<Partial<ModelSettings> | undefined>;
  saveSettings(settings: ModelSettings): Promise<void>;
  probe(): Promise<{ gpu: HardwareProbe; cpu: CpuProbe }>;
  /** Model folders an operator copied under models/ on this origin. */
  modelsOnOrigin(): Promise<string[]>;
  createEngine(model: AnyModel, source: ModelSource, cpu: CpuProbe | undefined): Promise<LoadableEngine>;
  /** Drops what a model left in the browser's caches. */
  deleteCached(model: AnyModel, source: ModelSource): Promise<void>;
  /** Whether this server's security policy keeps the page from the model hub (COMPTOIR_ALLOW_HUB off). */
  hubBlocked?(): Promise<boolean | undefined>;
  /** Kiosk builds never download from the internet, whatever the settings say. */
  kiosk: boolean;
  origin: string;
  /** CPU models offered besides the catalog (the test build: the tiny real GGUF of the fixtures). */
  testModels?: readonly CpuModel[];
  /**
   * The start of every prompt with these settings, read by the CPU engine right after a load
   * (`question` empty) and while the agent types a question (as typed so far).
   */
  primeMessages?(generation: GenerationBudget, question?: string): ChatMessage[];
  /** The test build's scripted engine, when the page's address asks for it: init uses it instead of the policy. */
  scripted?(): Promise<{ engine: LlmEngine; name: string } | undefined>;
}

export function initialView(): ModelView {
  return { status: 'none', reason: '', progress: 0, progressText: '', modelName: '', settings: { allowHub: false, installed: {} }, onOrigin: [], generation: GENERATION, searchOnlyByChoice: false, qualifying: false };
}

/**
 * Which engine answers (if any), why generation is unavailable when it is, and the models here:
 * the policy's choice at start-up, loading with rollback to the previous model when a load
 * fails, removal, and the settings kept in IndexedDB. Plain TypeScript, tested in Node with the
 * scripted engine; src/ui/modelState.svelte.ts is its reactive shell.
 */
export class ModelController {
  private loading?: LoadableEngine;
  /** Load requests made so far, and the chain that runs them in turn. */
  private requests = 0;
  private queue: Promise<void> = Promise.resolve();
  private dayTimer?: ReturnType<typeof setTimeout>;
  private settingsRead?: Promise<void>;

  constructor(readonly view: ModelView, private readonly deps: ModelDeps) {}

  find(id: string): AnyModel | undefined {
    const gpu = gpuModel(id);
    if (gpu) return { kind: 'webgpu', model: gpu };
    const cpu = cpuModel(id, this.deps.testModels);
    return cpu ? { kind: 'cpu', model: cpu } : undefined;
  }

  /** Reads the stored settings, once: init starts with it, and start-up wiring needs them before a model loads. */
  loadSettings(): Promise<void> {
    this.settingsRead ??= this.deps.loadSettings().then((saved) => {
      this.view.settings = { ...this.view.settings, ...saved };
    });
    return this.settingsRead;
  }

  /** Downloads from the public hub: the administrator allowed them, and this is no kiosk build. */
  get hubAllowed(): boolean {
    return this.view.settings.allowHub && !this.deps.kiosk;
  }

  /** Kiosk builds never download from the internet, whatever the settings say. */
  get kiosk(): boolean {
    return this.deps.kiosk;
  }

  /** The engine to answer with, or undefined for search-only. */
  get active(): LlmEngine | undefined {
    const v = this.view;
    return v.status === 'ready' && !v.searchOnlyByChoice && !v.qualifying ? v.engine : undefined;
  }

  async init(): Promise<void> {
    const v = this.view;
    const scripted = await this.deps.scripted?.();
    if (scripted) {
      await this.use(scripted.engine, scripted.name);
      return;
    }
    await this.loadSettings();
    const { gpu, cpu } = await this.deps.probe();
    v.probe = gpu;
    v.cpu = cpu;
    v.recommendation = recommendModel(gpu);
    v.onOrigin = await this.deps.modelsOnOrigin();
    this.decide();
    const active = v.settings.active ? this.find(v.settings.active) : undefined;
    if (v.choice?.kind === 'search-only' && v.choice.overridden) {
      v.status = 'search-only';
      v.reason = 'Mode recherche seule (choix de l’administrateur).';
      return;
    }
    if (active && v.settings.installed[active.model.id] && this.allowed(active.kind)) {
      await this.load(active);
      return;
    }
    // The chosen model is already on this desk's server: load it without asking.
    const chosen = v.choice?.kind === 'cpu' ? v.choice.cpuModel : v.choice?.kind === 'webgpu' ? v.choice.gpuModel : undefined;
    if (chosen && v.onOrigin.includes(chosen.id)) {
      await this.load(this.find(chosen.id)!);
      return;
    }
    if (v.choice?.kind === 'search-only') {
      v.status = 'search-only';
      v.reason = !gpu.webgpu && !v.choice.cpuFits.some((f) => f.fits)
        ? 'Navigateur sans WebGPU et mémoire insuffisante pour un modèle sur processeur : mode recherche seule.'
        : 'Aucun moteur utilisable sur ce poste : mode recherche seule.';
      return;
    }
    v.status = 'none';
    v.reason = 'Aucun modèle installé : mode recherche seule. Choisissez un modèle dans les paramètres.';
  }

  /** Re-runs the policy (after a probe, an override or a change in what is available). */
  decide(): EngineChoice | undefined {
    const v = this.view;
    if (!v.probe || !v.cpu || !v.recommendation) return undefined;
    v.choice = chooseEngine({
      gpu: v.probe, cpu: v.cpu, recommendation: v.recommendation, override: v.settings.engine ?? 'auto',
      available: (id) => { const m = this.find(id); return Boolean(m && this.sourceFor(m)); },
    });
    return v.choice;
  }

  private allowed(kind: EngineKind): boolean {
    const override = this.view.settings.engine ?? 'auto';
    return override === 'auto' || override === kind;
  }

  /**
   * Where a model's files come from: where they came from when it was installed (they are in the
   * cache under those URLs), else this origin's models/ folder, else the hub if allowed.
   */
  sourceFor(m: AnyModel): ModelSource | undefined {
    const s = this.view.settings;
    const kind = s.installed[m.model.id]
      ?? (this.view.onOrigin.includes(m.model.id) ? 'local' : this.hubAllowed && m.model.hubUrl ? 'hub' : undefined);
    if (kind === 'local') return { kind, origin: this.deps.origin };
    return kind === 'hub' ? { kind } : undefined;
  }

  isInstalled(id: string): boolean {
    return id in this.view.settings.installed;
  }

  /**
   * Loads run one at a time, the newest last: two at once (the start-up choice, then a click on
   * « Utiliser ») each created an engine and the one finishing first stayed loaded, unseen. A load
   * in flight finishes (cancelling it would delete a model already installed) and the newer one
   * then replaces it; one still waiting its turn is dropped.
   */
  load(m: AnyModel): Promise<void> {
    const ticket = ++this.requests;
    const run = this.queue.then(() => (ticket === this.requests ? this.loadNow(m, false, ticket) : undefined));
    this.queue = run.catch(() => {});
    return run;
  }

  private async loadNow(m: AnyModel, restoring: boolean, ticket: number): Promise<void> {
    const v = this.view;
    const source = this.sourceFor(m) ?? { kind: 'local', origin: this.deps.origin };
    // Memory rarely holds two models: the current one goes first, and comes back if the new fails.
    const previous = v.engine && v.status === 'ready' ? this.find(v.engine.id) : undefined;
    await v.engine?.unload();
    v.engine = undefined;
    v.engineKind = undefined;
    const engine = await this.deps.createEngine(m, source, v.cpu);
    this.loading = engine;
    const hubBlocked = source.kind === 'hub' ? await this.deps.hubBlocked?.() : undefined;
    const context: FailureContext = m.kind === 'webgpu'
      ? { f32Twin: m.model.twin, neededMB: m.model.downloadMB, hubBlocked }
      : { neededMB: m.model.fileMB, hubBlocked };
    const name = m.kind === 'webgpu' ? `${m.model.label} (${m.model.quantization})` : `${m.model.label} (${m.model.quantization}, processeur)`;
    // With the storage figures, the f32 twin and the hub's state, which only the page knows.
    const ok = await this.use(engine, name, (err) => modelFailure(err, context));
    this.loading = undefined;
    if (ok) {
      v.engineKind = m.kind;
      v.generation = m.kind === 'cpu' ? cpuGeneration(m.model, llamaThreads(v.cpu ?? {})) : GENERATION;
      // In the background: the page stays usable, a question asked meanwhile waits for it in the
      // engine, and an unload stops it.
      const prime = m.kind === 'cpu' ? this.deps.primeMessages?.(v.generation) : undefined;
      if (prime && engine.prime) {
        void engine.prime(prime).catch(() => {});
        this.primeEachDay(engine);
      }
      await this.save({ active: m.model.id, installed: { ...v.settings.installed, [m.model.id]: source.kind } });
    } else if (v.failure?.layer === 'model' && ['quota', 'aborted', 'corrupt', 'checksum'].includes(v.failure.code)) {
      // Nothing half-installed stays behind, nor marked as ready.
      await this.deps.deleteCached(m, source).catch(() => {});
      await this.save({ installed: this.withoutInstalled(m.model.id) });
    }
    if (!ok && previous && !restoring && previous.model.id !== m.model.id && ticket === this.requests) {
      const failure = v.failure;
      await this.loadNow(previous, true, ticket);
      if (v.status === 'ready' && failure) v.reason = `${m.model.label} n'a pas pu être chargé (${failureText(failure)}) : ${previous.model.label} reste en service.`;
    }
  }

  cancel(): void {
    this.loading?.cancel?.();
  }

  /**
   * « Nouvel usager »: the engine drops what it keeps of the last questions; the CPU engine reads
   * the system prompt again (nothing of a question in it).
   */
  async forgetConversation(): Promise<void> {
    const v = this.view;
    if (v.status !== 'ready' || !v.engine?.forgetConversation) return;
    const keep = v.engineKind === 'cpu' ? this.deps.primeMessages?.(v.generation) : undefined;
    await v.engine.forgetConversation(keep);
  }

  /**
   * The agent paused while typing `typed`: the CPU engine reads it ahead (see src/llm/readAhead.ts).
   * Nothing on the GPU engine (it reads a prompt in a fraction of a second), while loading, nor
   * while an administrator qualifies the model.
   */
  readAhead(typed: string): void {
    if (!this.view.qualifying) this.prime(typed);
  }

  private prime(typed: string): void {
    const v = this.view;
    if (v.status !== 'ready' || v.engineKind !== 'cpu' || !v.engine?.prime) return;
    const messages = this.deps.primeMessages?.(v.generation, typed);
    if (messages) void v.engine.prime(messages).catch(() => {});
  }

  /**
   * Llama 3's chat template writes today's date into the system turn: from midnight on, the
   * primed prompt no longer matches what a question sends, and the first question of the day
   * would read the whole system prompt again (≈ 15 s on a 4-core PC). So the engine reads it
   * again just after midnight, as long as it stays loaded (the same prompt costs one token).
   */
  private primeEachDay(engine: LlmEngine): void {
    clearTimeout(this.dayTimer);
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 5);
    this.dayTimer = setTimeout(() => {
      if (this.view.engine !== engine) return;
      this.prime('');
      this.primeEachDay(engine);
    }, next.getTime() - now.getTime());
  }

  async remove(m: AnyModel): Promise<void> {
    const v = this.view;
    if (v.engine?.id === m.model.id) {
      await v.engine.unload();
      v.engine = undefined;
      v.engineKind = undefined;
      v.status = 'none';
      v.reason = 'Modèle supprimé : mode recherche seule.';
    }
    await this.deps.deleteCached(m, this.sourceFor(m) ?? { kind: 'local', origin: this.deps.origin }).catch(() => {});
    await this.save({ installed: this.withoutInstalled(m.model.id), active: v.settings.active === m.model.id ? undefined : v.settings.active });
  }

  async setAllowHub(allow: boolean): Promise<void> {
    await this.save({ allowHub: allow });
    this.decide();
  }

  /** The administrator's engine choice; takes effect now (an engine it excludes is unloaded). */
  async setEngineOverride(engine: EngineOverride): Promise<void> {
    await this.save({ engine });
    this.decide();
    const v = this.view;
    if (v.engine && v.engineKind && !this.allowed(v.engineKind)) {
      await v.engine.unload();
      v.engine = undefined;
      v.engineKind = undefined;
      v.status = engine === 'search-only' ? 'search-only' : 'none';
      v.reason = engine === 'search-only' ? 'Mode recherche seule (choix de l’administrateur).' : 'Choisissez un modèle pour ce moteur dans les paramètres.';
    }
  }

  async use(engine: LlmEngine, name: string, toFailure: (err: unknown) => Failure = (e) => modelFailure(e)): Promise<boolean> {
    const v = this.view;
    v.status = 'loading';
    v.modelName = name;
    v.failure = undefined;
    v.progress = 0;
    try {
      await engine.load((p) => {
        v.progress = p.fraction;
        v.progressText = p.text;
      });
      v.engine = engine;
      v.status = 'ready';
      v.reason = '';
      return true;
    } catch (err) {
      v.failure = toFailure(err);
      v.status = 'error';
      v.reason = `${failureText(v.failure)} Mode recherche seule en attendant.`;
      return false;
    }
  }

  /** Every model of both catalogs, for the model manager. */
  models(): AnyModel[] {
    const cpu = [...CPU_CATALOG, ...(this.deps.testModels ?? [])];
    return [
      ...[...GPU_CATALOG].sort((a, b) => a.rank - b.rank).map((model): AnyModel => ({ kind: 'webgpu', model })),
      ...cpu.map((model): AnyModel => ({ kind: 'cpu', model })),
    ];
  }

  private withoutInstalled(id: string): ModelSettings['installed'] {
    const { [id]: _removed, ...rest } = this.view.settings.installed;
    return rest;
  }

  private async save(patch: Partial<ModelSettings>): Promise<void> {
    this.view.settings = { ...this.view.settings, ...patch };
    await this.deps.saveSettings(this.view.settings);
  }
}
