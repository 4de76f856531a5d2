import type * as Comlink from 'comlink';
import { answerQuestion, type Answer } from '../rag/answerPipeline';
import type { SearchResult } from '../search/searchEngine';
import type { PackedSource } from '../rag/packContext';
import type { ComptoirDb } from '../storage/db';
import { saveTurn } from '../storage/history';
import { clearVisit } from '../storage/visit';
import type { Audience } from '../corpus/model';
import { DEFAULT_AUDIENCE } from './audience';
import type { ModelController } from '../llm/modelController';
import type { SearchApi } from '../../workers/search.worker';
import { describeFailure } from '../errors/failureText';
import { DESK_SEARCH } from '../settings/tunables';
import { applyCases, ficheKey, pickCase, type CaseOverrides } from './caseView';

export type TurnStatus = 'searching' | 'streaming' | 'done' | 'stopped' | 'error';

export interface TurnView {
  id: string;
  question: string;
  /** The audience searched for this turn (regenerating keeps it). */
  audience: Audience;
  status: TurnStatus;
  result?: SearchResult;
  partial: string;
  /** Numbered passages given to the model, known before the first token. */
  sources?: PackedSource[];
  answer?: Answer;
  error?: string;
  /** The cases the agent picked on screen, per fiche: searches of this turn show them. */
  cases?: CaseOverrides;
  /** Enter → first passage on screen, in ms (the search-only figure). */
  firstPassageMs?: number;
  /** Enter → first generated text on screen, and first text → last, in ms (bench:llm). */
  firstTokenMs?: number;
  streamMs?: number;
}

/**
 * What the conversation screen shows. The reactive shell (src/ui/conversation.svelte.ts) keeps
 * `turns` as raw state: each change replaces the array, and turns reach the workers unproxied.
 */
export interface ConversationView {
  turns: TurnView[];
  /** The source the agent opened: turn id and source number (or fiche id in search-only mode). */
  selected?: { turnId: string; n: number };
  /** Bumped by « Nouvel usager »: screens keyed on it (question box, open panels) start empty. */
  visit: number;
  /** Whose fiches are searched: chosen once per citizen, back to particulier on « Nouvel usager ». */
  audience: Audience;
}

export function initialConversationView(): ConversationView {
  return { turns: [], visit: 0, audience: DEFAULT_AUDIENCE };
}

export interface ConversationDeps {
  /** The search worker. */
  search: Pick<Comlink.Remote<SearchApi>, 'search' | 'passagesFor'>;
  model: Pick<ModelController, 'view' | 'active'>;
  db: ComptoirDb;
  /** Resolves once the screen shows the latest change (the first-passage figure is taken then). */
  rendered(): Promise<void>;
  /** False on a kiosk: turns are never stored there, whatever the history setting says. */
  storeTurns(): boolean;
}

/** The conversation on screen: ask, stop, regenerate, and "nouvel usager". Plain TypeScript, tested in Node. */
export class ConversationController {
  private running: string | undefined;
  /** The question in progress, awaited by « Nouvel usager » so nothing lands after the wipe. */
  private inflight: Promise<void> | undefined;
  private readonly search: ConversationDeps['search'];
  private readonly model: ConversationDeps['model'];

  constructor(readonly view: ConversationView, private readonly deps: ConversationDeps) {
    this.search = deps.search;
    this.model = deps.model;
  }

  get busy(): boolean {
    return this.view.turns.some((t) => t.status === 'searching' || t.status === 'streaming');
  }

  async ask(question: string, replaceId?: string, overrideAbstain = false, audience: Audience = this.view.audience, cases?: CaseOverrides): Promise<void> {
    const run = this.run(question, replaceId, overrideAbstain, audience, cases);
    this.inflight = run;
    try {
      await run;
    } finally {
      if (this.inflight === run) this.inflight = undefined;
    }
  }

