import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SourceEntry } from '../sources/zipEntries';
import { failure } from '../../errors/appFailure';

/** The files of a folder (recursively), read one at a time. */
export function* dirEntries(root: string, maxEntryBytes: number): Generator<SourceEntry> {
  const walk = function* (dir: string): Generator<SourceEntry> {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) yield* walk(path);
      else if (stat.size > maxEntryBytes) yield { name: relative(root, path), failure: failure('fiche', 'file-too-large', { bytes: stat.size }) };
      else yield { name: relative(root, path), data: readFileSync(path) };
    }
  };
  yield* walk(root);
}
