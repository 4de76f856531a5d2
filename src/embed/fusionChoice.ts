/**
 * Replace or join: whether an embedder's vectors take the corpus-learnt vectors' place
 * in the fusion or join them as a third ranking is measured on the desk's own corpus, with the
 * real model, when its vectors are built: no single answer holds for every model. Join is kept
 * unless replacing is clearly better, because joining survives a model that suits the fiches
 * badly (its noise is outvoted) while replacing does not.
 */
import { evaluate, type EvalMetrics, type EvalQuestion } from '../search/evaluation/evaluate';
import type { EmbedderFusion, SearchEngine } from '../search/searchEngine';
import type { VectorStore } from '../search/index/vectorStore';

export interface FusionChoice {
  choice: EmbedderFusion;
  figures: Record<EmbedderFusion, EvalMetrics>;
}

/** MRR replacing must gain over joining to be chosen. */
export const REPLACE_MARGIN = 0.01;

/**
 * Measures both fusions on in-scope questions with their query vectors (undefined: the embedder
 * gave none, the corpus vectors serve) and leaves the engine attached with the choice.
 */
export function chooseFusion(
  engine: SearchEngine,
  store: VectorStore,
  questions: readonly EvalQuestion[],
  queryVector: (q: EvalQuestion) => Float32Array | undefined,
): FusionChoice {
  const inScope = questions.filter((q) => q.ids.length);
  const measure = (mode: EmbedderFusion) => {
    engine.attachEmbeddings(store, mode);
    return evaluate(engine, inScope, 10, (q) => ({ queryVector: queryVector(q) })).metrics;
  };
  const figures = { join: measure('join'), replace: measure('replace') };
  const choice: EmbedderFusion = figures.replace.mrr > figures.join.mrr + REPLACE_MARGIN ? 'replace' : 'join';
  engine.attachEmbeddings(store, choice);
  return { choice, figures };
}
