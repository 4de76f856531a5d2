/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { installCorpus } from '../src/corpus/corpusStore';
import type { CorpusManifest } from '../src/corpus/corpusData';
import { importArchive, type ImportInput, type ImportProgress } from '../src/corpus/importArchive';
import { CorpusImportError, type ReportEntry } from '../src/corpus/importReport';
import { ComptoirDb } from '../src/storage/db';
import { indexCorpus } from '../src/search/indexCorpus';

export interface ImportOutcome {
  ok: boolean;
  /** French, for the agent. */
  message: string;
  manifest?: CorpusManifest;
  report: ReportEntry[];
}

/**
 * Parses a DILA archive off the main thread and installs it in IndexedDB. Writing from here
 * avoids copying tens of MB back to the page; the page reloads the corpus once told it is done.
 */
const api = {
  async importDila(input: ImportInput, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome> {
    try {
      const { corpus, report } = importArchive(input, onProgress);
      onProgress({ fraction: 1, files: corpus.manifest.counts.fiches, current: 'index de recherche et vecteurs…' });
      const indexes = indexCorpus(corpus);
      corpus.searchIndex = indexes.searchIndex;
      corpus.semantics = indexes.semantics;
      onProgress({ fraction: 1, files: corpus.manifest.counts.fiches, current: 'enregistrement…' });
      await installCorpus(new ComptoirDb(), corpus);
      const c = corpus.manifest.counts;
      return {
        ok: true,
        message: `${c.answer} fiches importées (${c.chunks} passages)${report.errors ? `, ${report.errors} fichier(s) refusé(s)` : ''}${report.droppedUrls ? `, ${report.droppedUrls} lien(s) non https retiré(s)` : ''}${report.offDomainServices ? `, ${report.offDomainServices} démarche(s) en ligne hors des sites publics signalée(s)` : ''}.`,
        manifest: corpus.manifest,
        report: report.entries,
      };
    } catch (err) {
      if (err instanceof CorpusImportError) return { ok: false, message: err.message, report: err.report.entries };
      const name = (err as Error).name;
      const message = name === 'QuotaExceededError'
        ? "Espace de stockage insuffisant : le corpus installé est conservé."
        : `Import impossible : ${(err as Error).message}. Le corpus installé est conservé.`;
      return { ok: false, message, report: [] };
    }
  },
};

export type CorpusImportApi = typeof api;
Comlink.expose(api);
