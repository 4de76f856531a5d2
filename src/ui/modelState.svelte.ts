import type { ModelSource } from '../llm/engines/webLlmAppConfig';
import { probeHardware } from '../llm/policy/hardwareProbe';
import { serverBlocksHub } from '../llm/policy/hubPolicy';
import type { LlmEngine } from '../llm/engines/llmEngine';
import { initialView, ModelController, type AnyModel, type LoadableEngine, type ModelView } from '../llm/modelController';
import type { EngineOverride } from '../llm/policy/enginePolicy';
import type { ComptoirDb } from '../storage/db';
import { primingMessages } from '../rag/prompts';
import { TEST_CPU_MODEL } from '../lab/testModel';
import { readSetting, writeSetting } from '../settings/storedSettings';

export type { ModelStatus } from '../llm/modelController';

/**
 * The reactive shell of ModelController (src/llm/modelController.ts): the controller writes into
 * a $state object, which the components read. The browser-only parts (probe, engines' workers,
 * caches, IndexedDB) are wired here.
 */
export class ModelState {
  readonly view = $state<ModelView>(initialView());
  /** The agent chose search-only even though a model is ready. */
  searchOnlyByChoice = $state(false);
  /** An administrator is qualifying the model (Paramètres): questions meanwhile get search-only answers. */
  qualifying = $state(false);
  /** Kiosk builds (VITE_COMPTOIR_KIOSK=1) never download from the internet, whatever the settings say. */
  readonly kiosk = import.meta.env.VITE_COMPTOIR_KIOSK === '1';
  readonly controller: ModelController;

  constructor(db?: ComptoirDb) {
    const testBuild = import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1';
    this.controller = new ModelController(this.view, {
      loadSettings: async () => (db ? readSetting(db, 'models') : undefined),
      saveSettings: async (settings) => { if (db) await writeSetting(db, 'models', $state.snapshot(settings)); },
      probe: async () => ({
        gpu: await probeHardware(),
        cpu: {
          cores: navigator.hardwareConcurrency || 1,
          crossOriginIsolated: globalThis.crossOriginIsolated === true,
          deviceMemoryGB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
        },
      }),
      modelsOnOrigin: async () => {
        const { modelsOnOrigin } = await import('../llm/modelFiles/modelCache');
        return modelsOnOrigin(this.controller.models().map(originProbe), location.origin);
      },
      createEngine: (m, source) => createEngine(m, source),
      deleteCached: async (m, source) => {
        if (m.kind === 'webgpu') {
          const { deleteCached } = await import('../llm/modelFiles/modelCache');
          await deleteCached(m.model, source);
        } else {
          await (await cpuEngine(m, source)).forget();
        }
      },
      hubBlocked: () => serverBlocksHub(location.href),
      kiosk: this.kiosk,
      origin: location.origin,
      testModels: testBuild ? [TEST_CPU_MODEL] : [],
      primeMessages: (generation, question) => primingMessages(generation.prompt, question),
    });
  }

  async init(): Promise<void> {
    if (import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1' && new URLSearchParams(location.search).get('moteur') === 'test') {
      const { createTestEngine } = await import('../lab/testEngine');
      const params = new URLSearchParams(location.search);
      const speed = Number(params.get('vitesse')) || undefined;
      const words = Number(params.get('mots')) || undefined;
      const { isMistake } = await import('../lab/scriptedMistakes');
      const mistake = params.get('erreur');
      await this.controller.use(createTestEngine({ tokensPerSecond: speed, words, mistake: isMistake(mistake) ? mistake : undefined, otherCaseFigure: params.get('chiffre') ?? undefined }), 'modèle de test (scripté)');
      return;
    }
    await this.controller.init();
  }

  get status() { return this.view.status; }
  get reason() { return this.view.reason; }
  get failure() { return this.view.failure; }
  get progress() { return this.view.progress; }
  get progressText() { return this.view.progressText; }
  get modelName() { return this.view.modelName; }
  get engine() { return this.view.engine; }
  get probe() { return this.view.probe; }
  get recommendation() { return this.view.recommendation; }
  get choice() { return this.view.choice; }
  get settings() { return this.view.settings; }
  get onOrigin() { return this.view.onOrigin; }
  get generation() { return this.view.generation; }
  get lastStats() { return this.view.lastStats; }
  set lastStats(stats) { this.view.lastStats = stats; }

  load(m: AnyModel): Promise<void> { return this.controller.load(m); }
  remove(m: AnyModel): Promise<void> { return this.controller.remove(m); }
  cancel(): void { this.controller.cancel(); }
  readAhead(typed: string): void { if (!this.qualifying) this.controller.readAhead(typed); }
  forgetConversation(): Promise<void> { return this.controller.forgetConversation(); }
  setAllowHub(allow: boolean): Promise<void> { return this.controller.setAllowHub(allow); }
  setEngineOverride(engine: EngineOverride): Promise<void> { return this.controller.setEngineOverride(engine); }
  sourceFor(m: AnyModel): ModelSource | undefined { return this.controller.sourceFor(m); }
  isInstalled(id: string): boolean { return this.controller.isInstalled(id); }

  /** The engine to answer with, or undefined for search-only. */
  get active(): LlmEngine | undefined {
    return this.view.status === 'ready' && !this.searchOnlyByChoice && !this.qualifying ? this.view.engine : undefined;
  }
}

/** The file whose presence says a model folder was copied to models/. */
function originProbe(m: AnyModel): { id: string; probe: string } {
  return { id: m.model.id, probe: m.kind === 'cpu' ? m.model.file : 'resolve/main/mlc-chat-config.json' };
}

async function cpuEngine(m: Extract<AnyModel, { kind: 'cpu' }>, source: ModelSource) {
  const { WllamaEngine } = await import('../llm/engines/wllamaEngine');
  const url = source.kind === 'hub' ? m.model.hubUrl : `${source.origin}/models/${encodeURIComponent(m.model.id)}/${m.model.file}`;
  return new WllamaEngine({ id: m.model.id, url, contextWindow: m.model.contextWindow });
}

/** Engines are imported on first use: neither web-llm (6 MB) nor wllama weighs on the first load. */
async function createEngine(m: AnyModel, source: ModelSource): Promise<LoadableEngine> {
  if (m.kind === 'cpu') return cpuEngine(m, source);
  const { WebLlmEngine } = await import('../llm/engines/webLlmEngine');
  return new WebLlmEngine(m.model, source);
}
