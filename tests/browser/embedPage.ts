/**
 * The page of the embedder harness (scripts/lib/embedHarness.ts): starts the real embed worker
 * and exposes it to playwright as `window.embedWorker`, with the lab API (backend and threads chosen).
 */
import * as Comlink from 'comlink';
import type { EmbedLabApi } from '../../workers/embed.worker';
import { carryFailures } from '../../src/errors/failureTransfer';

declare global {
  interface Window {
    embedWorker: Comlink.Remote<EmbedLabApi>;
    newEmbedWorker: () => Comlink.Remote<EmbedLabApi>;
  }
}

// As in the app: a failure in the worker arrives as the same typed AppError.
carryFailures();
window.newEmbedWorker = () => Comlink.wrap<EmbedLabApi>(new Worker(new URL('./embed.worker.js', import.meta.url), { type: 'module' }));
window.embedWorker = window.newEmbedWorker();
