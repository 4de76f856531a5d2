import { describe, expect, it, vi } from 'vitest';
import type { ModelSource } from '../../src/llm/engines/webLlmAppConfig';
import { gpuModel } from '../../src/llm/catalogs/gpuModels';
import { cpuGeneration, cpuSpeed, DECODE_CORE_GAIN, MEMORY_BANDWIDTH_MBPS, PREFILL_CORE_GAIN, throughput, type MeasuredSpeed } from '../../src/llm/policy/cpuBudget';
import { MAX_PASSAGE_TOKENS, MIN_PASSAGE_TOKENS, passageTokensFor, questionTokens, SYSTEM_TOKENS, TYPICAL_QUESTION_TOKENS } from '../../src/rag/passageBudget';
import { FIRST_WORDS_TARGET_S, GENERATION } from '../../src/settings/tunables';
import { CPU_CATALOG, cpuModel, cpuRamMB } from '../../src/llm/catalogs/cpuModels';
import { chooseEngine, type CpuProbe } from '../../src/llm/policy/enginePolicy';
import { recommendModel, type HardwareProbe } from '../../src/llm/policy/hardwareProbe';
import { wllamaFailure } from '../../src/llm/engines/engineFailure';
import type { ChatMessage, LoadProgress } from '../../src/llm/engines/llmEngine';
import { initialView, ModelController, type AnyModel, type ModelDeps, type ModelSettings } from '../../src/llm/modelController';
import { ScriptedEngine } from '../../src/lab/scriptedEngine';
import { buildMessages, CPU_SYSTEM_PROMPT, primingMessages } from '../../src/rag/prompts';

const GPU: HardwareProbe = {
  webgpu: true, shaderF16: true, maxBufferSize: 4 * 2 ** 30, maxStorageBufferBindingSize: 2 * 2 ** 30, deviceMemoryGB: 8,
  adapter: { vendor: 'intel', architecture: 'xe', description: 'Iris Xe', isFallbackAdapter: false },
};
const SWIFTSHADER: HardwareProbe = { ...GPU, shaderF16: false, maxStorageBufferBindingSize: 2 ** 27, adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } };
const NO_GPU: HardwareProbe = { webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0, deviceMemoryGB: 8 };
const CPU4: CpuProbe = { cores: 4, crossOriginIsolated: true, deviceMemoryGB: 8 };

/** A fast PC: every model shows its first words within the target. */
const FAST: Record<string, MeasuredSpeed> = { 'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': { prefill1: 300, decode1: 20 } };

function choose(gpu: HardwareProbe, cpu: CpuProbe = CPU4, override?: 'auto' | 'webgpu' | 'cpu' | 'search-only', measured = FAST) {
  return chooseEngine({ gpu, cpu, recommendation: recommendModel(gpu), available: () => true, override, measured });
}

