import * as Comlink from 'comlink';
import { removeImportedCorpus } from '../corpus/corpusStore';
import type { ImportInput, ImportProgress } from '../corpus/importArchive';
import { ComptoirDb } from '../storage/db';
import type { CorpusImportApi, ImportOutcome } from '../../workers/corpusImport.worker';
import type { CorpusInfo, SearchApi } from '../../workers/search.worker';

/** The corpus the app runs on (held by the search worker), and the one way to replace it. */
export class CorpusSession {
  info = $state<CorpusInfo | undefined>();
  loadError = $state<string | undefined>();
  importing = $state(false);
  progress = $state<ImportProgress | undefined>();
  outcome = $state<ImportOutcome | undefined>();
  private readonly db = new ComptoirDb();
  readonly search: Comlink.Remote<SearchApi> = Comlink.wrap<SearchApi>(
    new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module' }),
  );

  async load(): Promise<void> {
    this.loadError = undefined;
    try {
      this.info = await this.search.load(document.baseURI);
    } catch (err) {
      this.loadError = String((err as Error)?.message ?? err);
    }
  }

  async import(input: ImportInput): Promise<void> {
    this.importing = true;
    this.outcome = undefined;
    this.progress = { fraction: 0, files: 0, current: input.name };
    const worker = new Worker(new URL('../../workers/corpusImport.worker.ts', import.meta.url), { type: 'module' });
    try {
      const api = Comlink.wrap<CorpusImportApi>(worker);
      const transfer = input.kind === 'zip' ? [input.bytes.buffer] : input.files.map((f) => f.bytes.buffer);
      this.outcome = await api.importDila(
        Comlink.transfer(input, transfer as ArrayBuffer[]),
        Comlink.proxy((p: ImportProgress) => (this.progress = p)),
      );
      if (this.outcome.ok) await this.load();
    } catch (err) {
      this.outcome = { ok: false, message: `Import interrompu : ${(err as Error).message}. Le corpus installé est conservé.`, report: [] };
    } finally {
      worker.terminate();
      this.importing = false;
    }
  }

  async restoreEmbedded(): Promise<void> {
    await removeImportedCorpus(this.db);
    this.outcome = undefined;
    await this.load();
  }
}
