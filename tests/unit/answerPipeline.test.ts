import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/llm/engines/llmEngine';
import { AppError } from '../../src/errors/appFailure';
import { ScriptedEngine } from '../../src/lab/scriptedEngine';
import { answerQuestion, type AnswerEvent } from '../../src/rag/answerPipeline';
import { checkCitations, splitCitations } from '../../src/rag/citations';
import { MASK, maskUnverified } from '../../src/rag/masking';
import { buildMessages, PROMPT_VERSION, SYSTEM_PROMPT } from '../../src/rag/prompts';
import { buildSearchQuery } from '../../src/rag/searchQuery';
import { estimateTokens } from '../../src/corpus/tokenEstimate';
import { GENERATION } from '../../src/settings/tunables';
import { realEngine } from '../helpers/realEngine';

const { engine: search } = realEngine();
const retrieve = async (q: string) => search.search(q, { k: 5, audiences: ['particuliers'] });
const lastUser = (r: ChatRequest) => r.messages[r.messages.length - 1]!.content;

async function loaded(reply: (r: ChatRequest) => string, contextWindow = 4096) {
  const engine = new ScriptedEngine({ reply, contextWindow });
  await engine.load(() => {});
  return engine;
}

describe('citations', () => {
  it('keeps valid markers, removes and counts the others', () => {
    const r = checkCitations('Il faut une photo [1]. Le timbre coûte 25 € [7]. Délai : 2 semaines [2][9].', new Set([1, 2, 3]));
    expect(r).toEqual({ text: 'Il faut une photo [1]. Le timbre coûte 25 €. Délai : 2 semaines [2].', cited: [1, 2], removed: 2 });
    expect(splitCitations('A [1] et B [2].')).toEqual(['A ', 1, ' et B ', 2, '.']);
  });
});

describe('masking of unverified contact details', () => {
  const sources = ['Appelez le 01 23 45 67 89 ou écrivez à contact@mairie-exemple.fr. Voir https://www.exemple.org/page.'];
  it('keeps what the sources contain and public-service domains, masks the rest', () => {
    const r = maskUnverified(
      'Appelez le 01.23.45.67.89 ou le 06 11 22 33 44, écrivez à contact@mairie-exemple.fr ou arnaque@gmail.com, ' +
      'voir https://www.exemple.org/page, https://www.service-public.fr/particuliers et http://faux-site.com/cni. Coût : 3500 € en 2020.',
      sources,
    );
    expect(r.text).toContain('01.23.45.67.89');
    expect(r.text).toContain('contact@mairie-exemple.fr');
    expect(r.text).toContain('https://www.exemple.org/page');
    expect(r.text).toContain('https://www.service-public.fr/particuliers');
    expect(r.text).toContain('3500 € en 2020');
    expect(r.masked).toEqual(['http://faux-site.com/cni', 'arnaque@gmail.com', '06 11 22 33 44']);
    expect(r.text.split(MASK)).toHaveLength(4);
  });

  it('masks a short service number the sources do not give', () => {
    expect(maskUnverified('Composez le 3939.', ['Allô Service public'])).toMatchObject({ masked: ['3939'] });
    expect(maskUnverified('Composez le 39 39.', ['le 39 39 répond'])).toMatchObject({ masked: [] });
  });
});

