import type * as Comlink from 'comlink';
import type { CorpusChange } from '../corpus/corpusChannel';
import { previousCorpus, restorePreviousCorpus, useEmbeddedCorpus, type PreviousCorpus } from '../storage/corpusStore';
import type { CorpusDrop } from '../corpus/importDrop';
import type { ImportInput, ImportProgress } from '../corpus/importArchive';
import type { ReportEntry } from '../corpus/importReport';
import type { ImportOutcome } from '../corpus/importRun';
import { toFailure, type Failure } from '../errors/appFailure';
import type { ComptoirDb } from '../storage/db';
import type { CorpusInfo, SearchApi } from '../../workers/search.worker';
import { failureText } from '../errors/failureText';
import { importDoneText } from './importText';

/** An import's result as shown: French text and the per-file report. */
export interface ImportView {
  ok: boolean;
  message: string;
  report: ReportEntry[];
}

/** What the corpus screens show; the reactive shell passes a $state object, tests a plain one. */
export interface CorpusView {
  info?: CorpusInfo;
  loadError?: string;
  importing: boolean;
  progress?: ImportProgress;
  outcome?: ImportView;
  /** An import that would remove most of the corpus, waiting for the agent's answer. */
  pendingDrop?: CorpusDrop & { answer: (go: boolean) => void };
  /** What « Revenir au corpus précédent » brings back. */
  previous?: PreviousCorpus;
}

export function initialCorpusView(): CorpusView {
  return { importing: false };
}

/** One import as the controller asks for it; the shell runs it in a fresh import worker (runImport). */
export interface ImportCall {
  input: ImportInput;
  onProgress(p: ImportProgress): void;
  /** Answers that the corpus now in use holds so many answer fiches (to detect a drop). */
  currentAnswers?: number;
  askDrop(drop: CorpusDrop): Promise<boolean>;
  signal: AbortSignal;
}

export interface CorpusDeps {
  db: ComptoirDb;
  /** The search worker, which holds the corpus. */
  search: Comlink.Remote<SearchApi>;
  baseUri: string;
  /** Other tabs and this one hear of a change on the corpus channel; without one, this tab reloads itself. */
  hasChannel: boolean;
  runImport(call: ImportCall): Promise<ImportOutcome>;
}

/**
 * The corpus the app runs on (held by the search worker), and the one way to replace it. Plain
 * TypeScript, tested in Node; src/ui/corpusSession.svelte.ts is its reactive shell.
 */
export class CorpusController {
  readonly search: Comlink.Remote<SearchApi>;
  private importAbort?: AbortController;
  /** Each load gets a number; only the latest one may change what the page shows. */
  private generation = 0;

  constructor(readonly view: CorpusView, private readonly deps: CorpusDeps) {
    this.search = deps.search;
  }

  async load(): Promise<void> {
    const v = this.view;
    const generation = ++this.generation;
    const result = await this.search.load(this.deps.baseUri).catch((err: unknown) => ({ ok: false as const, failure: toFailure(err, 'corpus') }));
    if (generation !== this.generation) return;
    if (result.ok) {
      // Read together, so the page never shows the new corpus beside the old « précédent ».
      const previous = await previousCorpus(this.deps.db).catch(() => undefined);
      if (generation !== this.generation) return;
      v.info = result.info;
      v.previous = previous;
      v.loadError = undefined;
    } else {
      v.loadError = failureText(result.failure);
    }
  }

  /** The search worker crashed. */
  crashed(detail: string): void {
    this.view.loadError = failureText({ layer: 'search', code: 'worker-crashed', detail });
  }

  /** Another tab (or this tab's import worker) installed or removed a corpus. */
  changed(change: CorpusChange): void {
    if (!this.view.info || change.id !== this.view.info.corpusId) void this.load();
  }

  /** Shows a failure found before any worker started (a file that is not a zip). */
  refuse(failure: Failure): void {
    this.view.outcome = { ok: false, message: failureText(failure), report: [] };
  }

  async import(input: ImportInput): Promise<void> {
    const v = this.view;
    v.importing = true;
    v.outcome = undefined;
    v.progress = { fraction: 0, files: 0, current: input.name };
    const abort = (this.importAbort = new AbortController());
    try {
      const outcome = await this.deps.runImport({
        input,
        onProgress: (p) => (v.progress = p),
        currentAnswers: v.info?.manifest.counts.answer,
        askDrop: (drop) => this.askDrop(drop),
        signal: abort.signal,
      });
      if (outcome.ok) {
        v.outcome = { ok: true, message: importDoneText(outcome.manifest.counts, outcome.refused, outcome), report: outcome.report };
        if (!this.deps.hasChannel) await this.load();
      } else {
        v.outcome = { ok: false, message: failureText(outcome.failure), report: outcome.report };
      }
    } finally {
      v.pendingDrop?.answer(false);
      this.importAbort = undefined;
      v.importing = false;
    }
  }

  private askDrop(drop: CorpusDrop): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.view.pendingDrop = {
        ...drop,
        answer: (go) => {
          this.view.pendingDrop = undefined;
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
    await useEmbeddedCorpus(this.deps.db);
    this.view.outcome = undefined;
    if (!this.deps.hasChannel) await this.load();
  }

  /** « Revenir au corpus précédent ». */
  async restorePrevious(): Promise<void> {
    await restorePreviousCorpus(this.deps.db);
    this.view.outcome = undefined;
    if (!this.deps.hasChannel) await this.load();
  }
}
