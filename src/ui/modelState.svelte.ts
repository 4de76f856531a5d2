import type { ModelSource } from '../llm/engines/webLlmAppConfig';
import { probeHardware } from '../llm/policy/hardwareProbe';
import { serverBlocksHub } from '../llm/policy/hubPolicy';
import { initialView, ModelController, type AnyModel, type LoadableEngine, type ModelView } from '../llm/modelController';
import { readSetting, writeSetting } from '../settings/storedSettings';
import type { ComptoirDb } from '../storage/db';
import { primingMessages } from '../rag/prompts';
import { TEST_CPU_MODEL } from '../lab/testModel';

export type { ModelController, ModelStatus } from '../llm/modelController';

/**
 * The page's model state: ModelController (src/llm/modelController.ts) over a $state view, which
 * the components read as `model.view`. The browser-only parts (probe, engines' workers, caches,
 * IndexedDB) are wired here.
 */
export function createModelState(db: ComptoirDb): ModelController {
  const view = $state<ModelView>(initialView());
  const testBuild = import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1';
  const controller: ModelController = new ModelController(view, {
    loadSettings: async () => readSetting(db, 'models'),
    saveSettings: async (settings) => { await writeSetting(db, 'models', $state.snapshot(settings)); },
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
      return modelsOnOrigin(controller.models().map(originProbe), location.origin);
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
    // Kiosk builds (VITE_COMPTOIR_KIOSK=1) never download from the internet, whatever the settings say.
    kiosk: import.meta.env.VITE_COMPTOIR_KIOSK === '1',
    origin: location.origin,
    testModels: testBuild ? [TEST_CPU_MODEL] : [],
    primeMessages: (generation, question) => primingMessages(generation.prompt, question),
    scripted: testBuild ? scriptedEngine : undefined,
  });
  return controller;
}

/** The test build answers with the scripted engine when the address says ?moteur=test. */
async function scriptedEngine() {
  const params = new URLSearchParams(location.search);
  if (params.get('moteur') !== 'test') return undefined;
  const { createTestEngine } = await import('../lab/testEngine');
  const speed = Number(params.get('vitesse')) || undefined;
  const words = Number(params.get('mots')) || undefined;
  const { isMistake } = await import('../lab/scriptedMistakes');
  const mistake = params.get('erreur');
  const engine = createTestEngine({ tokensPerSecond: speed, words, mistake: isMistake(mistake) ? mistake : undefined, otherCaseFigure: params.get('chiffre') ?? undefined });
  return { engine, name: 'modèle de test (scripté)' };
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
