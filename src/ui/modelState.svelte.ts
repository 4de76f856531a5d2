import type { ModelSource } from '../llm/appConfig';
import { CATALOG, catalogModel, type CatalogModel } from '../llm/catalog';
import { probeHardware, recommendModel, type HardwareProbe, type Recommendation } from '../llm/hardwareProbe';
import type { GenerationStats, LlmEngine } from '../llm/llmEngine';
import { mapLlmError, type LlmFailure } from '../llm/llmErrors';
import type { ComptoirDb } from '../storage/db';

export type ModelStatus = 'none' | 'loading' | 'ready' | 'search-only' | 'error';

interface ModelSettings {
  /** Downloads from the public hub: off by default (kiosks, offline desks); an administrator turns it on. */
  allowHub: boolean;
  /** The model to load at start-up, once it has loaded successfully here. */
  active?: string;
  /**
   * Models that completed a load on this PC (a half-downloaded one is never listed), with where
   * their files came from: web-llm caches them under those URLs, so they must be asked for again.
   */
  installed: Record<string, ModelSource['kind']>;
}

const SETTINGS_KEY = 'models';

/** Which engine answers (if any), why generation is unavailable when it is, and the models here. */
export class ModelState {
  status = $state<ModelStatus>('none');
  reason = $state('');
  failure = $state<LlmFailure | undefined>();
  progress = $state(0);
  progressText = $state('');
  modelName = $state('');
  /** The agent chose search-only even though a model is ready. */
  searchOnlyByChoice = $state(false);
  engine = $state.raw<LlmEngine | undefined>();
  probe = $state.raw<HardwareProbe | undefined>();
  recommendation = $state.raw<Recommendation | undefined>();
  settings = $state<ModelSettings>({ allowHub: false, installed: {} });
  onOrigin = $state<string[]>([]);
  lastStats = $state<GenerationStats | undefined>();
  /** Kiosk builds (VITE_COMPTOIR_KIOSK=1) never download from the internet, whatever the settings say. */
  readonly kiosk = import.meta.env.VITE_COMPTOIR_KIOSK === '1';
  private loading?: { cancel?: () => void };

  constructor(private readonly db?: ComptoirDb) {}

  async init(): Promise<void> {
    if (import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1' && new URLSearchParams(location.search).get('moteur') === 'test') {
      const { createTestEngine } = await import('../llm/testEngine');
      const params = new URLSearchParams(location.search);
      const speed = Number(params.get('vitesse')) || undefined;
      const words = Number(params.get('mots')) || undefined;
      await this.use(createTestEngine({ tokensPerSecond: speed, words }), 'modèle de test (scripté)');
      return;
    }
    if (this.db) this.settings = { ...this.settings, ...((await this.db.settings.get(SETTINGS_KEY))?.value as Partial<ModelSettings> | undefined) };
    this.probe = await probeHardware();
    this.recommendation = recommendModel(this.probe);
    if (!this.probe.webgpu) {
      this.status = 'search-only';
      this.reason = 'Navigateur sans WebGPU : mode recherche seule.';
      return;
    }
    const { modelsOnOrigin } = await import('../llm/modelCache');
    this.onOrigin = await modelsOnOrigin(CATALOG, location.origin);
    const active = this.settings.active && catalogModel(this.settings.active);
    if (active && this.settings.installed[active.id]) {
      await this.load(active);
      return;
    }
    this.status = 'none';
    this.reason = 'Aucun modèle installé : mode recherche seule. Choisissez un modèle dans les paramètres.';
  }

  /**
   * Where a model's files come from: where they came from when it was installed (they are in the
   * cache under those URLs), else this origin's models/ folder, else the hub if allowed.
   */
  sourceFor(model: CatalogModel): ModelSource | undefined {
    const kind = this.settings.installed[model.id]
      ?? (this.onOrigin.includes(model.id) ? 'local' : this.settings.allowHub && !this.kiosk ? 'hub' : undefined);
    if (kind === 'local') return { kind, origin: location.origin };
    return kind === 'hub' ? { kind } : undefined;
  }