describe('prompt assembly', () => {
  it('puts the system prompt first, then past turns, then numbered sources with title, path and URL', async () => {
    const result = await retrieve("carte d'identité perdue majeur");
    const hit = result.hits[0]!;
    const sources = [{ n: 1, chunk: hit.passages[0]!.chunk, fiche: hit.fiche }];
    const messages = buildMessages('Et le coût ?', sources, [{ question: 'CNI perdue ?', answer: 'Déclarez la perte [1].' }]);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toBe(SYSTEM_PROMPT);
    const user = messages[3]!.content;
    expect(user).toMatch(/^Sources :\n\n\[1\] /);
    expect(user).toContain(`URL : ${hit.fiche.url}`);
    expect(user).toContain(hit.passages[0]!.chunk.text);
    expect(user.endsWith("Question de l'usager : Et le coût ?")).toBe(true);
    expect(PROMPT_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });
});

describe('follow-up questions', () => {
  it('searches a follow-up together with the previous question', async () => {
    expect(buildSearchQuery('et pour un mineur ?', ["carte d'identité perdue"])).toBe("carte d'identité perdue et pour un mineur ?");
    expect(buildSearchQuery('carte grise perdue', ["carte d'identité perdue"])).toBe('carte grise perdue');
    const engine = await loaded(() => 'Déclarez la perte [1].');
    const answer = await answerQuestion('et pour un mineur ?', [{ question: "J'ai perdu ma carte d'identité", answer: 'Déclarez la perte [1].' }], { retrieve, engine });
    expect(answer.result.hits.slice(0, 3).map((h) => h.fiche.id)).toContain('F1153');
  });
});

describe('answerQuestion', () => {
  it('streams a grounded answer, checks its citations and masks invented contacts', async () => {
    const engine = await loaded((r) => {
      expect(lastUser(r)).toContain('[1] ');
      return 'Faites une pré-demande en ligne [1]. Puis allez en mairie [2]. Appelez le 06 99 88 77 66 [12].';
    });
    const events: AnswerEvent[] = [];
    const answer = await answerQuestion("première carte d'identité pour un majeur", [], { retrieve, engine }, (e) => events.push(e));
    expect(answer.mode).toBe('generated');
    expect(answer.sources.length).toBeGreaterThan(1);
    expect(answer.cited).toEqual([1, 2]);
    expect(answer.removedCitations).toBe(1);
    expect(answer.masked).toEqual(['06 99 88 77 66']);
    expect(answer.text).toBe(`Faites une pré-demande en ligne [1]. Puis allez en mairie [2]. Appelez le ${MASK}.`);
    expect(answer.warning).toBeUndefined();
    const partials = events.filter((e) => e.type === 'partial');
    expect(partials.length).toBeGreaterThan(5);
    expect(events[0]!.type).toBe('retrieved');
  });

  it('ignores a piece an engine delivers after its reply (no finished answer reopened)', async () => {
    const engine = await loaded(() => 'Allez en mairie [1].');
    const chat = engine.chat.bind(engine);
    engine.chat = async (request) => {
      const out = await chat(request);
      setTimeout(() => request.onToken?.(' encore'), 0);
      return out;
    };
    const events: AnswerEvent[] = [];
    const answer = await answerQuestion("première carte d'identité pour un majeur", [], { retrieve, engine }, (e) => events.push(e));
    const seen = events.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answer.text).toBe('Allez en mairie [1].');
    expect(events.length).toBe(seen);
  });

  it('drops a reasoning block some models emit before the answer', async () => {
    const engine = await loaded(() => '<think>Je réfléchis à la fiche [1]…</think>\nAllez en mairie [1].');
    const answer = await answerQuestion('carte grise perdue', [], { retrieve, engine });
    expect(answer.text).toBe('Allez en mairie [1].');
  });

  it('flags an answer that cites nothing', async () => {
    const engine = await loaded(() => 'Allez en mairie.');
    const answer = await answerQuestion('carte grise perdue', [], { retrieve, engine });
    expect(answer.cited).toEqual([]);
    expect(answer.warning).toMatch(/ne cite aucune source/);
  });

  it('abstains without calling the model when the fiches do not cover the question', async () => {
    let calls = 0;
    const engine = await loaded(() => {
      calls++;
      return 'x';
    });
    const answer = await answerQuestion('quel temps fera-t-il demain', [], { retrieve, engine });
    expect(answer.mode).toBe('abstain');
    // Sure it is off-topic: no « closest » fiches that merely share a word with the weather.
    expect(answer.text).toMatch(/ne couvrent pas cette question : aucune fiche proche/);
    expect(answer.result.hits).toEqual([]);
    expect(calls).toBe(0);
  });

  it('a refusal the engine is unsure of still lists the closest fiches', async () => {
    const unsure = async (q: string) => ({ ...(await retrieve(q)), verdict: 'off-topic' as const, abstain: true, offTopic: 0.8 });
    const answer = await answerQuestion('carte grise perdue', [], { retrieve: unsure });
    expect(answer.mode).toBe('abstain');
    expect(answer.text).toMatch(/ne semblent pas couvrir cette question. Voici les fiches les plus proches/);
    expect(answer.result.hits.length).toBe(5);
    const sure = async (q: string) => ({ ...(await unsure(q)), offTopic: 0.95 });
    expect((await answerQuestion('carte grise perdue', [], { retrieve: sure })).result.hits).toEqual([]);
  });

  it('lets the model answer a low-confidence question, with a caution shown above it', async () => {
    let calls = 0;
    const engine = await loaded(() => {
      calls++;
      return 'Déclarez la perte en mairie [1].';
    });
    const unsure = async (q: string) => ({ ...(await retrieve(q)), verdict: 'low-confidence' as const, abstain: false });
    const answer = await answerQuestion('carte grise perdue', [], { retrieve: unsure, engine });
    expect(answer.mode).toBe('generated');
    expect(calls).toBe(1);
    expect(answer.caution).toMatch(/Prudence/);
    expect((await answerQuestion('carte grise perdue', [], { retrieve: unsure })).caution).toMatch(/Prudence/);
    expect((await answerQuestion('carte grise perdue', [], { retrieve, engine })).caution).toBeUndefined();
  });

  it('answers from the closest passages when the agent overrides the abstention', async () => {
    const engine = await loaded(() => 'Les fiches disponibles ne répondent pas à cette question.');
    const answer = await answerQuestion('quel temps fera-t-il demain', [], { retrieve, engine, overrideAbstain: true });
    expect(answer.result.abstain).toBe(true);
    expect(answer.mode).toBe('generated');
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(answer.warning).toMatch(/ne cite aucune source/);
  });

  it('works without a model: search-only mode, and explains an empty question', async () => {
    expect((await answerQuestion('carte grise perdue', [], { retrieve })).mode).toBe('search-only');
    expect(await answerQuestion('  ', [], { retrieve })).toMatchObject({ mode: 'invalid-question', text: 'Saisissez une question.' });
  });

  it('packs sources within the context window, most relevant first', async () => {
    let prompt = 0;
    const engine = await loaded((r) => {
      prompt = r.messages.reduce((n, m) => n + estimateTokens(m.content), 0);
      return 'Réponse [1].';
    }, 1400);
    const answer = await answerQuestion('pension alimentaire impayée', [], { retrieve, engine, budget: { ...GENERATION, answerTokens: 300 } });
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(prompt + 300).toBeLessThanOrEqual(1400);
    expect(answer.sources[0]!.fiche.id).toBe(answer.result.hits[0]!.fiche.id);
    expect(answer.sources.map((s) => s.n)).toEqual(answer.sources.map((_, i) => i + 1));
  });

  it('retries once with fewer passages when the engine reports a context overflow', async () => {
    const sizes: number[] = [];
    const engine = await loaded(() => 'Réponse [1].');
    const chat = engine.chat.bind(engine);
    engine.chat = async (request) => {
      sizes.push(request.messages.length && lastUser(request).split(/^\[\d+\] /m).length - 1);
      if (sizes.length === 1) throw new AppError('model', 'context-window');
      return chat(request);
    };
    const answer = await answerQuestion('pension alimentaire impayée', [], { retrieve, engine });
    expect(answer.mode).toBe('generated');
    expect(sizes).toHaveLength(2);
    expect(sizes[1]!).toBeLessThan(sizes[0]!);
  });

  it('stops when aborted and keeps what was written', async () => {
    const engine = new ScriptedEngine({ reply: () => 'un deux trois quatre cinq six sept huit neuf dix [1].', tokenDelayMs: 5 });
    await engine.load(() => {});
    const pending = answerQuestion('carte grise perdue', [], { retrieve, engine }, (e) => {
      if (e.type === 'partial' && e.text.includes('trois')) engine.abort();
    });
    const answer = await pending;
    expect(answer.finishReason).toBe('abort');
    expect(answer.text).toMatch(/^un deux trois\s*$/);
  });
});
