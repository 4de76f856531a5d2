import type { Audience } from '../../corpus/model';
import type { RetrievalSignals } from '../abstention/abstention';
import type { SearchEngine, SearchOptions, Verdict } from '../searchEngine';

export interface EvalQuestion {
  question: string;
  /** Fiche ids that answer it; empty = out of scope (the engine should abstain). */
  ids: string[];
  /** The citizen's audience, searched as the agent would pick it (default particuliers). */
  audience?: Audience | null;
  kind?: string;
}

export interface EvalMetrics {
  n: number;
  'recall@1': number;
  'recall@3': number;
  'recall@5': number;
  'recall@10': number;
  mrr: number;
  p50_ms: number;
  p95_ms: number;
  abstain_precision: number;
  abstain_recall: number;
  /** Share of in-scope questions judged off-topic (no model call): the harm an abstention does. */
  real_flagged: number;
  /** Share of in-scope questions answered with a caution (low confidence). */
  real_low_confidence: number;
}

export interface EvalRow {
  question: string;
  expected: string[];
  got: string[];
  rank: number;
  abstain: boolean;
  verdict: Verdict;
  confidence: number;
  offTopic: number;
  signals?: RetrievalSignals;
  audience: Audience;
  ms: number;
}

export function parseQuestions(jsonl: string): EvalQuestion[] {
  return jsonl.split('\n').filter((l) => l.trim()).map((line, i) => {
    const q = JSON.parse(line) as EvalQuestion;
    if (typeof q.question !== 'string' || !Array.isArray(q.ids)) throw new Error(`line ${i + 1}: expected {"question": "...", "ids": [...]}`);
    return q;
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

/** Runs every question through the engine; a hit is any expected id among the top-k fiches. */
export function evaluate(
  engine: SearchEngine, questions: EvalQuestion[], k = 10,
  options: SearchOptions | ((q: EvalQuestion) => SearchOptions) = {},
): { metrics: EvalMetrics; rows: EvalRow[] } {
  const rows: EvalRow[] = [];
  for (const q of questions) {
    const started = performance.now();
    const audience = q.audience ?? 'particuliers';
    const result = engine.search(q.question, { audiences: [audience], ...(typeof options === 'function' ? options(q) : options), k: Math.max(k, 10) });
    const ms = performance.now() - started;
    const got = result.hits.map((h) => h.fiche.id);
    const rank = got.findIndex((id) => q.ids.includes(id)) + 1;
    rows.push({ question: q.question, expected: q.ids, got: got.slice(0, k), rank, abstain: result.abstain, verdict: result.verdict, confidence: result.confidence, offTopic: result.offTopic, signals: result.signals, audience, ms });
  }
  return { metrics: metricsOf(rows, k), rows };
}

/** Recall, MRR, latency and abstention figures of evaluated rows (a whole set or one audience). */
export function metricsOf(rows: readonly EvalRow[], k = 10): EvalMetrics {
  const inScope = rows.filter((r) => r.expected.length);
  const recall = (at: number) => (inScope.length ? inScope.filter((r) => r.rank > 0 && r.rank <= at).length / inScope.length : 0);
  const flagged = rows.filter((r) => r.abstain);
  const outOfScope = rows.filter((r) => !r.expected.length);
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    n: rows.length,
    'recall@1': round(recall(1)),
    'recall@3': round(recall(3)),
    'recall@5': round(recall(5)),
    'recall@10': round(recall(10)),
    mrr: round(inScope.reduce((s, r) => s + (r.rank > 0 && r.rank <= k ? 1 / r.rank : 0), 0) / (inScope.length || 1)),
    p50_ms: round(percentile(rows.map((r) => r.ms), 0.5), 2),
    p95_ms: round(percentile(rows.map((r) => r.ms), 0.95), 2),
    abstain_precision: round(flagged.length ? flagged.filter((r) => !r.expected.length).length / flagged.length : 1),
    abstain_recall: round(outOfScope.length ? outOfScope.filter((r) => r.abstain).length / outOfScope.length : 1),
    real_flagged: round(inScope.length ? inScope.filter((r) => r.abstain).length / inScope.length : 0),
    real_low_confidence: round(inScope.length ? inScope.filter((r) => r.verdict === 'low-confidence').length / inScope.length : 0),
  };
}
