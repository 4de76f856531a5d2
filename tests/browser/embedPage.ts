/**
 * The page of the embedder harness (scripts/lib/embedHarness.ts): starts the real embed worker
 * and exposes it to playwright as `window.embedWorker`, with the lab API (backend and threads chosen).
 */
import * as Comlink from 'comlink';
import type { EmbedLabApi } from '../../workers/embed.worker';

declare global {
  interface Window {
    embedWorker: Comlink.Remote<EmbedLabApi>;
    newEmbedWorker: () => Comlink.Remote<EmbedLabApi>;
  }
}

window.newEmbedWorker = () => Comlink.wrap<EmbedLabApi>(new Worker(new URL('./embed.worker.js', import.meta.url), { type: 'module' }));
window.embedWorker = window.newEmbedWorker();
