import { buildCorpus, type BuildResult } from './buildCorpus';
import { AppError } from '../errors/appFailure';
import type { Audience } from './model';
import { MAX_FICHE_BYTES, publicationsFromEntries } from './sources/dilaXml';
import { IMPORT_LIMITS, zipEntries, type SourceEntry, type ZipLimits } from './sources/zipEntries';

export interface ImportProgress {
  /** 0–1 over the bytes read. */
  fraction: number;
  files: number;
  current: string;
}

export type ImportInput =
  | { kind: 'zip'; name: string; bytes: Uint8Array }
  | { kind: 'files'; name: string; files: { name: string; bytes: Uint8Array }[] };

/**
 * Browser-side import (run in a worker): a DILA zip or the files of a chosen folder, within
 * `limits`: past them the import stops with an `AppError` of the import layer.
 */
export function importArchive(
  input: ImportInput,
  onProgress: (p: ImportProgress) => void,
  audiences?: Audience[],
  limits: ZipLimits = { ...IMPORT_LIMITS, maxEntryBytes: MAX_FICHE_BYTES },
): BuildResult {
  let total = 0;
  let consumed = 0;
  let entries: Iterable<SourceEntry>;
  if (input.kind === 'zip') {
    total = input.bytes.length;
    entries = trackZip(input.bytes, limits, (n) => (consumed = n));
  } else {
    total = input.files.reduce((n, f) => n + f.bytes.length, 0);
    if (input.files.length > limits.maxEntries) throw new AppError('import', 'too-many-entries', { entries: input.files.length, max: limits.maxEntries });
    if (total > limits.maxTotalBytes) throw new AppError('import', 'too-large', { max: limits.maxTotalBytes });
    entries = (function* () {
      for (const f of input.files) {
        consumed += f.bytes.length;
        yield { name: f.name, data: f.bytes };
      }
    })();
  }
  let last = 0;
  return buildCorpus(publicationsFromEntries(entries), {
    source: { kind: input.kind === 'zip' ? 'dila-zip' : 'dila-dir', label: input.name },
    audiences,
    onProgress: (files, current) => {
      const now = Date.now();
      if (now - last < 50) return;
      last = now;
      onProgress({ fraction: total ? Math.min(1, consumed / total) : 0, files, current });
    },
  });
}

function* trackZip(bytes: Uint8Array, limits: ZipLimits, onConsumed: (n: number) => void): Generator<SourceEntry> {
  for (const entry of zipEntries(bytes, limits)) {
    onConsumed(entry.offset ?? 0);
    yield entry;
  }
}
