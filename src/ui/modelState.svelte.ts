import type { LlmEngine } from '../llm/llmEngine';

export type ModelStatus = 'none' | 'loading' | 'ready' | 'search-only' | 'error';

/** Which engine answers (if any), and why generation is unavailable when it is. */
export class ModelState {
  status = $state<ModelStatus>('none');
  reason = $state('');
  progress = $state(0);
  progressText = $state('');
  modelName = $state('');
  /** The agent chose search-only even though a model is ready. */
  searchOnlyByChoice = $state(false);
  engine = $state.raw<LlmEngine | undefined>();

  async init(): Promise<void> {
    if (import.meta.env.VITE_COMPTOIR_TEST_ENGINE === '1' && new URLSearchParams(location.search).get('moteur') === 'test') {
      const { createTestEngine } = await import('../llm/testEngine');
      await this.use(createTestEngine(), 'modèle de test (scripté)');
      return;
    }
    if (!('gpu' in navigator)) {
      this.status = 'search-only';
      this.reason = 'Navigateur sans WebGPU : mode recherche seule.';
      return;
    }
    this.status = 'none';
    this.reason = 'Aucun modèle installé : mode recherche seule.';
  }

  async use(engine: LlmEngine, name: string): Promise<void> {
    this.status = 'loading';
    this.modelName = name;
    try {
      await engine.load((p) => {
        this.progress = p.fraction;
        this.progressText = p.text;
      });
      this.engine = engine;
      this.status = 'ready';
      this.reason = '';
    } catch (err) {
      this.status = 'error';
      this.reason = `Le modèle n'a pas pu être chargé (${String((err as Error)?.message ?? err)}) : mode recherche seule.`;
    }
  }

  /** The engine to answer with, or undefined for search-only. */
  get active(): LlmEngine | undefined {
    return this.status === 'ready' && !this.searchOnlyByChoice ? this.engine : undefined;
  }
}
