/**
 * npm run fiche -- F1153 [--audience particuliers] [--corpus public/corpus]
 * Prints one fiche as the app holds it: title, description, then every passage in order under
 * its section path (the cases — En France / À l'étranger, majeur / mineur… — are path levels).
 * For writers of question sets, who copy answer phrases verbatim from it.
 */
import { parseArgs } from 'node:util';
import { readBundle } from '../src/corpus/node/bundleFiles';
import { PATH_SEPARATOR } from '../src/corpus/chunk';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    audience: { type: 'string' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});
const corpus = readBundle(values.corpus!);
for (const id of positionals) {
  const fiche = corpus.fiches.find((f) => f.id === id && (!values.audience || f.audience === values.audience));
  if (!fiche) {
    console.error(`${id}: no such fiche`);
    process.exitCode = 1;
    continue;
  }
  console.log(`# ${fiche.id} (${fiche.audience}, ${fiche.type}) ${fiche.title}`);
  if (fiche.description) console.log(fiche.description);
  console.log(`Dossier: ${fiche.breadcrumb.map((b) => b.title).join(PATH_SEPARATOR)}`);
  for (const chunk of corpus.chunks.filter((c) => c.ficheId === id && c.audience === fiche.audience)) {
    console.log(`\n## ${chunk.path.slice(1).join(PATH_SEPARATOR) || '(introduction)'}\n${chunk.text}`);
  }
  console.log('');
}
