/**
 * npm run train:vocabulary [-- --write] — learns which fiche words a question word stands for
 * (src/search/analysis/learntVocabulary.json): a word-translation model (IBM model 1, EM) between
 * the words of questions and the words of the fiche that answers them (title and description).
 *
 * Pairs: the questions of the sets the manifest marks `training`, with their first answering
 * fiche; and the corpus's own questions pointing at fiches — each fiche's aliases (how other
 * pages link to it) and the titles of the question-type fiches (« Peut-on… ? ») with their
 * description. A question word is expanded with the fiche words it translates to, most probable
 * first, when it was seen often enough; words that translate to themselves add nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readBundle } from '../src/corpus/node/bundleFiles';
import { analyze } from '../src/search/analysis/frenchAnalyzer';
import { parseQuestions } from '../src/search/evaluation/evaluate';
import { setsWithRole } from './lib/setManifest';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    iterations: { type: 'string', default: '8' },
    /** A question word must occur in this many pairs to be expanded. */
    'min-count': { type: 'string', default: '3' },
    /** Keep translations at least this probable. */
    'min-p': { type: 'string', default: '0.08' },
    /** At most this many expansions a word. */
    top: { type: 'string', default: '3' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});

const corpus = readBundle(values.corpus!);
const fiches = new Map(corpus.fiches.map((f) => [`${f.audience}/${f.id}`, f]));
const ficheSide = (key: string) => {
  const f = fiches.get(key);
  return f ? [...new Set(analyze(`${f.title} ${f.description}`))] : [];
};

const pairs: { q: string[]; f: string[]; from: string }[] = [];
const files = setsWithRole('training');
for (const file of files) {
  for (const q of parseQuestions(readFileSync(file, 'utf8'))) {
    if (!q.ids.length) continue;
    const f = ficheSide(`${q.answer_audience ?? q.audience ?? 'particuliers'}/${q.ids[0]}`);
    if (f.length) pairs.push({ q: [...new Set(analyze(q.question))], f, from: 'sets' });
  }
}
for (const fiche of corpus.fiches) {
  const key = `${fiche.audience}/${fiche.id}`;
  const f = ficheSide(key);
  for (const alias of fiche.aliases ?? []) pairs.push({ q: [...new Set(analyze(alias))], f, from: 'aliases' });
  if (fiche.type.startsWith('Fiche Question-réponse') && fiche.description) {
    pairs.push({ q: [...new Set(analyze(fiche.title))], f: [...new Set(analyze(fiche.description))], from: 'questions' });
  }
}
const usable = pairs.filter((p) => p.q.length && p.f.length);
console.log(`pairs: ${usable.length} (${['sets', 'aliases', 'questions'].map((k) => `${usable.filter((p) => p.from === k).length} ${k}`).join(', ')})`);

// IBM model 1: t(f | q), with a NULL word on the question side to absorb words nothing explains.
const NULL = '\u0000';
const t = new Map<string, Map<string, number>>();
const qCount = new Map<string, number>();
for (const { q } of usable) for (const w of q) qCount.set(w, (qCount.get(w) ?? 0) + 1);
for (const { q, f } of usable) {
  for (const w of [...q, NULL]) {
    let row = t.get(w);
    if (!row) t.set(w, (row = new Map()));
    for (const x of f) row.set(x, 1);
  }
}
for (let it = 0; it < Number(values.iterations); it++) {
  const counts = new Map<string, Map<string, number>>();
  for (const { q, f } of usable) {
    const sources = [...q, NULL];
    for (const x of f) {
      let denom = 0;
      for (const w of sources) denom += t.get(w)!.get(x) ?? 0;
      if (!denom) continue;
      for (const w of sources) {
        const c = (t.get(w)!.get(x) ?? 0) / denom;
        let row = counts.get(w);
        if (!row) counts.set(w, (row = new Map()));
        row.set(x, (row.get(x) ?? 0) + c);
      }
    }
  }
  for (const [w, row] of counts) {
    let total = 0;
    for (const c of row.values()) total += c;
    t.set(w, new Map([...row].map(([x, c]) => [x, c / total])));
  }
}

const minCount = Number(values['min-count']);
const minP = Number(values['min-p']);
const top = Number(values.top);
const table: Record<string, [string, number][]> = {};
for (const [w, row] of t) {
  if (w === NULL || (qCount.get(w) ?? 0) < minCount || /^\d/.test(w)) continue;
  // A word that mostly stands for itself needs no expansion.
  if ((row.get(w) ?? 0) >= 0.5) continue;
  const best = [...row].filter(([x, p]) => x !== w && p >= minP && !/^\d/.test(x)).sort((a, b) => b[1] - a[1]).slice(0, top);
  if (best.length) table[w] = best.map(([x, p]) => [x, Math.round(p * 1000) / 1000]);
}
console.log(`${Object.keys(table).length} words expanded`);
for (const w of ['proprio', 'viré', 'boulot', 'caution', 'prof', 'autist', 'bizutag', 'loa', 'hlm', 'chômag', 'papi']) {
  const key = analyze(w)[0];
  if (key) console.log(`  ${w} (${key}) → ${JSON.stringify(table[key] ?? [])}`);
}
if (values.write) {
  writeFileSync('src/search/analysis/learntVocabulary.json', `${JSON.stringify({ trainedOn: files, words: table })}\n`);
  console.log('wrote src/search/analysis/learntVocabulary.json');
}
