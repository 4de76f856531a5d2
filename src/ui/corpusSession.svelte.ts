import * as Comlink from 'comlink';
import { onCorpusChange } from '../corpus/corpusChannel';
import { previousCorpus, restorePreviousCorpus, useEmbeddedCorpus, type PreviousCorpus } from '../storage/corpusStore';
import type { CorpusDrop } from '../corpus/importDrop';
import type { ImportInput, ImportProgress } from '../corpus/importArchive';
import type { ReportEntry } from '../corpus/importReport';
import { runImport } from '../corpus/importRun';
import { toFailure, type Failure } from '../errors/appFailure';
import { ComptoirDb } from '../storage/db';
import type { CorpusImportApi } from '../../workers/corpusImport.worker';
import type { CorpusInfo, SearchApi } from '../../workers/search.worker';
import { failureText } from '../errors/failureText';
import { importDoneText } from './importText';

const HAS_CHANNEL = typeof BroadcastChannel !== 'undefined';

/** An import's result as shown: French text and the per-file report. */
export interface ImportView {
  ok: boolean;
  message: string;
  report: ReportEntry[];
}

/** The corpus the app runs on (held by the search worker), and the one way to replace it. */
export class CorpusSession {
  info = $state<CorpusInfo | undefined>();
  loadError = $state<string | undefined>();
  importing = $state(false);
  progress = $state<ImportProgress | undefined>();
  outcome = $state<ImportView | undefined>();
  /** An import that would remove most of the corpus, waiting for the agent's answer. */
  pendingDrop = $state<(CorpusDrop & { answer: (go: boolean) => void }) | undefined>();
  /** What « Revenir au corpus précédent » brings back. */
  previous = $state<PreviousCorpus | undefined>();
  private readonly db = new ComptoirDb();
  private readonly worker = new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module' });
  readonly search: Comlink.Remote<SearchApi> = Comlink.wrap<SearchApi>(this.worker);
  private importAbort?: AbortController;
  /** Each load gets a number; only the latest one may change what the page shows. */
  private generation = 0;

  constructor() {
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.loadError = failureText({ layer: 'search', code: 'worker-crashed', detail: event.message });
    });
    // Another tab (or this tab's import worker) installed or removed a corpus.
    onCorpusChange((change) => {
      if (!this.info || change.id !== this.info.corpusId) void this.load();
    });
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const result = await this.search.load(document.baseURI).catch((err: unknown) => ({ ok: false as const, failure: toFailure(err, 'corpus') }));
    if (generation !== this.generation) return;
    if (result.ok) {
      // Read together, so the page never shows the new corpus beside the old « précédent ».
      const previous = await previousCorpus(this.db).catch(() => undefined);
      if (generation !== this.generation) return;
      this.info = result.info;
      this.previous = previous;
      this.loadError = undefined;
    } else {
      this.loadError = failureText(result.failure);
    }
  }

  /** Shows a failure found before any worker started (a file that is not a zip). */
  refuse(failure: Failure): void {
    this.outcome = { ok: false, message: failureText(failure), report: [] };
  }

  async import(input: ImportInput): Promise<void> {
    this.importing = true;
    this.outcome = undefined;
    this.progress = { fraction: 0, files: 0, current: input.name };
    const abort = (this.importAbort = new AbortController());
    const worker = new Worker(new URL('../../workers/corpusImport.worker.ts', import.meta.url), { type: 'module' });
    try {
      const api = Comlink.wrap<CorpusImportApi>(worker);
      const transfer = input.kind === 'zip' ? [input.bytes.buffer] : input.files.map((f) => f.bytes.buffer);
      const outcome = await runImport(
        worker,
        () => api.importDila(
          Comlink.transfer(input, transfer as ArrayBuffer[]),
          Comlink.proxy((p: ImportProgress) => (this.progress = p)),
          this.info?.manifest.counts.answer,
          Comlink.proxy((drop: CorpusDrop) => this.askDrop(drop)),
        ),
        abort.signal,
      );
      if (outcome.ok) {
        this.outcome = { ok: true, message: importDoneText(outcome.manifest.counts, outcome.refused, outcome), report: outcome.report };
        // Other tabs and this one hear of it on the corpus channel; without one, reload here.
        if (!HAS_CHANNEL) await this.load();
      } else {
        this.outcome = { ok: false, message: failureText(outcome.failure), report: outcome.report };
      }
    } finally {
      this.pendingDrop?.answer(false);
      this.importAbort = undefined;
      this.importing = false;
    }
  }

  private askDrop(drop: CorpusDrop): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.pendingDrop = {
        ...drop,
        answer: (go) => {
          this.pendingDrop = undefined;
          resolve(go);
        },
      };
    });
  }

  /** « Annuler l'import »: the worker is terminated at once. */
  cancelImport(): void {
    this.importAbort?.abort();
  }

  /** « Revenir aux données de démonstration »: the imported corpus stays one click away. */
  async restoreEmbedded(): Promise<void> {
    await useEmbeddedCorpus(this.db);
    this.outcome = undefined;
    if (!HAS_CHANNEL) await this.load();
  }

  /** « Revenir au corpus précédent ». */
  async restorePrevious(): Promise<void> {
    await restorePreviousCorpus(this.db);
    this.outcome = undefined;
    if (!HAS_CHANNEL) await this.load();
  }
}
