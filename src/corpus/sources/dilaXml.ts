import type { PublicationInput } from '../buildCorpus';
import type { Audience } from '../model';
import { decodeXml } from './decodeXml';
import { parseXml } from './parseXml';
import type { SourceEntry } from './zipEntries';
import { failure, toFailure } from '../../errors/appFailure';

/** Largest real fiche XML is ~1 MB; anything far above is not a fiche. */
export const MAX_FICHE_BYTES = 3 << 20;

/** Turns raw files (from a zip or a folder) into publications, one failure per bad file. */
export function* publicationsFromEntries(entries: Iterable<SourceEntry>, audience?: Audience): Generator<PublicationInput> {
  for (const entry of entries) {
    const file = entry.name;
    const base = file.split('/').pop() ?? file;
    if (base.startsWith('.') || !/\.xml$/i.test(base)) {
      yield { file, failure: failure('fiche', 'not-xml') };
      continue;
    }
    if (entry.failure || !entry.data) {
      yield { file, failure: entry.failure ?? failure('fiche', 'empty') };
      continue;
    }
    if (entry.data.length > MAX_FICHE_BYTES) {
      yield { file, failure: failure('fiche', 'file-too-large', { bytes: entry.data.length }) };
      continue;
    }
    if (entry.data.length === 0) {
      yield { file, failure: failure('fiche', 'empty') };
      continue;
    }
    try {
      yield { file, root: parseXml(decodeXml(entry.data)), audience };
    } catch (err) {
      yield { file, failure: toFailure(err, 'fiche') };
    }
  }
}
