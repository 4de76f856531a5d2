import { describe, expect, it } from 'vitest';
import { cpuGeneration, GPU_GENERATION } from '../../src/llm/cpuBudget';
import { cpuModel } from '../../src/llm/cpuCatalog';
import type { ChatRequest } from '../../src/llm/llmEngine';
import { ScriptedEngine } from '../../src/llm/scriptedEngine';
import { answerQuestion } from '../../src/rag/answerPipeline';
import { realEngine } from '../helpers/realEngine';

const { engine: search } = realEngine();
const retrieve = async (q: string) => search.search(q, { k: 8, passagesPerFiche: 3 });

describe('CPU generation settings reach the pipeline', () => {
  it('packs fewer passages, a shorter prompt and a shorter answer than the GPU settings', async () => {
    const requests: ChatRequest[] = [];
    const engine = new ScriptedEngine({ reply: (r) => { requests.push(r); return 'Réponse [1].'; } });
    await engine.load(() => {});
    const question = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
    const gpu = await answerQuestion(question, [], { retrieve, engine, ...GPU_GENERATION });
    const cpu = cpuGeneration(cpuModel('Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF')!, 4, { 'Qwen2.5-1.5B-Instruct-Q4_K_M-GGUF': { prefill1: 40, decode1: 4 } });
    const slow = await answerQuestion(question, [], { retrieve, engine, ...cpu });
    expect(gpu.sources.length).toBeGreaterThan(slow.sources.length);
    expect(slow.sources.length).toBeLessThanOrEqual(cpu.maxSources);
    expect(slow.sources.length).toBeGreaterThanOrEqual(1);
    const promptChars = (r: ChatRequest) => r.messages.reduce((n, m) => n + m.content.length, 0);
    expect(promptChars(requests[1]!)).toBeLessThan(promptChars(requests[0]!));
    expect(requests[1]!.maxTokens).toBe(cpu.answerTokens);
    expect(requests[0]!.maxTokens).toBe(512);
    expect(slow.mode).toBe('generated');
  });
});
