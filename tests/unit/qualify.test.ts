import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/llm/engines/llmEngine';
import { ScriptedEngine } from '../../src/lab/scriptedEngine';
import { mistakeReply, promptSources, type Mistake } from '../../src/lab/scriptedMistakes';
import { holdsPhrase, parseQualifySet, qualifyModel, qualifySample, qualifySummary, verdictOf, QUALIFY_THRESHOLDS, type QualifyReport } from '../../src/rag/qualify';
import { splitSentences } from '../../src/rag/sentences';
import { pickedScreen } from '../helpers/caseScreen';
import { realEngine } from '../helpers/realEngine';

const SET = parseQualifySet(readFileSync('src/rag/qualifyQuestions.jsonl', 'utf8'));
const { corpus, engine: search } = realEngine();
const retrieve = async (q: string, audience: 'particuliers' | 'professionnels' | 'associations') => search.search(q, { k: 8, passagesPerFiche: 3, audiences: [audience] });

describe('the built-in question set', () => {
  it('holds about 30 desk questions with verbatim answer phrases and off-topic ones', () => {
    const common = SET.filter((q) => q.kind === 'common');
    const offTopic = SET.filter((q) => q.kind === 'off-topic');
    expect(common.length).toBeGreaterThanOrEqual(25);
    expect(offTopic.length).toBeGreaterThanOrEqual(5);
    expect(offTopic.every((q) => !q.ids.length && !q.phrases.length)).toBe(true);
    // Every phrase is copied from its fiche as the app holds it.
    for (const q of common) {
      const text = corpus.chunks.filter((c) => c.ficheId === q.ids[0] && c.audience === (q.audience ?? 'particuliers')).map((c) => c.text).join('\n');
      expect(q.phrases.length, q.question).toBeGreaterThan(0);
      for (const phrase of q.phrases) expect(text, `${q.ids[0]}: ${phrase}`).toContain(phrase);
    }
  });
});

describe('a short run', () => {
  it('samples desk and off-topic questions in their proportions, spread over the set', () => {
    const eight = qualifySample(SET, 8);
    expect(eight.map((q) => q.kind)).toEqual([...Array(6).fill('common'), 'off-topic', 'off-topic']);
    expect(new Set(eight.map((q) => q.question)).size).toBe(8);
    expect(qualifySample(SET, 100)).toEqual(SET);
  });
});

describe('holdsPhrase', () => {
  it.each([
    ['Le timbre fiscal coûte 25 € [1].', ['Timbre fiscal : 25 €'], true],
    ['Comptez 25 euros de timbre [1].', ['Timbre fiscal : 25 €'], true],
    ['Il faut une **photo d’identité** récente [2].', ["photo d'identité"], true],
    ['Le timbre coûte 86 € [1].', ['Timbre fiscal : 25 €'], false],
    ['Allez en mairie [1].', ['dans un délai de 2 mois'], false],
  ])('« %s » holds %j: %s', (text, phrases, expected) => {
    expect(holdsPhrase(text, phrases)).toBe(expected);
  });
});

/** A model that always finds the answer: it copies the sentence of its sources that holds an expected phrase. */
function oracle(request: ChatRequest): string {
  const user = request.messages.at(-1)!.content;
  const question = /^Question de l'usager : (.*)$/m.exec(user)?.[1];
  const q = SET.find((x) => x.question.trim() === question?.trim());
  if (!q?.phrases.length) return 'Les fiches disponibles ne répondent pas à cette question.';
  for (const source of promptSources(request)) {
    const sentence = splitSentences(source.text).find((s) => holdsPhrase(s.text, q.phrases));
    if (sentence) return `${sentence.text.replace(/^\s*[-•]\s+/, '').replace(/[.;:,]\s*$/, '')} [${source.n}].`;
  }
  return mistakeReply('aucune', request);
}

async function qualify(reply: (r: ChatRequest) => string, now?: () => number): Promise<QualifyReport> {
  const engine = new ScriptedEngine({ reply });
  await engine.load(() => {});
  return qualifyModel('scripted', SET, { engine, retrieve, now });
}