  isInstalled(model: CatalogModel): boolean {
    return model.id in this.settings.installed;
  }

  private withoutInstalled(id: string): ModelSettings['installed'] {
    const { [id]: _removed, ...rest } = this.settings.installed;
    return rest;
  }

  async load(model: CatalogModel, restoring = false): Promise<void> {
    const source = this.sourceFor(model) ?? { kind: 'local', origin: location.origin };
    const { WebLlmEngine, LlmError } = await import('../llm/webLlmEngine');
    // The GPU rarely holds two models: the current one goes first, and comes back if the new fails.
    const previous = this.engine && this.status === 'ready' ? catalogModel(this.engine.id) : undefined;
    await this.engine?.unload();
    this.engine = undefined;
    const engine = new WebLlmEngine(model, source);
    this.loading = { cancel: () => engine.cancel() };
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    const context = {
      f32Twin: model.twin,
      neededMB: model.downloadMB,
      availableMB: estimate ? ((estimate.quota ?? 0) - (estimate.usage ?? 0)) / 2 ** 20 : undefined,
    };
    // Re-mapped here with the storage figures, which only the page knows.
    const ok = await this.use(engine, `${model.label} (${model.quantization})`, (err) =>
      mapLlmError(err instanceof LlmError ? err.failure.detail : err, context));
    this.loading = undefined;
    if (ok) {
      await this.saveSettings({ active: model.id, installed: { ...this.settings.installed, [model.id]: source.kind } });
    } else if (this.failure && ['quota', 'aborted', 'corrupt'].includes(this.failure.code)) {
      // Nothing half-installed stays behind, nor marked as ready.
      const { deleteCached } = await import('../llm/modelCache');
      await deleteCached(model, source).catch(() => {});
      await this.saveSettings({ installed: this.withoutInstalled(model.id) });
    }
    if (!ok && previous && !restoring && previous.id !== model.id) {
      const failure = this.failure;
      await this.load(previous, true);
      if (this.status === 'ready' && failure) this.reason = `${model.label} n'a pas pu être chargé (${failure.message}) : ${previous.label} reste en service.`;
    }
  }

  cancel(): void {
    this.loading?.cancel?.();
  }

  async remove(model: CatalogModel): Promise<void> {
    if (this.engine?.id === model.id) {
      await this.engine.unload();
      this.engine = undefined;
      this.status = 'none';
      this.reason = 'Modèle supprimé : mode recherche seule.';
    }
    const { deleteCached } = await import('../llm/modelCache');
    await deleteCached(model, this.sourceFor(model) ?? { kind: 'local', origin: location.origin }).catch(() => {});
    await this.saveSettings({ installed: this.withoutInstalled(model.id), active: this.settings.active === model.id ? undefined : this.settings.active });
  }

  async setAllowHub(allow: boolean): Promise<void> {
    await this.saveSettings({ allowHub: allow });
  }

  async use(engine: LlmEngine, name: string, toFailure: (err: unknown) => LlmFailure = (e) => mapLlmError(e)): Promise<boolean> {
    this.status = 'loading';
    this.modelName = name;
    this.failure = undefined;
    this.progress = 0;
    try {
      await engine.load((p) => {
        this.progress = p.fraction;
        this.progressText = p.text;
      });
      this.engine = engine;
      this.status = 'ready';
      this.reason = '';
      return true;
    } catch (err) {
      this.failure = toFailure(err);
      this.status = 'error';
      this.reason = `${this.failure.message} Mode recherche seule en attendant.`;
      return false;
    }
  }

  /** The engine to answer with, or undefined for search-only. */
  get active(): LlmEngine | undefined {
    return this.status === 'ready' && !this.searchOnlyByChoice ? this.engine : undefined;
  }

  private async saveSettings(patch: Partial<ModelSettings>): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    await this.db?.settings.put({ key: SETTINGS_KEY, value: $state.snapshot(this.settings) });
  }
}
