import { AppError, errorText, type CodeOf } from '../../errors/appFailure';

/**
 * What web-llm, wllama (llama.cpp) and the browser under them say when a model cannot load or
 * run, as a model failure: the one place their messages are matched, one adapter per engine.
 * web-llm's errors reach the page as strings; wllama's are adapted in its worker (and what the page
 * gets from that worker besides, in WllamaEngine). The patterns are
 * the messages of web-llm 0.2.86, wllama and Chromium, as recorded in tests/unit (webLlmEngine,
 * cpuModels). Our own failures (GGUF checks, sha256) are `AppError`s already and pass through.
 */
type Engine = 'web-llm' | 'wllama';

interface Rule {
  code: CodeOf<'model'>;
  test: RegExp;
  /** Whose messages: one engine's, or the browser's under either. */
  from: Engine | 'browser';
}

const RULES: Rule[] = [
  { code: 'context-window', from: 'web-llm', test: /ContextWindowSizeExceededError|exceed context window size/i },
  { code: 'context-window', from: 'wllama', test: /kv_cache_full|exceeds the available context size/i },
  { code: 'no-shader-f16', from: 'web-llm', test: /ShaderF16SupportError|shader-f16|\bf16\b.*(extension|enable)|(extension|enable).*\bf16\b/i },
  { code: 'no-webgpu', from: 'web-llm', test: /WebGPUNotAvailableError|WebGPUNotFoundError|Unable to find a compatible GPU|Cannot find adapter|navigator\.gpu|WebGPU is not supported/i },
  { code: 'device-lost', from: 'web-llm', test: /DeviceLostError|device was lost|device lost/i },
  { code: 'device-lost', from: 'browser', test: /out of memory|OutOfMemory|Failed to allocate|allocation failed/i },
  { code: 'quota', from: 'browser', test: /QuotaExceededError|quota (has been )?exceeded|exceeded the quota|storage quota/i },
  { code: 'unknown-model', from: 'web-llm', test: /ModelNotFoundError|Cannot find model record|MissingModelWasmError/i },
  // Before 'corrupt': a file the browser could not read is not a damaged file, and must not be
  // uninstalled for it (wllama: « File read failed: NotReadableError »).
  { code: 'read-failed', from: 'browser', test: /NotReadableError|File read failed/i },
  {
    code: 'corrupt', from: 'browser',
    test: /CompileError|BufferSource argument is empty|WebAssembly|SyntaxError|\bJSON\b|IntegrityError|Invalid (model|config)|tokenizer|InvalidGGUF|invalid GGUF|llama_model_load|failed to load model|truncated/i,
  },
  { code: 'not-found', from: 'browser', test: /\b404\b|Not Found|NotFoundError|Failed to fetch|NetworkError|Request failed|Cache.*add|net::ERR|Load failed/i },
  { code: 'aborted', from: 'browser', test: /AbortError|aborted|interrupted/i },
];

function adapt(err: unknown, engine: Engine): AppError {
  if (err instanceof AppError) return err;
  const detail = typeof err === 'string' ? err : errorText(err);
  const rule = RULES.find((r) => (r.from === engine || r.from === 'browser') && r.test.test(detail));
  return new AppError('model', rule?.code ?? 'unexpected', undefined, detail);
}

/** web-llm's (and WebGPU's) failures, as the page receives them. */
export function webLlmFailure(err: unknown): AppError {
  return adapt(err, 'web-llm');
}

/** wllama's (and llama.cpp's) failures, as its worker receives them. */
export function wllamaFailure(err: unknown): AppError {
  return adapt(err, 'wllama');
}
