/// <reference lib="webworker" />
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

/**
 * web-llm's own worker: the model, its weights and the GPU live here. The page talks to it only
 * through WebLlmEngine (src/llm/engines/webLlmEngine.ts), which wraps web-llm's client; web-llm takes
 * over this worker's messages, so it gets a worker of its own.
 */
const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (message: MessageEvent) => handler.onmessage(message);
