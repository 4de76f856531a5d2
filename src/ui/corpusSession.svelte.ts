import * as Comlink from 'comlink';
import { onCorpusChange } from '../corpus/corpusChannel';
import type { ImportProgress } from '../corpus/importArchive';
import type { CorpusDrop } from '../corpus/importDrop';
import { runImport } from '../corpus/importRun';
import type { ComptoirDb } from '../storage/db';
import type { CorpusImportApi } from '../../workers/corpusImport.worker';
import type { SearchApi } from '../../workers/search.worker';
import { CorpusController, initialCorpusView } from './corpusController';

export type { CorpusController, ImportView } from './corpusController';

/** The page's corpus (src/ui/corpusController.ts) over a $state view, with its browser parts: the workers. */
export function createCorpusSession(db: ComptoirDb): CorpusController {
  const view = $state(initialCorpusView());
  const worker = new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module' });
  const session = new CorpusController(view, {
    db,
    search: Comlink.wrap<SearchApi>(worker),
    baseUri: document.baseURI,
    hasChannel: typeof BroadcastChannel !== 'undefined',
    runImport({ input, onProgress, currentAnswers, askDrop, signal }) {
      const importer = new Worker(new URL('../../workers/corpusImport.worker.ts', import.meta.url), { type: 'module' });
      const api = Comlink.wrap<CorpusImportApi>(importer);
      const transfer = input.kind === 'zip' ? [input.bytes.buffer] : input.files.map((f) => f.bytes.buffer);
      return runImport(importer, () => api.importDila(
        Comlink.transfer(input, transfer as ArrayBuffer[]),
        Comlink.proxy((p: ImportProgress) => onProgress(p)),
        currentAnswers,
        Comlink.proxy((drop: CorpusDrop) => askDrop(drop)),
      ), signal);
    },
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    session.crashed(event.message);
  });
  onCorpusChange((change) => session.changed(change));
  return session;
}
