/**
 * The page of the embedder harness (scripts/lib/embedHarness.ts): starts the real embed worker
 * and exposes it to playwright as `window.embedWorker`.
 */
import * as Comlink from 'comlink';
import type { EmbedApi } from '../../workers/embed.worker';
import { carryFailures } from '../../src/errors/failureTransfer';

declare global {
  interface Window {
    embedWorker: Comlink.Remote<EmbedApi>;
    newEmbedWorker: () => Comlink.Remote<EmbedApi>;
  }
}

// As in the app: a failure in the worker arrives as the same typed AppError.
carryFailures();
window.newEmbedWorker = () => Comlink.wrap<EmbedApi>(new Worker(new URL('./embed.worker.js', import.meta.url), { type: 'module' }));
window.embedWorker = window.newEmbedWorker();
