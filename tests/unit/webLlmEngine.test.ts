import { describe, expect, it } from 'vitest';
import { buildAppConfig } from '../../src/llm/engines/webLlmAppConfig';
import { GPU_CATALOG, gpuModel, DEFAULT_MODEL_ID } from '../../src/llm/catalogs/gpuModels';
import { recommendModel, type HardwareProbe } from '../../src/llm/policy/hardwareProbe';
import { ContextWindowError } from '../../src/llm/engines/llmEngine';
import { mapLlmError } from '../../src/llm/llmErrors';
import { continuousProgress } from '../../src/llm/engines/webLlmProgress';
import { LlmError, WebLlmEngine } from '../../src/llm/engines/webLlmEngine';
import { FakeWebLlmWorker, type FakeScript } from '../helpers/fakeWebLlmWorker';

const model = gpuModel('Qwen2.5-1.5B-Instruct-q4f32_1-MLC')!;
const local = { kind: 'local' as const, origin: 'http://127.0.0.1:4173' };

function engineWith(script: FakeScript) {
  const worker = new FakeWebLlmWorker(script);
  const engine = new WebLlmEngine(model, local, () => worker as unknown as Worker);
  return { engine, worker };
}

// Error texts as web-llm 0.2.86 and Chromium produce them (err.toString() through the worker).
const RECORDED: [string, string][] = [
  ['WebGPUNotAvailableError: WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine.', 'no-webgpu'],
  ["Error: Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU", 'no-webgpu'],
  ['ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled in this browser.', 'no-shader-f16'],
  ['DeviceLostError: The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).', 'device-lost'],
  ['QuotaExceededError: The quota has been exceeded.', 'quota'],
  ["TypeError: Failed to execute 'add' on 'Cache': Request failed", 'not-found'],
  ['CompileError: WebAssembly.instantiate(): BufferSource argument is empty', 'corrupt'],
  ['SyntaxError: Unexpected token \'<\', "<!doctype "... is not valid JSON', 'corrupt'],
  ['SyntaxError: Unexpected end of JSON input', 'corrupt'],
  ['ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096', 'context-window'],
  ['Error: Cannot find model record in appConfig for Foo-MLC. Please check if the model ID is correct', 'unknown-model'],
];

describe('web-llm error mapping', () => {
  it.each(RECORDED)('%s', (text, code) => {
    const failure = mapLlmError(text, { f32Twin: 'X-q4f32_1-MLC', neededMB: 2048 });
    expect(failure.code).toBe(code);
    expect(failure.message).toMatch(/[a-zé]/);
    expect(failure.detail).toBe(text);
  });

  it('says what the browser refused to store on quota errors, never what estimate() claims is free, and names the f32 twin', () => {
    const quota = mapLlmError('QuotaExceededError: The quota has been exceeded.', { neededMB: 2048 }).message;
    expect(quota).toMatch(/^Espace de stockage insuffisant : le navigateur a refusé d’enregistrer ce modèle \(2\.0 Go\)/);
    expect(quota).not.toMatch(/disponible/);
    expect(mapLlmError('ShaderF16SupportError: x', { f32Twin: 'Qwen-q4f32_1-MLC' }).message).toContain('Qwen-q4f32_1-MLC');
    expect(mapLlmError(new Error('weird')).code).toBe('unknown');
  });
});

describe('progress across web-llm phases', () => {
  it('is one bar that only moves forward', () => {
    const texts = [
      ['Fetching param cache[1/10]: 100MB fetched.', 0.1], ['Fetching param cache[10/10]: 900MB fetched.', 1],
      ['Loading model from cache[1/10]: 0MB loaded.', 0], ['Loading model from cache[10/10]: 900MB loaded.', 1],
      ['Loading GPU shader modules[3/60]: 5%', 0.05], ['Loading GPU shader modules[60/60]: 100%', 1],
      ['Finish loading on WebGPU - swiftshader', 1],
    ] as const;
    let last = 0;
    const seen = texts.map(([t, p]) => (last = continuousProgress(t, p, last)));
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1]!)).toBe(true);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
  });
});

describe('hardware fit', () => {
  const swiftshader: HardwareProbe = {
    webgpu: true, shaderF16: false, maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27, deviceMemoryGB: 8,
    storage: { quotaMB: 20_000, usageMB: 10 },
  };

  it('recommends an f32 model when shader-f16 is missing and explains the f16 ones', () => {
    const r = recommendModel(swiftshader);
    expect(r.recommended?.quantization).toBe('q4f32_1');
    expect(r.summary).toMatch(/q4f32/);
    const f16 = r.fits.find((f) => f.model.id === DEFAULT_MODEL_ID)!;
    expect(f16.fits).toBe(false);
    expect(f16.reasons.join()).toMatch(/shader-f16/);
    // Small binding limit: models that need big buffers are ruled out with a reason.
    expect(r.fits.find((f) => f.model.id.startsWith('Phi-3.5'))!.reasons.join()).toMatch(/tampons/);
  });

  it('picks the default on a typical counter PC and steps down when memory or storage is short', () => {
    const counter: HardwareProbe = { ...swiftshader, shaderF16: true, maxStorageBufferBindingSize: 2 ** 31 };
    expect(recommendModel(counter).recommended?.id).toBe(DEFAULT_MODEL_ID);
    const small = recommendModel({ ...counter, deviceMemoryGB: 4 }).recommended!;
    expect(small.vramMB).toBeLessThanOrEqual(2048);
    const full = recommendModel({ ...counter, storage: { quotaMB: 1500, usageMB: 700 } });
    expect(full.recommended!.downloadMB).toBeLessThanOrEqual(800);
    expect(recommendModel({ ...counter, webgpu: false }).recommended).toBeUndefined();
  });

  it('every f16 model of the catalog has its f32 twin', () => {
    for (const m of GPU_CATALOG.filter((x) => x.needsF16)) expect(gpuModel(m.twin!)?.needsF16).toBe(false);
  });
});