describe('qualifying a model with the real pipeline (scripted engines)', () => {
  it('finds a model that copies its sources right suitable, and reports every figure', { timeout: 120_000 }, async () => {
    const report = await qualify(oracle);
    expect(report.questions).toBe(SET.length);
    expect(report).toMatchObject({ figures_supported: 1, citations_valid: 1, french: 1, loops: 0 });
    expect(report.expected_phrase).toBe(report.phrase_in_sources);
    expect(report.offtopic_abstained).toBeGreaterThanOrEqual(QUALIFY_THRESHOLDS.offtopic_abstained);
    expect(report.ttft_ms_p50).toBeGreaterThanOrEqual(0);
    expect(report.verdict).toBe('convient à ce poste');
    const summary = qualifySummary(report);
    for (const key of ['model', 'questions', 'figures_supported', 'expected_phrase', 'citations_valid', 'offtopic_abstained', 'french', 'ttft_ms_p50', 'answer_ms_p50', 'verdict']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary).not.toHaveProperty('outcomes');
  });

  it.each<[Mistake, RegExp]>([
    ['chiffre', /chiffres appuyés par les sources \d+ % < 90 %/],
    ['unite', /chiffres appuyés par les sources/],
    ['anglais', /réponses en français 0 % < 95 %/],
    ['sans-source', /citations valides \d+ % < 90 %/],
    ['boucle', /réponses en boucle \d+ % > 5 %/],
  ])('finds a model making « %s » mistakes not suitable, and says why', { timeout: 120_000 }, async (mistake, why) => {
    const report = await qualify((r) => mistakeReply(mistake, r));
    expect(report.suitable).toBe(false);
    expect(report.verdict).toMatch(/^ne convient pas : /);
    expect(report.verdict).toMatch(why);
  });

  it('finds a model too slow for the desk not suitable', { timeout: 120_000 }, async () => {
    // The clock moves 12 s on with each first piece of text, and 40 s with each whole answer.
    let t = 0;
    const clock = { now: () => t };
    const engine = new ScriptedEngine({ reply: oracle });
    await engine.load(() => {});
    const chat = engine.chat.bind(engine);
    engine.chat = async (request) => {
      let first = true;
      const out = await chat({ ...request, onToken: (piece) => { if (first) t += 12_000; first = false; request.onToken(piece); } });
      t += 40_000;
      return out;
    };
    const report = await qualifyModel('scripted', SET, { engine, retrieve, now: clock.now });
    expect(report.ttft_ms_p50).toBe(12_000);
    expect(report.answer_ms_p50).toBe(52_000);
    expect(report.verdict).toMatch(/premiers mots en 12,0 s > 10,0 s ; réponse en 52,0 s > 45,0 s$/);
  });

  it('counts answers written for a case the question does not state', { timeout: 60_000 }, async () => {
    const q = { question: "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?", ids: ['F1153'], audience: 'particuliers' as const, kind: 'common', phrases: ['Timbre fiscal : 25 €'], wrong_paths: ['En Guyane', "À l'étranger"] };
    const engine = new ScriptedEngine({ reply: (r) => mistakeReply('aucune', r) });
    await engine.load(() => {});
    const onScreen = (options: string[]) => pickedScreen(search, q.question, 'F1153', options);
    const guyane = await qualifyModel('scripted', [q], { engine, retrieve, pipeline: { screen: onScreen(['En France', 'En Guyane']) } });
    const general = await qualifyModel('scripted', [q], { engine, retrieve, pipeline: { screen: onScreen(['En France', 'Cas général']) } });
    expect([guyane.wrong_case, general.wrong_case]).toEqual([1, 0]);
  });

  it('says « aucune réponse rédigée » when every question was turned away', () => {
    const verdict = verdictOf({ questions: 3, generated: 0, figures_supported: null, expected_phrase: 0, citations_valid: null, offtopic_abstained: 1, french: null, ttft_ms_p50: null, answer_ms_p50: null, phrase_in_sources: 0.5, loops: null, wrong_case: null });
    expect(verdict).toMatchObject({ suitable: false, verdict: 'ne convient pas : aucune réponse rédigée ; réponse attendue trouvée quand les passages la donnent 0 % < 60 %' });
  });
});
