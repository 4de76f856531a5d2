import type { Chunk } from '../../corpus/chunk';
import type { Audience } from '../../corpus/model';
import type { RetrievalSignals } from '../abstention/abstention';
import type { SearchEngine, SearchOptions, SearchResult, Verdict } from '../searchEngine';
import { normalizePhrase, passageHolds, underCase } from './phrases';

export interface EvalQuestion {
  question: string;
  /** Fiche ids that answer it; empty = out of scope (the engine should abstain). */
  ids: string[];
  /** The audience the agent has selected when it is asked (default particuliers). */
  audience?: Audience | null;
  /** random (a drawn fiche), common, wrong-audience, off-topic…: how the writer made it. */
  kind?: string;
  /** Verbatim answer phrases of the right case: a passage holding one answers the question. */
  phrases?: string[];
  /** Section headings of the fiche's cases that are wrong for this question. */
  wrong_paths?: string[];
  /** The audience whose fiches answer it, when not the selected one (wrong-audience questions). */
  answer_audience?: Audience;
}

export interface EvalMetrics {
  n: number;
  'recall@1': number;
  'recall@3': number;
  'recall@5': number;
  'recall@10': number;
  mrr: number;
  /** Share of questions with phrases whose first passage on screen holds one. */
  lead_answers?: number;
  /** The same, among those whose lead fiche is right. */
  lead_answers_right_fiche?: number;
  /** Share of questions with phrases whose first passage lies under a case the question does not state. */
  lead_wrong_case?: number;
  /** Median length (characters) of the first passage on screen. */
  lead_chars_p50?: number;
  /** Wrong-audience questions: the right fiche among the first 5 shown, or a switch to its audience suggested. */
  audience_offered?: number;
  /** Questions of the selected audience for which another audience was suggested anyway. */
  audience_false_switch?: number;
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
  kind?: string;
  ms: number;
  /** The first passage on screen. */
  lead?: Chunk;
  /** Whether it holds a gold phrase (undefined when the question has none). */
  leadAnswers?: boolean;
  leadWrongCase?: boolean;
  suggestedAudience: Audience | null;
  answerAudience?: Audience;
  /** Rank of a right fiche among the other audiences' hits shown (0: none). */
  otherRank: number;
}

export function parseQuestions(jsonl: string): EvalQuestion[] {
  return jsonl.split('\n').filter((l) => l.trim()).map((line, i) => {
    const q = JSON.parse(line) as EvalQuestion;
    // Read by the eval CLIs only, where English is the rule.
    if (typeof q.question !== 'string' || !Array.isArray(q.ids)) throw new Error(`line ${i + 1}: expected {"question": "...", "ids": [...]}`);
    return q;
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

/** One question's row from the engine's result (also used for the peers' rankings in bench:search). */
export function rowOf(q: EvalQuestion, result: Pick<SearchResult, 'hits' | 'abstain' | 'verdict' | 'confidence' | 'offTopic' | 'signals'> & Partial<Pick<SearchResult, 'suggestedAudience' | 'otherHits'>>, ms: number, k: number): EvalRow {
  const audience = q.audience ?? 'particuliers';
  const got = result.hits.map((h) => h.fiche.id);
  const rank = got.findIndex((id) => q.ids.includes(id)) + 1;
  const lead = result.hits[0]?.passages[0]?.chunk;
  const phrases = q.phrases?.map(normalizePhrase).filter(Boolean) ?? [];
  const other = (result.otherHits ?? []).map((h) => h.fiche.id);
  return {
    question: q.question, expected: q.ids, got: got.slice(0, k), rank,
    abstain: result.abstain, verdict: result.verdict, confidence: result.confidence, offTopic: result.offTopic, signals: result.signals,
    audience, kind: q.kind, ms, lead,
    leadAnswers: phrases.length ? Boolean(lead && passageHolds(lead, phrases)) : undefined,
    leadWrongCase: q.phrases ? Boolean(lead && q.wrong_paths?.length && underCase(lead, q.wrong_paths)) : undefined,
    suggestedAudience: result.suggestedAudience ?? null,
    answerAudience: q.answer_audience,
    otherRank: other.findIndex((id) => q.ids.includes(id)) + 1,
  };
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
    rows.push(rowOf(q, result, performance.now() - started, k));
  }
  return { metrics: metricsOf(rows, k), rows };
}

/** Recall, MRR, lead passage, audience, latency and abstention figures of evaluated rows. */
export function metricsOf(rows: readonly EvalRow[], k = 10): EvalMetrics {
  // A wrong-audience question is judged on what it offers, not on the selected audience's ranking.
  const inScope = rows.filter((r) => r.expected.length && !r.answerAudience);
  const recall = (at: number) => (inScope.length ? inScope.filter((r) => r.rank > 0 && r.rank <= at).length / inScope.length : 0);
  const flagged = rows.filter((r) => r.abstain);
  const outOfScope = rows.filter((r) => !r.expected.length);
  const real = rows.filter((r) => r.expected.length);
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  const share = (of: readonly EvalRow[], test: (r: EvalRow) => boolean) => (of.length ? round(of.filter(test).length / of.length) : undefined);
  const withPhrases = inScope.filter((r) => r.leadAnswers !== undefined);
  const wrongAudience = rows.filter((r) => r.answerAudience && r.expected.length);
  const metrics: EvalMetrics = {
    n: rows.length,
    'recall@1': round(recall(1)),
    'recall@3': round(recall(3)),
    'recall@5': round(recall(5)),
    'recall@10': round(recall(10)),
    mrr: round(inScope.reduce((s, r) => s + (r.rank > 0 && r.rank <= k ? 1 / r.rank : 0), 0) / (inScope.length || 1)),
    lead_answers: share(withPhrases, (r) => r.leadAnswers === true),
    lead_answers_right_fiche: share(withPhrases.filter((r) => r.rank === 1), (r) => r.leadAnswers === true),
    lead_wrong_case: share(withPhrases, (r) => r.leadWrongCase === true),
    lead_chars_p50: withPhrases.length ? percentile(withPhrases.flatMap((r) => (r.lead ? [r.lead.text.length] : [])), 0.5) : undefined,
    audience_offered: share(wrongAudience, (r) => (r.otherRank > 0 && r.otherRank <= 5) || (r.rank > 0 && r.rank <= 5) || r.suggestedAudience === r.answerAudience),
    audience_false_switch: share(inScope, (r) => r.suggestedAudience !== null),
    p50_ms: round(percentile(rows.map((r) => r.ms), 0.5), 2),
    p95_ms: round(percentile(rows.map((r) => r.ms), 0.95), 2),
    abstain_precision: round(flagged.length ? flagged.filter((r) => !r.expected.length).length / flagged.length : 1),
    abstain_recall: round(outOfScope.length ? outOfScope.filter((r) => r.abstain).length / outOfScope.length : 1),
    real_flagged: round(real.length ? real.filter((r) => r.abstain).length / real.length : 0),
    real_low_confidence: round(real.length ? real.filter((r) => r.verdict === 'low-confidence').length / real.length : 0),
  };
  for (const key of Object.keys(metrics) as (keyof EvalMetrics)[]) if (metrics[key] === undefined) delete metrics[key];
  return metrics;
}