describe('appConfig for models served from this origin', () => {
  it('gives web-llm absolute URLs that already end in /resolve/main/, and a same-origin library', () => {
    const [record] = buildAppConfig([model], local).model_list;
    expect(record!.model).toBe('http://127.0.0.1:4173/models/Qwen2.5-1.5B-Instruct-q4f32_1-MLC/resolve/main/');
    expect(record!.model_lib).toBe('http://127.0.0.1:4173/models/Qwen2.5-1.5B-Instruct-q4f32_1-MLC/Qwen2-1.5B-Instruct-q4f32_1_cs1k-webgpu.wasm');
    expect(record!.required_features).toBeUndefined();
    const hub = buildAppConfig([gpuModel(DEFAULT_MODEL_ID)!], { kind: 'hub' }).model_list[0]!;
    expect(hub.model).toMatch(/^https:\/\/huggingface\.co\/mlc-ai\/Qwen2\.5-3B-Instruct-q4f16_1-MLC\/$/);
    expect(hub.required_features).toEqual(['shader-f16']);
  });
});

describe('WebLlmEngine over web-llm’s real client and a worker replaying its messages', () => {
  it('loads with one continuous progress bar, streams, and reports runtime stats', async () => {
    const { engine, worker } = engineWith({
      progress: [
        { progress: 0.5, text: 'Fetching param cache[5/10]: 400MB fetched. 50% completed' },
        { progress: 0, text: 'Loading model from cache[1/10]: 0MB loaded.' },
        { progress: 1, text: 'Finish loading on WebGPU - swiftshader' },
      ],
      reply: 'Faites une pré-demande en ligne [1].',
      usage: { prompt_tokens: 812, completion_tokens: 7, extra: { prefill_tokens_per_s: 300, decode_tokens_per_s: 21.5, time_to_first_token_s: 2.7 } },
    });
    const progress: number[] = [];
    await engine.load((p) => progress.push(p.fraction));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(1);
    const appConfig = worker.received.find((m) => m.kind === 'setAppConfig')!.content as { model_list: { model: string }[] };
    expect(appConfig.model_list[0]!.model).toMatch(/^http:\/\/127\.0\.0\.1:4173\/models\//);
    const tokens: string[] = [];
    const out = await engine.chat({ messages: [{ role: 'user', content: 'Q' }], onToken: (t) => tokens.push(t), maxTokens: 100 });
    expect(out.text).toBe('Faites une pré-demande en ligne [1].');
    expect(tokens.length).toBe(6);
    expect(out.finishReason).toBe('stop');
    expect(out.stats).toMatchObject({ promptTokens: 812, decodeTokensPerSecond: 21.5, timeToFirstTokenSeconds: 2.7 });
    const init = worker.received.find((m) => m.kind === 'chatCompletionStreamInit')!.content as { request: { stream_options: unknown } };
    expect(init.request.stream_options).toEqual({ include_usage: true });
    await engine.unload();
    expect(worker.terminated).toBe(true);
  });

  it('maps a load failure string to a French message and drops the worker', async () => {
    const { engine, worker } = engineWith({ reloadError: 'CompileError: WebAssembly.instantiate(): BufferSource argument is empty' });
    const error = await engine.load(() => {}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).failure.code).toBe('corrupt');
    expect((error as LlmError).message).toMatch(/réinstallez/);
    expect(worker.terminated).toBe(true);
  });

  it('turns a context overflow into ContextWindowError (the pipeline retries with fewer passages)', async () => {
    const { engine } = engineWith({ chatError: 'ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096' });
    await engine.load(() => {});
    await expect(engine.chat({ messages: [{ role: 'user', content: 'Q' }], onToken: () => {} })).rejects.toBeInstanceOf(ContextWindowError);
  });

  it('stops on interruptGenerate with finish_reason abort', async () => {
    const { engine } = engineWith({ reply: Array.from({ length: 50 }, (_, i) => `mot${i}`).join(' ') });
    await engine.load(() => {});
    const out = await engine.chat({ messages: [{ role: 'user', content: 'Q' }], onToken: (t) => { if (t.startsWith('mot3')) engine.abort(); } });
    expect(out.finishReason).toBe('abort');
    expect(out.text.split(' ').length).toBeLessThan(50);
  });
});
