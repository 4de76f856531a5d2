import type { Audience } from '../corpus/model';
import type { ChatEngine } from './chatEngine';
import type { SearchResult } from '../search/searchEngine';
import { answerQuestion, type Answer, type AnswerMode, type PipelineDeps } from './answerPipeline';
import { extractFigures, indexFigures, isSupported } from './figures';
import { isAbstention } from './grounding';
import { ANSWER_TARGET_S, FIRST_WORDS_TARGET_S } from '../settings/tunables';

/**
 * Qualifying a model on the PC that will run it: the desk's built-in questions (written by a
 * writer who read only the fiches, with the answer's verbatim phrases; plus off-topic ones) go
 * through the real pipeline with the engine installed here, and the answers are judged on what
 * an agent needs — supported figures, the expected phrase, valid citations, French, abstention
 * off-topic — and on time to first words and to the whole answer at this desk's real prompts.
 */
export interface QualifyQuestion {
  question: string;
  ids: string[];
  audience: Audience | null;
  /** 'common' (an everyday desk question) or 'off-topic' (no fiche answers it). */
  kind: string;
  /** Verbatim phrases of the fiche's answer for the question's case. */
  phrases: string[];
  wrong_paths: string[];
}

export function parseQualifySet(jsonl: string): QualifyQuestion[] {
  return jsonl.split('\n').filter((l) => l.trim()).map((line, i) => {
    const q = JSON.parse(line) as Partial<QualifyQuestion>;
    // The set ships with the app: a bad line is a mistake of ours, caught by tests/unit/qualify.
    if (typeof q.question !== 'string' || !Array.isArray(q.phrases)) throw new Error(`qualify set, line ${i + 1}: no question or phrases`);
    return { question: q.question, ids: q.ids ?? [], audience: q.audience ?? null, kind: q.kind ?? 'common', phrases: q.phrases, wrong_paths: q.wrong_paths ?? [] };
  });
}

const offTopic = (q: QualifyQuestion) => q.kind === 'off-topic' || !q.ids.length;

/** `n` of the questions, evenly spread, desk and off-topic ones in their proportions (a short run). */
export function qualifySample(questions: readonly QualifyQuestion[], n: number): QualifyQuestion[] {
  if (n >= questions.length) return [...questions];
  const pick = (list: QualifyQuestion[], k: number) => Array.from({ length: k }, (_, i) => list[Math.floor((i * list.length) / k)]!);
  const off = questions.filter(offTopic);
  const common = questions.filter((q) => !offTopic(q));
  const kOff = Math.min(off.length, Math.max(1, Math.round((n * off.length) / questions.length)));
  return [...pick(common, n - kOff), ...pick(off, kOff)];
}

/**
 * What a model must reach to be switched on for agents. Figures, citations and French: a wrong
 * figure or an unsourced answer is what stopped the predecessor. The expected phrase is counted
 * against the questions whose given passages hold it (search, not the model, decides the rest).
 * Off-topic: what the search's own abstention reaches (≥ 80 %), with a margin. Times: the CPU
 * budgets' targets (src/settings/tunables.ts).
 */
export const QUALIFY_THRESHOLDS = {
  figures_supported: 0.9,
  phrase_when_given: 0.6,
  citations_valid: 0.9,
  offtopic_abstained: 0.75,
  french: 0.95,
  /** At most this share of answers may loop (stopped and cut). */
  loops: 0.05,
  ttft_ms_p50: FIRST_WORDS_TARGET_S * 1000,
  answer_ms_p50: ANSWER_TARGET_S * 1000,
} as const;

export interface QuestionOutcome {
  question: string;
  kind: string;
  mode: AnswerMode;
  /** Generated answers only. */
  figuresSupported?: boolean;
  citationsValid?: boolean;
  french?: boolean;
  /** Common questions: the answer holds an expected phrase or its figures; the passages given did. */
  expectedPhrase?: boolean;
  phraseGiven?: boolean;
  /** Common questions answered: the answer's case, or a cited passage's section, is one the writer marked wrong for it. */
  wrongCase?: boolean;
  /** Off-topic questions: no answer was written from the fiches. */
  abstained?: boolean;
  /** The model looped and was stopped. */
  looped?: boolean;
  ttftMs?: number;
  answerMs: number;
}