  private async run(question: string, replaceId: string | undefined, overrideAbstain: boolean, audience: Audience, cases?: CaseOverrides): Promise<void> {
    const visit = this.view.visit;
    const started = performance.now();
    const id = replaceId ?? turnId();
    const previous = this.view.turns.filter((t) => t.id !== id && t.answer);
    this.put({ id, question, audience, status: 'searching', partial: '', ...(cases ? { cases } : {}) }, replaceId);
    this.running = id;
    try {
      const answer = await answerQuestion(
        question,
        previous.map((t) => ({ question: t.question, answer: t.answer?.mode === 'generated' ? t.answer.text : undefined })),
        {
          retrieve: async (q) => applyCases(
            await this.search.search(q, { k: DESK_SEARCH.fiches, passagesPerFiche: DESK_SEARCH.passagesPerFiche, marks: true, audiences: [audience] }),
            cases, (fiche, picked) => this.search.passagesFor(question, fiche, picked, DESK_SEARCH.passagesPerFiche),
          ),
          engine: this.model.active, overrideAbstain,
          // The loaded engine's budget: fewer passages and a shorter answer on the CPU engine.
          budget: this.model.view.generation,
        },
        async (event) => {
          if (event.type === 'retrieved') {
            this.update(id, { result: event.result, status: this.model.active && (!event.result.abstain || overrideAbstain) ? 'streaming' : 'searching' });
            await this.deps.rendered();
            this.update(id, { firstPassageMs: performance.now() - started });
          } else if (event.type === 'sources') {
            this.update(id, { sources: event.sources });
          } else if (event.type === 'partial') {
            const first = this.view.turns.find((t) => t.id === id)?.firstTokenMs;
            const now = performance.now() - started;
            this.update(id, { partial: event.text, status: 'streaming', firstTokenMs: first ?? now, streamMs: first === undefined ? 0 : now - first });
          }
        },
      );
      this.update(id, { answer, status: answer.finishReason === 'abort' ? 'stopped' : 'done', partial: answer.text });
      if (answer.stats) this.model.view.lastStats = answer.stats;
      // A turn aborted by « Nouvel usager » belongs to the previous citizen: never stored.
      if (answer.mode === 'generated' && visit === this.view.visit && this.deps.storeTurns()) {
        await saveTurn(this.deps.db, { id, at: new Date().toISOString(), question, answer: answer.text });
      }
    } catch (err) {
      this.update(id, { status: 'error', error: describeFailure(err, 'search') });
    } finally {
      if (this.running === id) this.running = undefined;
    }
  }

  stop(): void {
    if (this.running) this.model.view.engine?.abort();
  }

  async regenerate(id: string): Promise<void> {
    const turn = this.view.turns.find((t) => t.id === id);
    if (turn && !this.busy) await this.ask(turn.question, id, false, turn.audience);
  }

  /** The agent judges the fiches do cover the question: generate from the closest passages. */
  async answerAnyway(id: string): Promise<void> {
    const turn = this.view.turns.find((t) => t.id === id);
    if (turn && !this.busy) await this.ask(turn.question, id, true, turn.audience);
  }

  /**
   * The agent picks another case of a fiche on screen: its passages become that case's; an answer
   * the model wrote for the previous case is written again for this one.
   */
  async switchCase(turnId: string, fiche: { id: string; audience: Audience }, choice: number, option: number): Promise<void> {
    const turn = this.view.turns.find((t) => t.id === turnId);
    const hit = turn?.result?.hits.find((h) => ficheKey(h.fiche) === ficheKey(fiche));
    if (!turn || !hit || this.busy) return;
    const cases = { ...turn.cases, [ficheKey(fiche)]: pickCase(hit.cases, hit.fiche.choices ?? [], choice, option) };
    if (turn.answer?.mode === 'generated') {
      await this.ask(turn.question, turn.id, false, turn.audience, cases);
      return;
    }
    const result = await applyCases(turn.result!, cases, (f, picked) => this.search.passagesFor(turn.question, f, picked, DESK_SEARCH.passagesPerFiche));
    this.update(turnId, { cases, result, ...(turn.answer ? { answer: { ...turn.answer, result } } : {}) });
  }

  /** The agent follows the suggestion to search another audience: the question is asked again there, for this citizen. */
  async switchAudience(turnId: string, audience: Audience): Promise<void> {
    const turn = this.view.turns.find((t) => t.id === turnId);
    if (!turn || this.busy) return;
    this.view.audience = audience;
    await this.ask(turn.question, turn.id, false, audience);
  }

  open(turnId: string, n: number): void {
    this.view.selected = { turnId, n };
  }

  async newCitizen(): Promise<void> {
    this.view.visit++;
    this.stop();
    this.view.turns = [];
    this.view.selected = undefined;
    await this.inflight?.catch(() => undefined);
    this.view.turns = [];
    this.view.audience = DEFAULT_AUDIENCE;
    await clearVisit(this.deps.db);
  }

  private put(turn: TurnView, replaceId?: string): void {
    this.view.turns = replaceId ? this.view.turns.map((t) => (t.id === replaceId ? turn : t)) : [...this.view.turns, turn];
  }

  private update(id: string, patch: Partial<TurnView>): void {
    this.view.turns = this.view.turns.map((t) => (t.id === id ? { ...t, ...patch } : t));
  }
}

/**
 * A random turn id. Not crypto.randomUUID: browsers give it to secure contexts only, and a page
 * served over plain HTTP must still search (it warns about the rest, ServingNotice.svelte).
 */
function turnId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
