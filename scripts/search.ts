/**
 * npm run search -- "question" [--k 5] [--json] [--lexical] [--audience particuliers] [--theme "..."] [--corpus public/corpus]
 * npm run search -- --questions FILE.jsonl --json   one JSON line per question (same shape), one process
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PATH_SEPARATOR } from '../src/corpus/chunk';
import type { Audience } from '../src/corpus/model';
import { parseQuestions } from '../src/search/evaluation/evaluate';
import { loadEngine } from '../src/search/node/loadEngine';
import type { FicheHit, SearchResult } from '../src/search/searchEngine';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    k: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    lexical: { type: 'boolean', default: false },
    audience: { type: 'string' },
    theme: { type: 'string' },
    questions: { type: 'string' },
    corpus: { type: 'string', default: 'public/corpus' },
  },
});
const engine = loadEngine(values.corpus, { lexical: values.lexical });

/** The cases the first passage is written for, as words: the options offered and the one shown. */
function casesOf(h: FicheHit): { options: string[]; shown: string | null; stated: boolean }[] {
  return (h.passages[0]?.chunk.cases ?? []).map(([choice, option]) => {
    const options = h.fiche.choices?.[choice]?.options ?? [];
    return { options, shown: options[option] ?? null, stated: h.cases?.[choice]?.stated ?? false };
  });
}

function toJson(question: string, result: SearchResult, ms: number) {
  const hit = (h: FicheHit) => ({
    id: h.fiche.id, audience: h.fiche.audience, title: h.fiche.title, url: h.fiche.url, score: h.score,
    cases: casesOf(h),
    passages: h.passages.map((p) => ({ id: p.chunk.id, path: p.chunk.path, score: p.score, text: p.chunk.text })),
  });
  return {
    question, status: result.status, mode: result.mode, confidence: result.confidence, verdict: result.verdict, abstain: result.abstain, ms,
    suggestedAudience: result.suggestedAudience,
    terms: result.terms,
    hits: result.hits.map(hit),
    otherAudiences: result.otherHits.map(hit),
  };
}

function run(question: string, audience: string | undefined) {
  const started = performance.now();
  const result = engine.search(question, {
    k: Number(values.k),
    audiences: audience ? (audience.split(',') as Audience[]) : undefined,
    theme: values.theme,
  });
  return { result, ms: performance.now() - started };
}

if (values.questions) {
  for (const q of parseQuestions(readFileSync(values.questions, 'utf8'))) {
    const { result, ms } = run(q.question, values.audience ?? q.audience ?? 'particuliers');
    console.log(JSON.stringify(toJson(q.question, result, ms)));
  }
} else {
  const question = positionals.join(' ');
  const { result, ms } = run(question, values.audience ?? 'particuliers');
  if (values.json) console.log(JSON.stringify(toJson(question, result, ms)));
  else {
    if (result.status !== 'ok') console.log(`status: ${result.status} (${result.status === 'empty' ? 'nothing typed' : 'only stop words'})`);
    console.log(`${result.hits.length} fiche(s) in ${ms.toFixed(1)} ms (${result.mode}) — confidence ${result.confidence.toFixed(2)}${result.verdict !== 'answer' ? ` (${result.verdict})` : ''}`);
    console.log(`terms: ${result.terms.map((t) => (t.kind === 'query' ? t.term : `${t.term}(${t.kind})`)).join(' ')}`);
    if (result.suggestedAudience) console.log(`→ better answered for: ${result.suggestedAudience} (${result.otherHits.map((h) => h.fiche.id).join(', ')})`);
    result.hits.forEach((h, i) => {
      console.log(`\n${i + 1}. ${h.fiche.id}  ${h.fiche.title}  [${h.score.toFixed(2)}]\n   ${h.fiche.url}`);
      const best = h.passages[0];
      if (best) console.log(`   › ${best.chunk.path.slice(1).join(PATH_SEPARATOR) || '(introduction)'}\n   ${best.chunk.text.replace(/\s+/g, ' ').slice(0, 240)}…`);
    });
  }
}
