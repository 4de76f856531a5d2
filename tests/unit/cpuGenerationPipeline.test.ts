import { describe, expect, it } from 'vitest';
import { cpuGeneration } from '../../src/llm/policy/cpuBudget';
import { MAX_PASSAGE_TOKENS, passageTokensFor } from '../../src/rag/passageBudget';
import { GENERATION } from '../../src/settings/tunables';
import { estimateTokens } from '../../src/corpus/tokenEstimate';
import { caseLine, CPU_SYSTEM_PROMPT, primingMessages } from '../../src/rag/prompts';
import { cpuModel } from '../../src/llm/catalogs/cpuModels';
import type { ChatRequest } from '../../src/llm/engines/llmEngine';
import { ScriptedEngine } from '../../src/lab/scriptedEngine';
import { answerQuestion } from '../../src/rag/answerPipeline';
import { realEngine } from '../helpers/realEngine';

const { engine: search } = realEngine();
/** The compact user turn: « Question : … », a blank line, then « [1] title — section », then the passage. */
const passageText = (user: string) => {
  const source = user.indexOf('\n\n[1] ');
  return user.slice(user.indexOf('\n', source + 2) + 1);
};
const retrieve = async (q: string) => search.search(q, { k: 8, passagesPerFiche: 3 });

describe('CPU generation settings reach the pipeline', () => {
  it('packs fewer passages, a shorter prompt and a shorter answer than the GPU settings', async () => {
    const requests: ChatRequest[] = [];
    const engine = new ScriptedEngine({ reply: (r) => { requests.push(r); return 'Réponse [1].'; } });
    await engine.load(() => {});
    const question = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
    const gpu = await answerQuestion(question, [], { retrieve, engine, budget: GENERATION });
    const cpu = cpuGeneration(cpuModel('Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF')!, 4, { 'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': { prefill1: 40, decode1: 4 } });
    const slow = await answerQuestion(question, [], { retrieve, engine, budget: cpu });
    expect(gpu.sources.length).toBeGreaterThan(slow.sources.length);
    expect(slow.sources.length).toBeLessThanOrEqual(cpu.maxSources);
    expect(slow.sources.length).toBeGreaterThanOrEqual(1);
    const promptChars = (r: ChatRequest) => r.messages.reduce((n, m) => n + m.content.length, 0);
    expect(promptChars(requests[1]!)).toBeLessThan(promptChars(requests[0]!));
    expect(requests[1]!.maxTokens).toBe(cpu.answerTokens);
    expect(requests[0]!.maxTokens).toBe(512);
    expect(slow.mode).toBe('generated');
  });

  it('on CPU sends the compact prompt with trimmed passages and never asks the engine to count tokens', async () => {
    const requests: ChatRequest[] = [];
    let counted = 0;
    const engine = new ScriptedEngine({ reply: (r) => { requests.push(r); return 'Réponse [1].'; } });
    engine.countTokens = async (t) => { counted++; return Math.ceil(t.length / 3.5); };
    await engine.load(() => {});
    const question = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
    const settings = cpuGeneration(cpuModel('Llama-3.2-1B-Instruct-Q4_K_M-GGUF')!, 3, { 'Llama-3.2-1B-Instruct-Q4_K_M-GGUF': { prefill1: 5, decode1: 2 } });
    expect(settings.passageTokens).toBeLessThan(MAX_PASSAGE_TOKENS);
    const answer = await answerQuestion(question, [{ question: 'Avant ?', answer: 'Oui [1].' }], { retrieve, engine, budget: settings });
    expect(answer.mode).toBe('generated');
    expect(counted).toBe(0);
    const [system, user, ...rest] = requests[0]!.messages;
    expect(system!.content).toBe(CPU_SYSTEM_PROMPT);
    expect(rest).toEqual([]);
    expect(user!.content).not.toMatch(/URL :/);
    // The model reads the passage trimmed; the agent is shown it whole.
    const read = passageText(user!.content);
    expect(estimateTokens(read)).toBeLessThan(settings.passageTokens! + 40);
    expect(answer.sources[0]!.chunk.text.length).toBeGreaterThan(read.length);
    // What the CPU engine primed after load, and what it read while the question was typed, is
    // exactly where the prompt starts: the engine reuses those tokens.
    expect(requests[0]!.messages[0]).toEqual(primingMessages('compact')[0]);
    for (const typed of ['', question.slice(0, 20), question]) {
      expect(user!.content.startsWith(primingMessages('compact', typed)[1]!.content)).toBe(true);
    }
    expect(user!.content.startsWith(`${primingMessages('compact', question)[1]!.content}${caseLine(answer.case?.label ?? '')}\n\n[1] `)).toBe(true);
  });

  it('trims a long question\'s passage harder than a short one\'s: the engine reads both in about the same time', async () => {
    const requests: ChatRequest[] = [];
    const engine = new ScriptedEngine({ reply: (r) => { requests.push(r); return 'Réponse [1].'; } });
    await engine.load(() => {});
    // Fast enough for the short question's budget (85) to stand well above the floor (60).
    const settings = cpuGeneration(cpuModel('Qwen2.5-0.5B-Instruct-Q8_0-GGUF')!, 3, { 'Qwen2.5-0.5B-Instruct-Q8_0-GGUF': { prefill1: 5, decode1: 2 } });
    const short = 'passeport perdu mineur';
    const long = "Bonjour, mon fils a 12 ans et nous partons en vacances à l'étranger dans trois semaines, or il a perdu son passeport pendant une sortie scolaire, nous ne savons pas comment faire pour le passeport de ce mineur";
    // The same fiches for both, with a lead passage longer than either budget (the fiche's passages
    // end to end), so that only the question's length decides how much of it the engine reads;
    // whole passages (no case on screen).
    const found = await retrieve(short);
    const lead = found.hits[0]!;
    const joined = lead.passages.map((p) => p.chunk.text).join('\n');
    const fixed = { ...found, hits: [{ ...lead, passages: [{ ...lead.passages[0]!, chunk: { ...lead.passages[0]!.chunk, text: joined } }, ...lead.passages.slice(1)] }, ...found.hits.slice(1)] };
    const whole = (result: typeof fixed) => ({ hits: result.hits, cases: [] });
    for (const q of [short, long]) await answerQuestion(q, [], { retrieve: async () => fixed, engine, budget: settings, screen: whole });
    const [a, b] = requests.map((r) => passageText(r.messages.at(-1)!.content));
    const budgetShort = passageTokensFor(settings, estimateTokens(short))!;
    const budgetLong = passageTokensFor(settings, estimateTokens(long))!;
    expect(budgetLong).toBeLessThan(budgetShort);
    expect(estimateTokens(a!)).toBeLessThanOrEqual(budgetShort);
    expect(estimateTokens(b!)).toBeLessThanOrEqual(budgetLong);
    expect(estimateTokens(b!)).toBeLessThan(estimateTokens(a!));
  });
});
