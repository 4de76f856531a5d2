import { describe, expect, it } from 'vitest';
import { chooseFusion } from '../../src/embed/fusionChoice';
import { readFileSync } from 'node:fs';
import { setPath } from '../../scripts/lib/setManifest';
import { evaluate, parseQuestions } from '../../src/search/evaluation/evaluate';
import { loadEngine } from '../../src/search/node/loadEngine';
import { VectorStore } from '../../src/search/index/vectorStore';

/** Deterministic noise in [-1, 1). */
function noise(seed: number, n: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Spoken desk questions (tuning sets), where the vectors' vote matters; titles are won by words. */
const spoken = ['holdout', 'holdout2'].flatMap((f) => parseQuestions(readFileSync(setPath(f), 'utf8'))).filter((q) => q.ids.length);

describe('join or replace an embedder\'s vectors', () => {
  // The learnt ranker weighs the vectors as one feature among words, titles and whole fiches, so a
  // useless embedder costs little either way: what matters is that the fusion kept holds the line.
  it('keeps ranking within reach of the corpus vectors alone when the embedder suits the fiches badly', () => {
    const engine = loadEngine('public/corpus');
    const questions = spoken;
    const today = evaluate(engine, questions, 10).metrics;
    const dim = 32;
    // A model whose vectors carry nothing about the fiches: random chunk and query vectors.
    const store = VectorStore.from(noise(1, engine.corpus.chunks.length * dim), dim, 'int8');
    const queries = new Map(questions.map((q, i) => [q, noise(1000 + i, dim)]));
    const { choice, figures } = chooseFusion(engine, store, questions, (q) => queries.get(q));
    expect(figures.join.mrr).toBeGreaterThan(today.mrr - 0.05);
    expect(figures[choice].mrr).toBeGreaterThan(today.mrr - 0.05);
    expect(figures[choice]['recall@5']).toBeGreaterThan(today['recall@5'] - 0.05);
    // The engine is left as chosen: a search with a query vector now fuses three rankings.
    const q = questions[0]!;
    expect(engine.search(q.question, { queryVector: queries.get(q) }).mode).toBe('hybrid');
  }, 120_000);

  it('chooses replace when the embedder ranks the answers far better than the corpus vectors', () => {
    const engine = loadEngine('public/corpus');
    const questions = spoken.filter((q) => (q.audience ?? 'particuliers') === 'particuliers');
    const dim = 96;
    // A model that knows each question's answer: its fiche's chunks lie on the question's axis.
    const axis = new Map(questions.map((q, i) => [q.ids[0]!, i % dim]));
    const rows = new Float32Array(engine.corpus.chunks.length * dim).fill(0.01);
    engine.corpus.chunks.forEach((c, i) => {
      const a = axis.get(c.ficheId);
      if (a !== undefined && c.audience === 'particuliers') rows[i * dim + a] = 1;
    });
    const store = VectorStore.from(rows, dim, 'float32');
    const vectorOf = (a: number) => Float32Array.from({ length: dim }, (_, j) => (j === a ? 1 : 0.01));
    const { choice, figures } = chooseFusion(engine, store, questions, (q) => vectorOf(axis.get(q.ids[0]!)!));
    expect(figures.replace.mrr).toBeGreaterThan(figures.join.mrr + 0.01);
    expect(choice).toBe('replace');
  }, 120_000);
});
