import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ChatMessage } from '../../src/llm/engines/llmEngine';
import type { TestHarness } from '../../src/lab/testHarness';
import { launch, openHarness } from './browser';
import { GGUF_FIXTURES } from './modelFixtures';
import { buildMessages, primingMessages } from '../../src/rag/prompts';
import type { PackedSource } from '../../src/rag/packContext';

/**
 * The CPU engine's prompt cache on the real engine (wllama, stories260K): the system prompt is
 * prefilled once after load, and each question reuses its KV cache.
 *
 * What "correct" can mean here: llama.cpp's results are not bit-identical between one prefill of
 * the whole prompt and a prefill in two parts (its kernels' rounding depends on the batch), so at
 * temperature 0 a warm and a cold answer may part at a near-tie between two tokens (seen here: the
 * same 9 tokens, then « . » against « .\n »). So the test asserts what stale or misplaced KV would
 * break: every token's log-probability agrees with the cold run's to within rounding up to the
 * first difference, that difference is a near-tie, and warm answers are exactly reproducible
 * whatever question sat in the cache before.
 */
let browser: Browser;
let page: Page;
let errors: string[];

type W = Window & { __comptoirTest: TestHarness; __engine?: InstanceType<TestHarness['LabWllamaEngine']> };

// stories260K writes children's stories in English: a story-like "system prompt" keeps its output varied.
const SYSTEM = 'Once upon a time, there was a little girl named Lily. She loved to play in the park with her friends. One day, she saw a big red ball under a tree. Lily wanted to play with the ball, but it was too high. She asked her mom for help, and her mom smiled and said yes. They went to the tree together and looked up at the sky.';
const chat = (question: string): ChatMessage[] => [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }];
const Q1 = 'Tom had a dog named Max.';
const Q2 = 'The sun was hot and the bird was sad.';

beforeAll(async () => {
  browser = await launch();
  ({ page, errors } = await openHarness(browser, inject('baseUrl')));
  await page.evaluate(async ({ u }) => {
    const w = window as unknown as W;
    const engine = new w.__comptoirTest.LabWllamaEngine({ id: 'stories260K', url: u, contextWindow: 1024, cache: false, seed: 1 });
    await engine.load(() => {});
    w.__engine = engine;
  }, { u: `/models/stories260K/${GGUF_FIXTURES.stories260K}` });
});
afterAll(async () => {
  await page?.evaluate(async () => (window as unknown as W).__engine?.unload()).catch(() => {});
  await browser?.close();
});

type Logprobs = { token: string; logprob: number; top: { token: string; logprob: number }[] }[];

async function ask(messages: ChatMessage[], cachePrompt: boolean) {
  return page.evaluate(async ({ messages, cachePrompt }) => {
    const engine = (window as unknown as W).__engine!;
    const out = await engine.chat({ messages, maxTokens: 48, temperature: 0, onToken: () => {} }, { cachePrompt, logprobs: 2 });
    return { text: out.text, stats: out.stats, logprobs: out.logprobs ?? [] };
  }, { messages, cachePrompt });
}

const prime = (messages: ChatMessage[]) => page.evaluate(async ({ messages }) => {
  const engine = (window as unknown as W).__engine!;
  await engine.prime(messages);
  return engine.lastPrime;
}, { messages });

/** Warm and cold runs read the same distribution: equal up to a near-tie, then free to part. */
function expectSameDistribution(warm: Logprobs, cold: Logprobs) {
  expect(warm.length).toBeGreaterThan(5);
  let i = 0;
  for (; i < Math.min(warm.length, cold.length) && warm[i]!.token === cold[i]!.token; i++) {
    expect(Math.abs(warm[i]!.logprob - cold[i]!.logprob), `token ${i} « ${warm[i]!.token} »`).toBeLessThan(0.02);
  }
  if (i === Math.min(warm.length, cold.length)) return;
  // Where they part, each run's choice is the other's runner-up, by a hair.
  const [a, b] = warm[i]!.top;
  expect(warm[i]!.top.map((t) => t.token)).toContain(cold[i]!.token);
  expect(a!.logprob - b!.logprob, `near-tie at token ${i}`).toBeLessThan(0.05);
}

