import type { ChatEngine, GenerationStats } from './chatEngine';
import { passageTokensFor } from './passageBudget';
import { AppError, isFailure } from '../errors/appFailure';
import type { SearchResult } from '../search/searchEngine';
import { casesOnScreen, type CaseScreen, type FicheCase } from './caseOnScreen';
import { checkCitations } from './citations';
import { checkGrounding, type Grounding } from './grounding';
import { findRepetition } from './repetition';
import { maskUnverified } from './masking';
import { packContext, type PackedSource } from './packContext';
import { estimateTokens } from '../corpus/tokenEstimate';
import { buildMessages, formatSource, formatSourceCompact, NO_CITATION_WARNING, NO_SOURCE_MESSAGE, PROMPT_VERSION } from './prompts';
import { closestFichesOnRefusal } from './closestFiches';
import { trimPassage } from './trimPassage';
import { buildSearchQuery } from './searchQuery';
import { NO_CLOSE_FICHE_MESSAGE, otherAudienceMessage, SEARCH_STATUS_MESSAGES, VERDICT_MESSAGES } from './messages';
import { ANSWER_TEMPERATURE, GENERATION, MIN_SOURCES_TOKENS, type GenerationBudget } from '../settings/tunables';

export interface Turn {
  question: string;
  answer?: string;
}

export type AnswerMode = 'generated' | 'search-only' | 'abstain' | 'invalid-question';

export interface Answer {
  mode: AnswerMode;
  question: string;
  /** What was actually searched (the question, or the question with the previous one). */
  query: string;
  result: SearchResult;
  sources: PackedSource[];
  /** Final text: invalid citations removed, unverified contact details masked. */
  text: string;
  cited: number[];
  removedCitations: number;
  masked: string[];
  /** Shown above the answer when it cannot be trusted as is. */
  warning?: string;
  /** The engine was not sure the fiches fit the question ('low-confidence'): said above the answer. */
  caution?: string;
  finishReason?: 'stop' | 'length' | 'abort';
  stats?: GenerationStats;
  promptVersion: string;
  /** Figures and sentences checked against the cited passages (generated answers). */
  grounding?: Grounding;
  /** The case of the lead fiche the answer is written for, when that fiche splits by case. */
  case?: FicheCase;
  /** The model wrote the same words over and over: the answer was stopped and cut after the first copy. */
  repetition?: boolean;
}

export type AnswerEvent =
  | { type: 'retrieved'; result: SearchResult; query: string }
  | { type: 'sources'; sources: PackedSource[] }
  | { type: 'partial'; text: string };

export interface PipelineDeps {
  retrieve: (query: string) => Promise<SearchResult>;
  /** Absent in search-only mode: no model installed, no WebGPU, or the agent's choice. */
  engine?: ChatEngine;
  /**
   * What the engine in use may spend (passages, prompt and answer tokens, previous turns, prompt
   * wording): the engine's choice hands it over, the CPU engine's being smaller. By default
   * GENERATION (src/settings/tunables.ts). With `exactTokenCount` false (the CPU engine, whose
   * only tokenizer is a completion that would read each candidate passage) passages are packed
   * with the estimate.
   */
  budget?: Readonly<GenerationBudget>;
  /** The agent asked for an answer although retrieval confidence said the fiches do not cover it. */
  overrideAbstain?: boolean;
  /**
   * The passages on screen, each fiche's restricted to the case the screen shows for it (the case
   * selector's choice); by default each fiche's lead passage's case (src/rag/caseOnScreen.ts).
   */
  screen?: (result: SearchResult) => CaseScreen;
}

/**
 * question → search → (abstain | search-only | prompt → stream → checked answer). Engine-agnostic:
 * the same code runs with web-llm in the app and with the scripted engine in tests.
 */