export interface QualifyReport {
  model: string;
  questions: number;
  figures_supported: number | null;
  expected_phrase: number | null;
  citations_valid: number | null;
  offtopic_abstained: number | null;
  french: number | null;
  ttft_ms_p50: number | null;
  answer_ms_p50: number | null;
  verdict: string;
  suitable: boolean;
  /** Failed thresholds, in words. */
  failures: string[];
  /** Share of common questions whose given passages held an expected phrase (the ceiling for expected_phrase). */
  phrase_in_sources: number | null;
  /** Share of generated answers that looped. */
  loops: number | null;
  /** Share of answered desk questions written for a case the question does not state (the search's lead case; no threshold). */
  wrong_case: number | null;
  load_ms: number | null;
  generated: number;
  at: string;
  outcomes: QuestionOutcome[];
}

/**
 * A stored report written by this version's qualification (older or damaged records are not shown):
 * the fields Transparence reads, checked.
 */
export function isQualifyReport(v: unknown): v is QualifyReport {
  if (typeof v !== 'object' || v === null) return false;
  const r: Partial<Record<keyof QualifyReport, unknown>> = v;
  return typeof r.model === 'string' && typeof r.at === 'string' && typeof r.questions === 'number'
    && typeof r.verdict === 'string' && typeof r.suitable === 'boolean' && Array.isArray(r.failures) && Array.isArray(r.outcomes);
}

export interface QualifyDeps {
  engine: ChatEngine;
  retrieve: (question: string, audience: Audience) => Promise<SearchResult>;
  /** This desk's generation settings: passages, prompt style, answer length. */
  pipeline?: Omit<PipelineDeps, 'retrieve' | 'engine'>;
  loadMs?: number;
  now?: () => number;
  onProgress?: (done: number, total: number) => void;
  /** Checked between questions: a run can be stopped. */
  cancelled?: () => boolean;
}

