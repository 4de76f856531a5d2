/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { carryFailures } from '../src/errors/failureTransfer';
import { installCorpus } from '../src/storage/corpusStore';
import { importArchive, type ImportInput, type ImportProgress } from '../src/corpus/importArchive';
import { needsConfirmation, type CorpusDrop } from '../src/corpus/importDrop';
import { CorpusImportError, type ReportEntry } from '../src/corpus/importReport';
import type { ImportOutcome } from '../src/corpus/importRun';
import { toFailure } from '../src/errors/appFailure';
import { ComptoirDb } from '../src/storage/db';
import { indexCorpus } from '../src/search/index/indexCorpus';

carryFailures();

/** One connection for the worker's life (the page starts one worker per import). */
const db = new ComptoirDb();

/**
 * Parses a DILA archive off the main thread and installs it in IndexedDB. Writing from here
 * avoids copying tens of MB back to the page; every tab reloads the corpus once told it changed.
 * Failures come back as coded data (`Failure`), turned into French by the page.
 */
const api = {
  /**
   * `before`: fiches in the corpus in use. An archive that would keep less than half of them is
   * installed only if `confirmDrop` (the agent, asked by the page) says so.
   */
  async importDila(
    input: ImportInput,
    onProgress: (p: ImportProgress) => void,
    before?: number,
    confirmDrop?: (drop: CorpusDrop) => Promise<boolean>,
  ): Promise<ImportOutcome> {
    let report: ReportEntry[] = [];
    try {
      const built = importArchive(input, onProgress);
      report = built.report.entries;
      const { corpus } = built;
      const after = corpus.manifest.counts.answer;
      if (needsConfirmation(before, after) && !(await confirmDrop?.({ before: before!, after, refused: built.report.errors }))) {
        return { ok: false, failure: { layer: 'import', code: 'declined', details: { before: before!, after } }, report };
      }
      // The archive is read: let its bytes go before the index and the write need memory.
      if (input.kind === 'zip') input.bytes = new Uint8Array(0);
      else input.files = [];
      onProgress({ fraction: 1, files: corpus.manifest.counts.fiches, current: 'index de recherche et vecteurs…' });
      const indexes = indexCorpus(corpus);
      corpus.searchIndex = indexes.searchIndex;
      corpus.semantics = indexes.semantics;
      onProgress({ fraction: 1, files: corpus.manifest.counts.fiches, current: 'enregistrement…' });
      const corpusId = await installCorpus(db, corpus);
      const { errors: refused, droppedUrls, offDomainServices, offDomainFiches } = built.report;
      return { ok: true, manifest: corpus.manifest, corpusId, report, refused, droppedUrls, offDomainServices, offDomainFiches, before };
    } catch (err) {
      return { ok: false, failure: toFailure(err, 'import'), report: err instanceof CorpusImportError ? err.report.entries : report };
    }
  },
};

export type CorpusImportApi = typeof api;
Comlink.expose(api);
