import type { CorpusManifest } from './corpusData';
import type { ReportEntry } from './importReport';
import { toFailure, type Failure } from '../errors/appFailure';

export type ImportOutcome =
  | { ok: true; manifest: CorpusManifest; corpusId: string; report: ReportEntry[]; refused: number; droppedUrls?: number; offDomainServices?: number; offDomainFiches?: number; before?: number }
  | { ok: false; failure: Failure; report: ReportEntry[] };

/** What the page needs of a Worker: its crash events and a way to stop it. */
export interface ImportWorker {
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

/**
 * Runs one import in its own worker and always settles, so the page never waits forever: with
 * the worker's outcome; a
 * crash (an out-of-memory, a script that failed to load) becomes `import/worker-crashed`; a
 * cancel terminates the worker at once, so decompression and parsing really stop, and an
 * IndexedDB transaction it had open is aborted: the installed corpus stays as it was.
 */
export function runImport(worker: ImportWorker, call: () => Promise<ImportOutcome>, signal?: AbortSignal): Promise<ImportOutcome> {
  return new Promise<ImportOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: ImportOutcome) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      resolve(outcome);
    };
    const fail = (failure: Failure) => settle({ ok: false, failure, report: [] });
    worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      fail({ layer: 'import', code: 'worker-crashed', detail: (event as ErrorEvent).message });
    });
    worker.addEventListener('messageerror', () => fail({ layer: 'import', code: 'worker-crashed', detail: 'messageerror' }));
    if (signal?.aborted) return fail({ layer: 'import', code: 'cancelled' });
    signal?.addEventListener('abort', () => fail({ layer: 'import', code: 'cancelled' }));
    call().then(settle, (err: unknown) => fail(toFailure(err, 'import')));
  });
}