const normalise = (text: string) => text
  .normalize('NFC')
  .replace(/\[\d{1,3}\]/g, ' ')
  .replace(/[*_`#]+/g, '')
  .replace(/[’ʼ]/g, "'")
  .replace(/[\u00a0\u202f\u2009\s]+/g, ' ')
  .toLowerCase()
  .trim();

/** The text holds one of the phrases, or every figure of one of them (« 25 € » for « Timbre fiscal : 25 € »). */
export function holdsPhrase(text: string, phrases: readonly string[]): boolean {
  const plain = normalise(text);
  const index = indexFigures([text]);
  return phrases.some((phrase) => {
    if (plain.includes(normalise(phrase))) return true;
    const figures = extractFigures(phrase).filter((f) => f.kind !== 'count');
    return figures.length > 0 && figures.every((f) => isSupported(f, index));
  });
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
};
const share = (xs: (boolean | undefined)[]) => {
  const known = xs.filter((x): x is boolean => x !== undefined);
  return known.length ? Math.round((known.filter(Boolean).length / known.length) * 1000) / 1000 : null;
};

function outcomeOf(q: QualifyQuestion, answer: Answer, answerMs: number, ttftMs: number | undefined): QuestionOutcome {
  const out: QuestionOutcome = { question: q.question, kind: q.kind, mode: answer.mode, answerMs, ttftMs };
  const generated = answer.mode === 'generated';
  const refused = generated && isAbstention(answer.text);
  if (generated) {
    const g = answer.grounding;
    out.figuresSupported = (g?.unsupportedFigures ?? 0) === 0;
    // Saying the fiches do not answer needs no citation.
    out.citationsValid = refused || (answer.cited.length > 0 && answer.removedCitations === 0 && !g?.otherCaseCites.length);
    out.french = g?.french ?? true;
    out.looped = Boolean(answer.repetition);
  }
  if (offTopic(q)) out.abstained = answer.mode === 'abstain' || refused;
  else {
    out.expectedPhrase = generated && !refused && holdsPhrase(answer.text, q.phrases);
    out.phraseGiven = holdsPhrase(answer.sources.map((s) => s.chunk.text).join('\n'), q.phrases);
    if (generated && !refused) {
      const wrong = new Set(q.wrong_paths);
      const cited = answer.sources.filter((s) => answer.cited.includes(s.n));
      out.wrongCase = [...(answer.case?.path ?? []), ...cited.flatMap((s) => s.chunk.path.slice(1))].some((h) => wrong.has(h));
    }
  }
  return out;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;

/** « convient à ce poste », or « ne convient pas : » and each threshold missed. */
export function verdictOf(r: Omit<QualifyReport, 'verdict' | 'suitable' | 'failures' | 'outcomes' | 'at' | 'model' | 'load_ms'>): { suitable: boolean; verdict: string; failures: string[] } {
  const t = QUALIFY_THRESHOLDS;
  const failures: string[] = [];
  const atLeast = (value: number | null, min: number, what: string) => {
    if (value !== null && value < min) failures.push(`${what} ${percent(value)} < ${percent(min)}`);
  };
  if (!r.generated) failures.push('aucune réponse rédigée');
  atLeast(r.figures_supported, t.figures_supported, 'chiffres appuyés par les sources');
  if (r.expected_phrase !== null && r.phrase_in_sources) {
    atLeast(r.expected_phrase / r.phrase_in_sources, t.phrase_when_given, 'réponse attendue trouvée quand les passages la donnent');
  }
  atLeast(r.citations_valid, t.citations_valid, 'citations valides');
  atLeast(r.offtopic_abstained, t.offtopic_abstained, 'abstention hors sujet');
  atLeast(r.french, t.french, 'réponses en français');
  if (r.loops !== null && r.loops > t.loops) failures.push(`réponses en boucle ${percent(r.loops)} > ${percent(t.loops)}`);
  if (r.ttft_ms_p50 !== null && r.ttft_ms_p50 > t.ttft_ms_p50) failures.push(`premiers mots en ${seconds(r.ttft_ms_p50)} > ${seconds(t.ttft_ms_p50)}`);
  if (r.answer_ms_p50 !== null && r.answer_ms_p50 > t.answer_ms_p50) failures.push(`réponse en ${seconds(r.answer_ms_p50)} > ${seconds(t.answer_ms_p50)}`);
  return { suitable: !failures.length, verdict: failures.length ? `ne convient pas : ${failures.join(' ; ')}` : 'convient à ce poste', failures };
}

export async function qualifyModel(model: string, questions: readonly QualifyQuestion[], deps: QualifyDeps): Promise<QualifyReport> {
  const now = deps.now ?? (() => performance.now());
  const outcomes: QuestionOutcome[] = [];
  for (const [i, q] of questions.entries()) {
    if (deps.cancelled?.()) break;
    const started = now();
    let ttftMs: number | undefined;
    const answer = await answerQuestion(q.question, [], {
      ...deps.pipeline,
      engine: deps.engine,
      retrieve: (query) => deps.retrieve(query, q.audience ?? 'particuliers'),
    }, (event) => {
      if (event.type === 'partial' && ttftMs === undefined && event.text.trim()) ttftMs = now() - started;
    });
    outcomes.push(outcomeOf(q, answer, now() - started, answer.mode === 'generated' ? ttftMs : undefined));
    deps.onProgress?.(i + 1, questions.length);
  }
  const generated = outcomes.filter((o) => o.mode === 'generated');
  const metrics = {
    questions: outcomes.length,
    figures_supported: share(generated.map((o) => o.figuresSupported)),
    expected_phrase: share(outcomes.map((o) => o.expectedPhrase)),
    citations_valid: share(generated.map((o) => o.citationsValid)),
    offtopic_abstained: share(outcomes.map((o) => o.abstained)),
    french: share(generated.map((o) => o.french)),
    ttft_ms_p50: median(generated.flatMap((o) => (o.ttftMs === undefined ? [] : [o.ttftMs]))),
    answer_ms_p50: median(generated.map((o) => o.answerMs)),
    phrase_in_sources: share(outcomes.map((o) => o.phraseGiven)),
    loops: share(generated.map((o) => o.looped)),
    wrong_case: share(outcomes.map((o) => o.wrongCase)),
    generated: generated.length,
  };
  return { model, ...metrics, ...verdictOf(metrics), load_ms: deps.loadMs === undefined ? null : Math.round(deps.loadMs), at: new Date().toISOString(), outcomes };
}

/** The last line of `npm run qualify -- --json`: the report's figures, without the per-question rows. */
export function qualifySummary(report: QualifyReport): Record<string, unknown> {
  const { outcomes: _outcomes, ...summary } = report;
  return summary;
}
