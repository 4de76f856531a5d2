import type { PublicationInput } from '../buildCorpus';
import type { Audience } from '../model';
import { decodeXml } from './decodeXml';
import { parseXml } from './parseXml';
import { formatBytes, type SourceEntry } from './zipEntries';

/** Largest real fiche XML is ~1 MB; anything far above is not a fiche. */
export const MAX_FICHE_BYTES = 3 << 20;

/** Turns raw files (from a zip or a folder) into publications, one failure per bad file. */
export function* publicationsFromEntries(entries: Iterable<SourceEntry>, audience?: Audience): Generator<PublicationInput> {
  for (const entry of entries) {
    const file = entry.name;
    const base = file.split('/').pop() ?? file;
    if (base.startsWith('.') || !/\.xml$/i.test(base)) {
      yield { file, error: "ignoré : ce n'est pas un fichier XML" };
      continue;
    }
    if (entry.error || !entry.data) {
      yield { file, error: entry.error ?? 'fichier vide' };
      continue;
    }
    if (entry.data.length > MAX_FICHE_BYTES) {
      yield { file, error: `fichier trop volumineux (${formatBytes(entry.data.length)})` };
      continue;
    }
    if (entry.data.length === 0) {
      yield { file, error: 'fichier vide' };
      continue;
    }
    try {
      yield { file, root: parseXml(decodeXml(entry.data)), audience };
    } catch (err) {
      yield { file, error: (err as Error).message };
    }
  }
}
