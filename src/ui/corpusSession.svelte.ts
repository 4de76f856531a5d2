import * as Comlink from 'comlink';
import { activeCorpus, removeImportedCorpus } from '../corpus/corpusStore';
import type { CorpusData } from '../corpus/corpusData';
import { fetchBundle } from '../corpus/fetchBundle';
import type { ImportInput, ImportProgress } from '../corpus/importArchive';
import { ComptoirDb } from '../storage/db';
import type { CorpusImportApi, ImportOutcome } from '../../workers/corpusImport.worker';

/** The corpus the app runs on, and the one way to replace it (import in a worker). */
export class CorpusSession {
  corpus = $state<CorpusData | undefined>();
  loadError = $state<string | undefined>();
  importing = $state(false);
  progress = $state<ImportProgress | undefined>();
  outcome = $state<ImportOutcome | undefined>();
  private readonly db = new ComptoirDb();

  async load(): Promise<void> {
    this.loadError = undefined;
    try {
      this.corpus = (await activeCorpus(this.db)) ?? (await fetchBundle(new URL('corpus/', document.baseURI).href));
    } catch (err) {
      this.loadError = (err as Error).message;
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
