import * as Comlink from 'comlink';
import type { EmbeddingProgress } from '../embed/corpusEmbedding';
import type { ComptoirDb } from '../storage/db';
import type { EmbedApi } from '../../workers/embed.worker';
import type { CorpusController } from './corpusController';
import { EmbedderController, initialEmbedderView } from './embedderController';

export type { EmbedderController } from './embedderController';

/** The page's embedder (src/ui/embedderController.ts) over a $state view, with its browser parts: the workers. */
export function createEmbedder(db: ComptoirDb, session: CorpusController): EmbedderController {
  const view = $state(initialEmbedderView());
  return new EmbedderController(view, {
    db,
    start(id, allowHub, onProgress) {
      const worker = new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), { type: 'module' });
      const remote = Comlink.wrap<EmbedApi>(worker);
      const ready = (async () => {
        const info = await remote.load({ baseUrl: document.baseURI, id, allowHub });
        const channel = new MessageChannel();
        await remote.connect(Comlink.transfer(channel.port1, [channel.port1]));
        await session.search.useEmbedder(
          Comlink.transfer(channel.port2, [channel.port2]),
          { id: info.id, sha256: info.sha256, dims: info.dims },
          Comlink.proxy((p: EmbeddingProgress) => onProgress(p)),
        );
        return info;
      })();
      return { ready, stop: () => worker.terminate() };
    },
    embedding: (action) => session.search.embedding(action),
  });
}
