import { buildCorpus, type BuildResult } from './buildCorpus';
import type { Audience } from './model';
import { MAX_FICHE_BYTES, publicationsFromEntries } from './sources/dilaXml';
import { zipEntries, type SourceEntry } from './sources/zipEntries';

export interface ImportProgress {
  /** 0–1 over the bytes read. */
  fraction: number;
  files: number;
  current: string;
}

export type ImportInput =
  | { kind: 'zip'; name: string; bytes: Uint8Array }
  | { kind: 'files'; name: string; files: { name: string; bytes: Uint8Array }[] };

/** Browser-side import (run in a worker): a DILA zip or the files of a chosen folder. */
export function importArchive(
  input: ImportInput,
  onProgress: (p: ImportProgress) => void,
  audiences?: Audience[],
): BuildResult {
  let total = 0;
  let consumed = 0;
  let entries: Iterable<SourceEntry>;
  if (input.kind === 'zip') {
    total = input.bytes.length;
    entries = trackZip(input.bytes, (n) => (consumed = n));
  } else {
    total = input.files.reduce((n, f) => n + f.bytes.length, 0);
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

function* trackZip(bytes: Uint8Array, onConsumed: (n: number) => void): Generator<SourceEntry> {
  for (const entry of zipEntries(bytes, MAX_FICHE_BYTES)) {
    onConsumed(entry.offset ?? 0);
    yield entry;
  }
}