describe('prompt cache of the CPU engine (wllama, stories260K)', () => {
  it('prefills the system prompt once, then answers as without the cache, for a first and a different second question', async () => {
    // What the app primes after a load: the system prompt and an empty question.
    const primed = await prime(chat(''));
    expect(primed?.aborted).toBe(false);
    expect(primed!.prefilledTokens).toBeGreaterThan(60);

    const warmQ1 = await ask(chat(Q1), true);
    // The whole system turn came from the cache: only the question's tokens were read.
    expect(warmQ1.stats.cachedTokens).toBeGreaterThan(60);
    expect(warmQ1.stats.prefilledTokens).toBeLessThan(50);
    expect(warmQ1.stats.promptTokens).toBe(warmQ1.stats.cachedTokens! + warmQ1.stats.prefilledTokens!);
    // A different question after the first: no stale KV of Q1 or of its answer may leak in.
    const warmQ2 = await ask(chat(Q2), true);
    expect(warmQ2.stats.cachedTokens).toBeGreaterThan(60);
    // Q1 again, after Q2 and its answer sat in the cache and the prime ran again: the very same text.
    await prime(chat(''));
    const warmQ1again = await ask(chat(Q1), true);
    expect(warmQ1again.text).toBe(warmQ1.text);
    expect(warmQ1again.logprobs).toEqual(warmQ1.logprobs);

    // The same questions with the cache off (every token prefilled again).
    const coldQ1 = await ask(chat(Q1), false);
    const coldQ2 = await ask(chat(Q2), false);
    expect(coldQ1.stats.cachedTokens ?? 0).toBe(0);
    expect(coldQ1.stats.prefilledTokens).toBe(warmQ1.stats.promptTokens);
    expectSameDistribution(warmQ1.logprobs, coldQ1.logprobs);
    expectSameDistribution(warmQ2.logprobs, coldQ2.logprobs);
    expect(warmQ2.text).not.toBe(warmQ1.text);
    expect(errors).toEqual([]);
  });

  it('makes a question asked while the prime runs wait for it, then reuse what it read', async () => {
    const system: ChatMessage = { role: 'system', content: `${SYSTEM} The end.` };
    const result = await page.evaluate(async ({ primeMessages, messages }) => {
      const engine = (window as unknown as W).__engine!;
      const priming = engine.prime(primeMessages);
      const out = await engine.chat({ messages, maxTokens: 24, temperature: 0, onToken: () => {} });
      await priming;
      return { text: out.text, stats: out.stats, prime: engine.lastPrime };
    }, { primeMessages: [system, { role: 'user' as const, content: '' }], messages: [system, { role: 'user' as const, content: Q1 }] });
    expect(result.text.length).toBeGreaterThan(5);
    expect(result.prime?.aborted).toBe(false);
    expect(result.prime!.prefilledTokens).toBeGreaterThan(0);
    expect(result.stats.cachedTokens).toBeGreaterThan(60);
    expect(result.stats.prefilledTokens).toBeLessThan(50);
  });

  it('reads the question while it is typed (each read replacing the last), then reads only the sources once it is sent', async () => {
    const source = {
      n: 1, fiche: { id: 'F1', title: "Carte d'identité d'un mineur", url: 'https://example.invalid/F1' },
      chunk: { id: 'F1#1', path: ["Carte d'identité d'un mineur", 'Perte'], text: 'La demande se fait en mairie, avec le représentant légal. Elle est gratuite, sauf en cas de perte.' },
    } as unknown as PackedSource;
    // Sent without reading ahead: only the system prompt and « Question : » come from the cache.
    const plain = buildMessages('bonjour, mon passeport est périmé depuis deux ans, que faire ?', [source], [], 'compact');
    await prime(primingMessages('compact'));
    const unread = await ask(plain, true);
    // Typed in three bursts, none awaited: a read under way goes on, one still waiting gives way to the newer one.
    const question = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";
    const messages = buildMessages(question, [source], [], 'compact');
    const typed = await page.evaluate(async ({ steps }) => {
      const engine = (window as unknown as W).__engine!;
      await Promise.all(steps.map((m: ChatMessage[]) => engine.prime(m)));
      return engine.lastPrime;
    }, { steps: [primingMessages('compact', 'ma fille de'), primingMessages('compact', 'ma fille de 15 ans a perdu sa'), primingMessages('compact', question)] });
    expect(typed?.aborted).toBe(false);
    const warm = await ask(messages, true);
    // Every token of the question came from the cache (the template's end, which follows it in
    // the read but not in the real prompt, excepted).
    const label = await ask(primingMessages('compact'), false);
    const withQuestion = await ask(primingMessages('compact', question), false);
    const questionTokens = withQuestion.stats.promptTokens! - label.stats.promptTokens!;
    expect(questionTokens).toBeGreaterThan(30);
    // Each read went on from the cache of the one before, not from zero in a slot of its own.
    expect(typed!.prefilledTokens).toBeLessThan(withQuestion.stats.promptTokens! / 2);
    expect(warm.stats.cachedTokens! - unread.stats.cachedTokens!).toBeGreaterThanOrEqual(questionTokens - 2);
    const cold = await ask(messages, false);
    expect(warm.stats.prefilledTokens).toBeLessThanOrEqual(cold.stats.prefilledTokens! - questionTokens);
    expectSameDistribution(warm.logprobs, cold.logprobs);
    expect(errors).toEqual([]);
  });

  it('never cuts a read under way for a newer one: the newer one goes on from where it ended', async () => {
    // Right after a load the engine reads a long system prompt; the agent starts typing meanwhile.
    const long: ChatMessage = { role: 'system', content: Array(5).fill(SYSTEM).join(' ') };
    const [first, second, third] = await page.evaluate(async ({ steps }) => {
      const engine = (window as unknown as W).__engine!;
      const outcomes: unknown[] = [];
      await Promise.all(steps.map((m: ChatMessage[], i: number) => engine.prime(m).then(() => (outcomes[i] = engine.lastPrime))));
      return outcomes as { prefilledTokens: number; aborted: boolean }[];
    }, { steps: ['', 'Tom had', Q1].map((content): ChatMessage[] => [long, { role: 'user', content }]) });
    expect(first!.aborted).toBe(false);
    expect(first!.prefilledTokens).toBeGreaterThan(300);
    // The second was still waiting when the third came: skipped. The third read only its own end.
    expect(second!.aborted).toBe(true);
    expect(third!.aborted).toBe(false);
    expect(third!.prefilledTokens).toBeLessThan(60);
  });

  it('forgets the last citizen on « Nouvel usager »: a read-ahead is dropped, only the system prompt stays cached', async () => {
    await prime(chat(''));
    const first = await ask(chat(Q1), true);
    // Asked again, the whole question comes from the cache: the engine holds it.
    const again = await ask(chat(Q1), true);
    expect(again.stats.cachedTokens).toBeGreaterThan(first.stats.cachedTokens! + 5);
    // The next question being typed is read ahead; « Nouvel usager » comes meanwhile.
    const forgot = await page.evaluate(async ({ typed, keep }) => {
      const engine = (window as unknown as W).__engine!;
      const reading = engine.prime(typed);
      await engine.forgetConversation(keep);
      await reading;
      return engine.lastPrime;
    }, { typed: chat(Q2), keep: chat('') });
    expect(forgot?.aborted).toBe(false);
    // Neither the last question nor the one read ahead is in the cache: only the system turn is.
    const afterQ1 = await ask(chat(Q1), true);
    expect(afterQ1.stats.cachedTokens).toBe(first.stats.cachedTokens);
    await page.evaluate(async ({ keep }) => (window as unknown as W).__engine!.forgetConversation(keep), { keep: chat('') });
    const afterQ2 = await ask(chat(Q2), true);
    expect(afterQ2.stats.cachedTokens).toBe(first.stats.cachedTokens);
    expect(errors).toEqual([]);
  });

  it('lets Stop end a question still waiting for the prime, before the prime itself ends', async () => {
    // A long prime (six times the system prompt) the question has to wait for.
    const long: ChatMessage = { role: 'system', content: Array(6).fill(SYSTEM).join(' ') };
    const order = await page.evaluate(async ({ primeMessages, messages }) => {
      const engine = (window as unknown as W).__engine!;
      const settled: string[] = [];
      const priming = engine.prime(primeMessages).then(() => settled.push('prime'));
      const asking = engine.chat({ messages, maxTokens: 24, temperature: 0, onToken: () => {} }).then((out) => settled.push(`chat:${out.finishReason}`));
      await new Promise((r) => setTimeout(r, 50));
      engine.abort();
      await Promise.all([priming, asking]);
      return settled;
    }, { primeMessages: [long, { role: 'user' as const, content: '' }], messages: [long, { role: 'user' as const, content: Q2 }] });
    expect(order).toEqual(['chat:abort', 'prime']);
  });
});