describe('engine policy', () => {
  it('takes web-llm when a WebGPU model fits', () => {
    const c = choose(GPU);
    expect(c.kind).toBe('webgpu');
    expect(c.gpuModel?.id).toBe('Qwen2.5-3B-Instruct-q4f16_1-MLC');
    expect(c.speedWarning).toBeUndefined();
  });

  it('takes the CPU engine, with a speed warning, when there is no WebGPU or only a software adapter', () => {
    for (const gpu of [NO_GPU, SWIFTSHADER]) {
      const c = choose(gpu);
      expect(c.kind).toBe('cpu');
      expect(c.cpuModel?.id).toBe(CPU_CATALOG.find((m) => m.rank === 1)!.id);
      expect(c.speedWarning).toMatch(/processeur.*plus lentes/);
      // llama.cpp threads are not the PC's cores: every core but one computes.
      expect(c.speedWarning).toContain('calcul sur 3 des 4 cœurs');
      expect(c.reasons.join(' ')).toMatch(gpu === NO_GPU ? /WebGPU indisponible/ : /logiciel/);
    }
  });

  it('blames plain HTTP, not the hardware, when the browser hides WebGPU and isolation on an insecure page', () => {
    const c = choose({ ...NO_GPU, secureContext: false }, { cores: 4, crossOriginIsolated: false, deviceMemoryGB: 8 });
    const reasons = c.reasons.join(' ');
    expect(reasons).toMatch(/WebGPU coupé par le navigateur : la page n’est pas servie en HTTPS/);
    expect(reasons).toMatch(/un seul utilisé : page servie sans HTTPS/);
    expect(reasons).not.toMatch(/WebGPU indisponible dans ce navigateur/);
  });

  it('takes the fastest model when, by the measured figures, none shows its first words in time', () => {
    const c = choose(NO_GPU, CPU4, 'auto', { 'Qwen2.5-0.5B-Instruct-Q8_0-GGUF': { prefill1: 3.3, decode1: 1.7 } });
    expect(c.cpuModel?.id).toBe('Qwen2.5-0.5B-Instruct-Q8_0-GGUF');
    expect(c.speedWarning).toMatch(/environ \d+ s avant les premiers mots/);
  });

  it('falls back to search-only when no CPU model fits the memory, and says why', () => {
    const c = choose(NO_GPU, { cores: 4, crossOriginIsolated: true, deviceMemoryGB: 0.5 });
    expect(c.kind).toBe('search-only');
    expect(c.reasons.join(' ')).toMatch(/Aucun modèle pour processeur ne tient en mémoire/);
    expect(c.cpuFits.every((f) => !f.fits)).toBe(true);
  });

  it('picks a smaller CPU model when the biggest does not fit', () => {
    // 4 GB (a value browsers report): half is the budget, 2,048 MiB. By bench:cpu-memory's peaks
    // (cpuRamMB) only Qwen2.5-0.5B (≈ 1.8 GB) fits; Llama-3.2-1B (≈ 2.2 GB), CroissantLLMChat
    // (≈ 2.5 GB) and Qwen2.5-1.5B (≈ 3.0 GB) do not, however fast this PC.
    const allFast = Object.fromEntries(CPU_CATALOG.map((m) => [m.id, { prefill1: 300, decode1: 20 }]));
    const c = choose(NO_GPU, { cores: 4, crossOriginIsolated: true, deviceMemoryGB: 4 }, undefined, allFast);
    expect(c.kind).toBe('cpu');
    expect(c.cpuModel?.id).toBe('Qwen2.5-0.5B-Instruct-Q8_0-GGUF');
    expect(cpuRamMB(c.cpuModel!)).toBeLessThanOrEqual(2048);
    expect(c.cpuFits.filter((f) => f.fits).map((f) => f.model.id)).toEqual(['Qwen2.5-0.5B-Instruct-Q8_0-GGUF']);
    expect(c.cpuFits.filter((f) => !f.fits).map((f) => f.reasons[0])).toEqual([
      'mémoire insuffisante : 3,0 Go requis, environ 2,0 Go disponibles',
      'mémoire insuffisante : 2,2 Go requis, environ 2,0 Go disponibles',
      'mémoire insuffisante : 2,5 Go requis, environ 2,0 Go disponibles',
    ]);
    // 8 GB, or unknown (8 assumed): all four fit, and the best-ranked is taken.
    const big = choose(NO_GPU, { cores: 4, crossOriginIsolated: true }, undefined, allFast);
    expect(big.cpuFits.every((f) => f.fits)).toBe(true);
    expect(big.cpuModel?.id).toBe('Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF');
    // 2 GB: not even the smallest (its load holds the file more than twice).
    expect(choose(NO_GPU, { cores: 4, crossOriginIsolated: true, deviceMemoryGB: 2 }, undefined, allFast).kind).toBe('search-only');
  });

  it('prefers a fitting model whose files are here over a better one that is absent', () => {
    const c = chooseEngine({ gpu: NO_GPU, cpu: CPU4, recommendation: recommendModel(NO_GPU), available: (id) => id === 'Llama-3.2-1B-Instruct-Q4_K_M-GGUF', measured: FAST });
    expect(c.cpuModel?.id).toBe('Llama-3.2-1B-Instruct-Q4_K_M-GGUF');
  });

  it('obeys the administrator, and says when the imposed engine is impossible here', () => {
    expect(choose(GPU, CPU4, 'cpu').kind).toBe('cpu');
    expect(choose(GPU, CPU4, 'search-only').kind).toBe('search-only');
    const impossible = choose(NO_GPU, CPU4, 'webgpu');
    expect(impossible.kind).toBe('search-only');
    expect(impossible.overridden).toBe(true);
    expect(impossible.reasons.join(' ')).toMatch(/imposé par l'administrateur.*impossible/s);
  });

  it('notes when the page is not isolated: one core only, slower', () => {
    const isolated = choose(NO_GPU, CPU4);
    const single = choose(NO_GPU, { ...CPU4, crossOriginIsolated: false });
    expect(single.reasons.join(' ')).toMatch(/un seul utilisé/);
    const model = isolated.cpuModel!;
    const measured = { [model.id]: { prefill1: 30, decode1: 5 } };
    // One core reads fewer prompt tokens to keep its first words in time, and writes slower.
    const one = cpuGeneration(model, 1, measured);
    const four = cpuGeneration(model, 4, measured);
    expect(questionTokens(one.maxSources, one.passageTokens!)).toBeLessThan(questionTokens(four.maxSources, four.passageTokens!));
    expect(cpuSpeed(model, 1, measured).decodeTps).toBeLessThan(cpuSpeed(model, 4, measured).decodeTps);
  });
});

describe('CPU generation budgets', () => {
  const m = cpuModel('Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF')!;
  const slow: Record<string, MeasuredSpeed> = { [m.id]: { prefill1: 20, decode1: 4 } };
  const fast: Record<string, MeasuredSpeed> = { [m.id]: { prefill1: 200, decode1: 20 } };

  it('scales throughput with cores from the one-thread measurement, decode capped by memory bandwidth', () => {
    expect(throughput(m, 1, slow)).toEqual({ prefillTps: 20, decodeTps: 4 });
    const four = throughput(m, 4, slow);
    expect(four.prefillTps).toBeCloseTo(20 * (1 + 3 * PREFILL_CORE_GAIN), 6);
    expect(four.decodeTps).toBeCloseTo(4 * (1 + 3 * DECODE_CORE_GAIN), 6);
    // 20 tok/s on one core would need more bandwidth than a desk PC has on 8 cores.
    expect(throughput(m, 8, fast).decodeTps).toBeCloseTo(MEMORY_BANDWIDTH_MBPS / m.fileMB, 6);
  });

  it('reads fewer passages and writes a shorter answer when the CPU is slow, within the targets', () => {
    const s = cpuGeneration(m, 4, slow);
    const f = cpuGeneration(m, 4, fast);
    expect(s.maxSources).toBeLessThan(f.maxSources);
    expect(s.answerTokens).toBeLessThanOrEqual(f.answerTokens);
    expect(f.maxSources).toBeLessThanOrEqual(5);
    expect(s.maxSources).toBeGreaterThanOrEqual(1);
    expect(s.maxSources).toBeLessThan(GENERATION.maxSources);
    const speed = cpuSpeed(m, 4, fast);
    expect(speed.firstWordsS).toBeLessThanOrEqual(10.5);
    expect(speed.answerS).toBeLessThanOrEqual(46);
  });

  it('counts only what a question makes the engine read: the cached system prompt is free, passages are trimmed to fit', () => {
    // 15 tok/s: 340 tokens of system prompt and framing alone took 23 s; now a question reads ≈ 140.
    const mid: Record<string, MeasuredSpeed> = { [m.id]: { prefill1: 15 / (1 + 3 * PREFILL_CORE_GAIN), decode1: 5 / (1 + 3 * DECODE_CORE_GAIN) } };
    const g = cpuGeneration(m, 4, mid);
    expect(g).toMatchObject({ maxSources: 1, prompt: 'compact', exactTokenCount: false, historyTurns: 0 });
    expect(g.passageTokens).toBeGreaterThanOrEqual(MIN_PASSAGE_TOKENS);
    expect(g.passageTokens).toBeLessThan(MAX_PASSAGE_TOKENS);
    const speed = cpuSpeed(m, 4, mid);
    expect(speed.firstWordsS).toBeLessThanOrEqual(FIRST_WORDS_TARGET_S + 1e-9);
    expect(speed.firstWordsS).toBeGreaterThan(FIRST_WORDS_TARGET_S - 1);
    expect(speed.primeS).toBeCloseTo(SYSTEM_TOKENS / 15, 6);
    // Too slow for even a short passage in 10 s: one passage of MIN_PASSAGE_TOKENS, and the delay says so.
    const roomy = cpuGeneration(m, 4, slow);
    const crawlSpeed = cpuSpeed(m, 4, { [m.id]: { prefill1: 2, decode1: 1 } });
    expect(cpuGeneration(m, 4, { [m.id]: { prefill1: 2, decode1: 1 } }).passageTokens).toBe(MIN_PASSAGE_TOKENS);
    expect(crawlSpeed.firstWordsS).toBeGreaterThan(FIRST_WORDS_TARGET_S);
    // Room for whole passages: untrimmed ones, several.
    expect(roomy.passageTokens).toBe(MAX_PASSAGE_TOKENS);
    expect(roomy.maxSources).toBeGreaterThan(1);
  });

  it('gives a long question\'s passages fewer tokens and a short one\'s more, so first words stay in time while the floor allows', () => {
    const mid: Record<string, MeasuredSpeed> = { [m.id]: { prefill1: 15 / (1 + 3 * PREFILL_CORE_GAIN), decode1: 5 / (1 + 3 * DECODE_CORE_GAIN) } };
    const g = cpuGeneration(m, 4, mid);
    expect(passageTokensFor(g, TYPICAL_QUESTION_TOKENS)).toBe(g.passageTokens);
    const short = passageTokensFor(g, 5)!;
    const long = passageTokensFor(g, 40)!;
    expect(short).toBeGreaterThan(g.passageTokens!);
    expect(long).toBeLessThan(g.passageTokens!);
    for (const q of [3, 8, 14, 20, 30, 40]) {
      const speed = cpuSpeed(m, 4, mid, q);
      const budget = passageTokensFor(g, q)!;
      expect(budget).toBeGreaterThanOrEqual(MIN_PASSAGE_TOKENS);
      expect(budget).toBeLessThanOrEqual(MAX_PASSAGE_TOKENS);
      if (budget > MIN_PASSAGE_TOKENS && budget < MAX_PASSAGE_TOKENS) expect(speed.firstWordsS).toBeLessThanOrEqual(FIRST_WORDS_TARGET_S + 1e-9);
    }
    // A story told at length: its passages at the floor, and its first words later, said as such.
    expect(passageTokensFor(g, 200)).toBe(MIN_PASSAGE_TOKENS);
    expect(cpuSpeed(m, 4, mid, 200).firstWordsS).toBeGreaterThan(FIRST_WORDS_TARGET_S);
    // The GPU settings have no read budget: the fixed trim, if any, stands.
    expect(passageTokensFor(GENERATION, 200)).toBeUndefined();
  });

  it('scales an unmeasured model from the nearest measured one by parameter count', () => {
    const other = cpuModel('Qwen2.5-0.5B-Instruct-Q8_0-GGUF')!;
    const t = throughput(other, 1, fast);
    expect(t.prefillTps).toBeCloseTo(200 * (1.54 / 0.49), 5);
  });
});

/** An engine whose load fails with a given engine message (the browser's and wllama's, adapted as WllamaEngine does). */
class FailingEngine extends ScriptedEngine {
  constructor(private readonly error: string) {
    super({ reply: () => '' });
  }
  override async load(_: (p: LoadProgress) => void): Promise<void> {
    throw wllamaFailure(this.error);
  }
}

function setup(options: { gpu?: HardwareProbe; settings?: Partial<ModelSettings>; onOrigin?: string[]; fail?: Record<string, string> } = {}) {
  const saved: ModelSettings[] = [];
  const created: { id: string; source: ModelSource }[] = [];
  const deleted: string[] = [];
  const primed: { id: string; messages: ChatMessage[] }[] = [];
  const engines: { id: string; engine: { loaded?: boolean } }[] = [];
  const view = initialView();
  const deps: ModelDeps = {
    loadSettings: async () => options.settings,
    saveSettings: async (s) => { saved.push(structuredClone(s)); },
    probe: async () => ({ gpu: options.gpu ?? NO_GPU, cpu: CPU4 }),
    modelsOnOrigin: async () => options.onOrigin ?? [],
    createEngine: async (m, source) => {
      created.push({ id: m.model.id, source });
      const error = options.fail?.[m.model.id];
      const engine = error ? new FailingEngine(error) : new ScriptedEngine({ reply: () => 'Réponse [1].' });
      Object.defineProperty(engine, 'id', { value: m.model.id });
      engines.push({ id: m.model.id, engine });
      // Both engines may cache a prefix; the controller must ask only the CPU one to read it.
      return Object.assign(engine, { prime: async (messages: ChatMessage[]) => { primed.push({ id: m.model.id, messages }); } });
    },
    primeMessages: (generation, question) => primingMessages(generation.prompt, question),
    deleteCached: async (m) => { deleted.push(m.model.id); },
    kiosk: false,
    origin: 'http://127.0.0.1:4173',
  };
  return { view, controller: new ModelController(view, deps), saved, created, deleted, primed, engines };
}

const cpu = (id: string): AnyModel => ({ kind: 'cpu', model: cpuModel(id)! });
const QWEN15 = 'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF';
const LLAMA1 = 'Llama-3.2-1B-Instruct-Q4_K_M-GGUF';

describe('model controller (scripted engine)', () => {
  it('without WebGPU, loads the chosen CPU model found in models/ at start-up, with CPU budgets, and remembers it', async () => {
    const { view, controller, saved, created } = setup({ onOrigin: [QWEN15] });
    await controller.init();
    expect(view.choice?.kind).toBe('cpu');
    expect(view.status).toBe('ready');
    expect(view.engine?.id).toBe(QWEN15);
    expect(view.engineKind).toBe('cpu');
    expect(created).toEqual([{ id: QWEN15, source: { kind: 'local', origin: 'http://127.0.0.1:4173' } }]);
    expect(view.generation.maxSources).toBeLessThan(GENERATION.maxSources);
    expect(saved.at(-1)).toMatchObject({ active: QWEN15, installed: { [QWEN15]: 'local' } });
  });

  it('has the CPU engine read the compact system prompt right after its load, and never the GPU engine', async () => {
    const cpuSide = setup({ onOrigin: [QWEN15] });
    await cpuSide.controller.init();
    expect(cpuSide.view.generation.prompt).toBe('compact');
    expect(cpuSide.primed).toEqual([{ id: QWEN15, messages: [{ role: 'system', content: CPU_SYSTEM_PROMPT }, { role: 'user', content: 'Question :' }] }]);
    // What it primed is the exact start of what a question then sends.
    const asked = buildMessages('carte grise perdue ?', [], [], cpuSide.view.generation.prompt);
    expect(asked[0]).toEqual(cpuSide.primed[0]!.messages[0]);
    expect(asked[1]!.content.startsWith(cpuSide.primed[0]!.messages[1]!.content)).toBe(true);
    // While the agent types, the question as typed so far.
    cpuSide.controller.readAhead('carte grise');
    expect(cpuSide.primed[1]!.messages).toEqual([{ role: 'system', content: CPU_SYSTEM_PROMPT }, { role: 'user', content: 'Question : carte grise' }]);
    expect(asked[1]!.content.startsWith(cpuSide.primed[1]!.messages[1]!.content)).toBe(true);
    const gpuSide = setup({ gpu: GPU, onOrigin: ['Qwen2.5-3B-Instruct-q4f16_1-MLC'] });
    await gpuSide.controller.init();
    expect(gpuSide.view.engineKind).toBe('webgpu');
    gpuSide.controller.readAhead('carte grise');
    expect(gpuSide.primed).toEqual([]);
  });

  it('has the CPU engine read its system prompt again just after midnight (Llama 3 dates it), and only while that engine is loaded', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      vi.setSystemTime(new Date(2026, 10, 29, 23, 58, 0));
      const side = setup({ onOrigin: [QWEN15] });
      await side.controller.init();
      expect(side.primed).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(side.primed).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      expect(side.primed).toHaveLength(2);
      expect(side.primed[1]!.messages).toEqual(side.primed[0]!.messages);
      // And the next midnight too; not once the engine is gone.
      await vi.advanceTimersByTimeAsync(24 * 3600_000);
      expect(side.primed).toHaveLength(3);
      await side.controller.remove(cpu(QWEN15));
      await vi.advanceTimersByTimeAsync(24 * 3600_000);
      expect(side.primed).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('two loads at once (the start-up choice, then a click on « Utiliser »): the last one wins and no other engine stays loaded', async () => {
    const { view, controller, engines } = setup({ onOrigin: [QWEN15, LLAMA1] });
    const first = controller.load(cpu(QWEN15));
    const second = controller.load(cpu(LLAMA1));
    await Promise.all([first, second]);
    expect(view.status).toBe('ready');
    expect(view.engine?.id).toBe(LLAMA1);
    expect(engines.filter((e) => e.engine.loaded).map((e) => e.id)).toEqual([LLAMA1]);
  });

  it('restores the active installed model from the saved settings', async () => {
    const { view, controller } = setup({ settings: { active: LLAMA1, installed: { [LLAMA1]: 'local' }, allowHub: false } });
    await controller.init();
    expect(view.status).toBe('ready');
    expect(view.engine?.id).toBe(LLAMA1);
  });

  it('stays in search-only with a reason when nothing is installed nor on the server', async () => {
    const { view, controller, created } = setup();
    await controller.init();
    expect(view.status).toBe('none');
    expect(view.reason).toMatch(/Aucun modèle installé/);
    expect(created).toEqual([]);
  });

  it('rolls back to the previous model when a new one fails to load, and forgets a damaged one', async () => {
    const { view, controller, deleted, saved } = setup({
      onOrigin: [QWEN15, LLAMA1], fail: { [LLAMA1]: 'InvalidGGUFError: invalid GGUF: vocabulary 0' },
      settings: { active: QWEN15, installed: { [QWEN15]: 'local' }, allowHub: false },
    });
    await controller.init();
    expect(view.engine?.id).toBe(QWEN15);
    await controller.load(cpu(LLAMA1));
    expect(view.status).toBe('ready');
    expect(view.engine?.id).toBe(QWEN15);
    expect(view.reason).toMatch(/Llama 3.2 1B Instruct n'a pas pu être chargé \(Les fichiers du modèle sont incomplets ou abîmés.*Qwen2.5 1.5B Instruct reste en service/);
    expect(deleted).toEqual([LLAMA1]);
    expect(saved.at(-1)!.installed[LLAMA1]).toBeUndefined();
    expect(saved.at(-1)!.active).toBe(QWEN15);
  });

  // wllama's words when the browser refused to read the model's bytes (seen on a 770 MiB model).
  const READ_FAILED = 'Error: RuntimeError: File read failed: NotReadableError: The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.';

  it('a model the browser could not read stays installed, with a French message, and the previous one comes back', async () => {
    const installed = { [QWEN15]: 'local' as const, [LLAMA1]: 'local' as const };
    const { view, controller, deleted, saved } = setup({
      onOrigin: [QWEN15, LLAMA1], fail: { [LLAMA1]: READ_FAILED }, settings: { active: QWEN15, installed, allowHub: false },
    });
    await controller.init();
    await controller.load(cpu(LLAMA1));
    expect(view.engine?.id).toBe(QWEN15);
    expect(view.reason).toMatch(/Llama 3.2 1B Instruct n'a pas pu être chargé \(Le navigateur n’a pas pu lire le fichier du modèle en mémoire.*Le modèle installé n’a pas été modifié.*reste en service/);
    expect(view.reason).not.toMatch(/NotReadableError|RuntimeError/);
    expect(deleted).toEqual([]);
    expect(saved.at(-1)!.installed).toEqual(installed);
  });

  it('the same failure at start-up keeps the model installed and active for the next try', async () => {
    const settings = { active: LLAMA1, installed: { [LLAMA1]: 'local' as const }, allowHub: false };
    const { view, controller, deleted, saved } = setup({ fail: { [LLAMA1]: READ_FAILED }, settings });
    await controller.init();
    expect(view.status).toBe('error');
    expect(view.failure?.code).toBe('read-failed');
    expect(view.reason).toMatch(/^Le navigateur n’a pas pu lire le fichier du modèle/);
    expect(deleted).toEqual([]);
    expect(saved.every((s) => s.installed[LLAMA1] === 'local' && s.active === LLAMA1)).toBe(true);
  });

  it('a missing file (404) leaves search-only with the French message when nothing was running', async () => {
    const { view, controller, deleted } = setup({ onOrigin: [LLAMA1], fail: { [LLAMA1]: 'NotFoundError: 404 Not Found: /models/x.gguf' } });
    await controller.init();
    expect(view.status).toBe('error');
    expect(view.failure?.code).toBe('not-found');
    expect(view.reason).toMatch(/Fichiers du modèle introuvables.*Mode recherche seule/);
    // Nothing was downloaded: nothing to delete.
    expect(deleted).toEqual([]);
  });

  it('the administrator override unloads an excluded engine and persists', async () => {
    const { view, controller, saved } = setup({ onOrigin: [QWEN15] });
    await controller.init();
    await controller.setEngineOverride('search-only');
    expect(view.engine).toBeUndefined();
    expect(view.status).toBe('search-only');
    expect(view.choice?.kind).toBe('search-only');
    expect(saved.at(-1)!.engine).toBe('search-only');
  });

  it('an override saved earlier keeps the model from loading at start-up', async () => {
    const { view, controller, created } = setup({ onOrigin: [QWEN15], settings: { engine: 'search-only', active: QWEN15, installed: { [QWEN15]: 'local' }, allowHub: false } });
    await controller.init();
    expect(created).toEqual([]);
    expect(view.status).toBe('search-only');
    expect(view.reason).toMatch(/administrateur/);
  });

  it('hub only when an administrator allows it, never in a kiosk', async () => {
    const { controller } = setup();
    const m = cpu(QWEN15);
    expect(controller.sourceFor(m)).toBeUndefined();
    await controller.setAllowHub(true);
    expect(controller.sourceFor(m)).toEqual({ kind: 'hub' });
  });

  it('removing the model in service unloads it and forgets it', async () => {
    const { view, controller, deleted, saved } = setup({ onOrigin: [QWEN15] });
    await controller.init();
    await controller.remove(cpu(QWEN15));
    expect(view.engine).toBeUndefined();
    expect(view.status).toBe('none');
    expect(deleted).toEqual([QWEN15]);
    expect(saved.at(-1)).toMatchObject({ installed: {}, active: undefined });
  });

  it('« Nouvel usager » has the engine drop its prompt cache and read only the system prompt again', async () => {
    const cpuSide = setup({ onOrigin: [QWEN15] });
    await cpuSide.controller.init();
    const forgot: (ChatMessage[] | undefined)[] = [];
    Object.assign(cpuSide.view.engine!, { forgetConversation: async (keep?: ChatMessage[]) => { forgot.push(keep); } });
    cpuSide.controller.readAhead('je m’appelle Zébulon Quincampoix');
    await cpuSide.controller.forgetConversation();
    expect(forgot).toEqual([[{ role: 'system', content: CPU_SYSTEM_PROMPT }, { role: 'user', content: 'Question :' }]]);
    expect(JSON.stringify(forgot)).not.toContain('Zébulon');
    // The GPU engine resets its chat, with nothing to read again.
    const gpuSide = setup({ gpu: GPU, onOrigin: ['Qwen2.5-3B-Instruct-q4f16_1-MLC'] });
    await gpuSide.controller.init();
    const reset: unknown[] = [];
    Object.assign(gpuSide.view.engine!, { forgetConversation: async (keep?: ChatMessage[]) => { reset.push(keep); } });
    await gpuSide.controller.forgetConversation();
    expect(reset).toEqual([undefined]);
  });

  it('a WebGPU PC loads the GPU model with the GPU budgets', async () => {
    const model = gpuModel('Qwen2.5-3B-Instruct-q4f16_1-MLC')!;
    const { view, controller } = setup({ gpu: GPU, onOrigin: [model.id] });
    await controller.init();
    expect(view.choice?.kind).toBe('webgpu');
    expect(view.engineKind).toBe('webgpu');
    expect(view.generation).toEqual(GENERATION);
  });
});
