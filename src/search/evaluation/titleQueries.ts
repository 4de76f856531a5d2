import type { FicheMeta } from '../../corpus/corpusData';
import type { Audience } from '../../corpus/model';
import type { EvalQuestion } from './evaluate';

/**
 * Title queries derived from the corpus itself, so tests and benches need no outside file: the
 * titles of the question-type fiches ("Qu'est-ce que la médiation familiale ?") are questions DILA
 * wrote for exactly one answer. Every `every`-th one (by id order, deterministic) is kept; a
 * question lists every answer fiche of the audience that bears the same title (some fiches share
 * one). Replaces shared/data/eval/title-queries.jsonl (535 titles of the same kind).
 */
export function titleQueries(fiches: readonly FicheMeta[], options: { audience?: Audience; every?: number } = {}): EvalQuestion[] {
  const audience = options.audience ?? 'particuliers';
  const every = options.every ?? 3;
  const key = (title: string) => title.normalize('NFC').replace(/[’‘]/g, "'").toLowerCase().trim();
  const answers = fiches.filter((f) => f.role === 'answer' && f.audience === audience);
  const byTitle = new Map<string, string[]>();
  for (const f of answers) {
    const k = key(f.title);
    byTitle.set(k, [...(byTitle.get(k) ?? []), f.id]);
  }
  const numeric = (id: string) => Number(id.replace(/\D/g, '')) || 0;
  return answers
    .filter((f) => f.type.startsWith('Fiche Question-réponse'))
    .sort((a, b) => numeric(a.id) - numeric(b.id) || a.id.localeCompare(b.id))
    .filter((_, i) => i % every === 0)
    .map((f) => ({ question: f.title, ids: byTitle.get(key(f.title))! }));
}