export async function answerQuestion(
  question: string,
  history: readonly Turn[],
  deps: PipelineDeps,
  onEvent: (event: AnswerEvent) => void = () => {},
): Promise<Answer> {
  const query = buildSearchQuery(question, history.map((t) => t.question));
  const result = await deps.retrieve(query);
  onEvent({ type: 'retrieved', result, query });
  const base = { question, query, result, sources: [] as PackedSource[], cited: [], removedCitations: 0, masked: [], promptVersion: PROMPT_VERSION };

  if (result.status !== 'ok') return { ...base, mode: 'invalid-question', text: SEARCH_STATUS_MESSAGES[result.status] };
  // Off-topic: no model call (the agent may still override). Low confidence: the model answers
  // from the fiches, and the agent is told to check them.
  if (!result.hits.length || (result.abstain && !deps.overrideAbstain)) {
    // A refusal lists its closest fiches only when they may be close (closestFiches.ts).
    const hits = result.abstain ? closestFichesOnRefusal(result) : result.hits;
    return { ...base, result: { ...result, hits }, mode: 'abstain', text: hits.length ? NO_SOURCE_MESSAGE : NO_CLOSE_FICHE_MESSAGE };
  }
  // Another audience's fiches answer better: the model would build on fiches that may not apply.
  const caution = result.suggestedAudience
    ? otherAudienceMessage(result.suggestedAudience)
    : result.verdict === 'low-confidence' ? VERDICT_MESSAGES['low-confidence'] : undefined;
  const engine = deps.engine;
  if (!engine) return { ...base, mode: 'search-only', text: '', caution };
  const screen = (deps.screen ?? casesOnScreen)(result);
  const leadCase = screen.cases[0]?.label ? screen.cases[0] : undefined;

  const spend = deps.budget ?? GENERATION;
  const answerTokens = spend.answerTokens;
  const answered = history.filter((t) => t.answer);
  // slice(-0) would keep them all: 0 turns means none.
  const turns = answered.slice(answered.length - Math.min(answered.length, spend.historyTurns)).map((t) => ({ question: t.question, answer: t.answer! }));
  const count = engine.countTokens && spend.exactTokenCount ? (t: string) => engine.countTokens!(t) : undefined;
  const style = spend.prompt;
  // Everything but the sources: system prompt, previous turns, the question and its framing.
  const fixed = buildMessages(question, [], turns, style, leadCase?.label).reduce((n, m) => n + estimateTokens(m.content) + 4, 0);
  let budget = Math.max(MIN_SOURCES_TOKENS, Math.min(engine.contextWindow - answerTokens, spend.promptTokens) - fixed);
  const passageTokens = passageTokensFor(spend, estimateTokens(question.trim()));
  const trimmed = (s: PackedSource): PackedSource => (passageTokens ? { ...s, chunk: { ...s.chunk, text: trimPassage(s.chunk.text, query, passageTokens) } } : s);
  const format = style === 'compact' ? formatSourceCompact : formatSource;

  for (let attempt = 0; attempt < 2; attempt++) {
    // The agent is shown whole passages; the model reads them trimmed when the engine is slow.
    const sources = await packContext(screen.hits, budget, (s) => format(trimmed(s)), count, spend.maxSources);
    onEvent({ type: 'sources', sources });
    const valid = new Set(sources.map((s) => s.n));
    const sourceTexts = sources.flatMap((s) => [s.chunk.text, s.fiche.url]);
    const finish = (raw: string) => {
      // Reasoning models may still open with a <think> block: it is not part of the answer.
      const visible = raw.replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trimStart();
      const checked = checkCitations(visible, valid);
      const masked = maskUnverified(checked.text, sourceTexts);
      return { ...checked, text: masked.text, masked: masked.masked };
    };
    let raw = '';
    // A piece an engine delivers after its reply (pieces and replies can travel on unordered
    // channels) must not reopen a finished answer: the reply's text is the answer.
    let replied = false;
    let looped = false;
    let pieces = 0;
    try {
      const out = await engine.chat({
        messages: buildMessages(question, sources.map(trimmed), turns, style, leadCase?.label),
        maxTokens: answerTokens,
        temperature: ANSWER_TEMPERATURE,
        onToken: (delta) => {
          if (replied || looped) return;
          raw += delta;
          // A model in a loop would write until its token budget runs out (a minute on CPU).
          if (++pieces % 8 === 0 && findRepetition(raw)) {
            looped = true;
            engine.abort();
          }
          onEvent({ type: 'partial', text: finish(raw).text });
        },
      });
      replied = true;
      const repetition = findRepetition(looped ? raw : out.text);
      const final = finish(repetition ? (looped ? raw : out.text).slice(0, repetition.cutAt).trimEnd() : out.text);
      return {
        ...base,
        mode: 'generated',
        sources,
        text: final.text,
        cited: final.cited,
        removedCitations: final.removed,
        masked: final.masked,
        warning: final.cited.length ? undefined : NO_CITATION_WARNING,
        caution,
        // Stopped for its loop, the answer is cut short, not stopped by the agent.
        finishReason: looped ? 'length' : out.finishReason,
        stats: out.stats,
        grounding: checkGrounding({ text: final.text, sources, cases: screen.cases, question }),
        case: leadCase,
        repetition: repetition ? true : undefined,
      };
    } catch (err) {
      // Our estimate was off for this model: one retry with half the passages.
      if (isFailure(err, 'model', 'context-window') && attempt === 0) {
        budget = Math.floor(budget / 2);
        continue;
      }
      throw err;
    }
  }
  throw new AppError('model', 'context-window', undefined, 'still too long with half the passages');
}
