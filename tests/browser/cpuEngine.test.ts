import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import llamaTokenizer from 'llama-tokenizer-js';
import type { TestHarness } from '../../src/lab/testHarness';
import { launch, NO_SERVICE_WORKER, watchErrors } from './browser';
import { GGUF_FIXTURES, TAMPERED_GGUF, TRUNCATED_GGUF } from './modelFixtures';

/** The real CPU engine (wllama in its worker) on the real GGUF fixtures, through our client. */
let browser: Browser;
let page: Page;
let errors: string[];

type W = Window & { __comptoirTest: TestHarness; __engine?: InstanceType<TestHarness['LabWllamaEngine']> };

beforeAll(async () => {
  browser = await launch();
  page = await (await browser.newContext({ locale: 'fr-FR', ...NO_SERVICE_WORKER })).newPage();
  errors = watchErrors(page);
  await page.goto(inject('baseUrl'));
  await page.waitForFunction(() => Boolean((window as unknown as W).__comptoirTest), undefined, { timeout: 30_000 });
});
afterAll(async () => browser?.close());

const url = (id: string, file: string) => `/models/${id}/${file}`;

/** Loads a fixture in a fresh engine; resolves with what the page saw (progress, info or failure). */
async function load(id: string, file: string, contextWindow = 512) {
  return page.evaluate(async ({ u, id, contextWindow }) => {
    const w = window as unknown as W;
    await w.__engine?.unload();
    const engine = new w.__comptoirTest.LabWllamaEngine({ id, url: u, contextWindow, cache: false, seed: 1 });
    const fractions: number[] = [];
    try {
      await engine.load((p) => fractions.push(p.fraction));
      w.__engine = engine;
      return { ok: true as const, fractions, info: engine.info, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
    } catch (err) {
      const coded = (err as { failure?: { code: string; detail?: string } }).failure;
      const failure = coded && { code: coded.code, detail: coded.detail, message: w.__comptoirTest.describeFailure(err, 'model') };
      return { ok: false as const, fractions, failure };
    }
  }, { u: url(id, file), id, contextWindow });
}

async function generate(content: string, maxTokens: number, options: { temperature?: number; stopAfter?: number; grammar?: string } = {}) {
  return page.evaluate(async ({ content, maxTokens, options }) => {
    const w = window as unknown as W;
    const engine = w.__engine!;
    const deltas: string[] = [];
    const result = await engine.chat({
      messages: [{ role: 'user', content }], maxTokens, temperature: options.temperature ?? 0,
      onToken: (d) => {
        deltas.push(d);
        if (options.stopAfter && deltas.length === options.stopAfter) engine.abort();
      },
    }, options.grammar ? { grammar: options.grammar } : {});
    return { ...result, deltas };
  }, { content, maxTokens, options });
}

describe('CPU engine (wllama) with stories260K', () => {
  it('loads with progress, on every core but one under COOP/COEP', async () => {
    const out = await load('stories260K', GGUF_FIXTURES.stories260K);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.isolated).toBe(true);
    expect(out.info!.nVocab).toBe(512);
    expect(out.info!.nLayer).toBe(5);
    expect(out.info!.threads).toBe(Math.max(1, out.cores - 1));
    expect(out.info!.multithread).toBe(out.info!.threads > 1);
    expect(out.fractions.at(-1)).toBe(1);
    expect(out.fractions.every((f, i) => i === 0 || f >= out.fractions[i - 1]!)).toBe(true);
  });

  it('keeps no copy of the model file once llama.cpp has it (the weights live in its wasm memory)', async () => {
    // The engine the test above loaded: a second load would only repeat it.
    const info = await page.evaluate(() => (window as unknown as W).__engine?.info);
    expect(info?.bytes).toBeGreaterThan(1_000_000);
    expect(await page.evaluate(() => (window as unknown as W).__engine!.heldModelBytes())).toBe(0);
    // The engine never reads the file again: it still answers (the next tests generate on it too).
    expect((await generate('Once upon a time', 8)).stats.completionTokens).toBe(8);
  });

  it('generates the same text twice at temperature 0, streamed piece by piece through the worker', async () => {
    const a = await generate('Once upon a time', 40);
    const b = await generate('Once upon a time', 40);
    expect(a.text.length).toBeGreaterThan(20);
    expect(a.text).toBe(b.text);
    expect(a.deltas.length).toBeGreaterThan(5);
    expect(a.deltas.join('')).toBe(a.text);
    expect(a.finishReason).toBe('length');
    expect(a.stats.completionTokens).toBe(40);
    expect(a.stats.promptTokens).toBeGreaterThan(3);
    expect(a.stats.decodeTokensPerSecond).toBeGreaterThan(0);
    expect(a.stats.prefillTokensPerSecond).toBeGreaterThan(0);
    expect(a.stats.timeToFirstTokenSeconds).toBeGreaterThan(0);
  });

  it('stops midway on abort (not a failure), then generates again', async () => {
    const stopped = await generate('Once upon a time', 200, { stopAfter: 5 });
    expect(stopped.finishReason).toBe('abort');
    expect(stopped.deltas.length).toBeGreaterThanOrEqual(5);
    expect(stopped.deltas.length).toBeLessThan(200);
    const again = await generate('Once upon a time', 40);
    const reference = await generate('Once upon a time', 40);
    expect(again.finishReason).toBe('length');
    expect(again.text).toBe(reference.text);
  });

  it('has handed over every streamed piece when the answer returns, even to a page slow to take them', async () => {
    // The app renders the answer on each piece: a busy page. A stall seen in the app was a piece arriving
    // after the answer had returned, which set the finished turn back to « streaming ».
    const runs = await page.evaluate(async () => {
      const engine = (window as unknown as W).__engine!;
      const out: { text: string; received: string; late: number }[] = [];
      for (let i = 0; i < 6; i++) {
        const pieces: string[] = [];
        let returned = false;
        let late = 0;
        const result = await engine.chat({
          messages: [{ role: 'user', content: 'Once upon a time' }], maxTokens: 48, temperature: 0,
          onToken: (d) => {
            if (returned) late++;
            pieces.push(d);
            const until = performance.now() + 8;
            while (performance.now() < until);
          },
        });
        returned = true;
        out.push({ text: result.text, received: pieces.join(''), late });
        await new Promise((r) => setTimeout(r, 300));
        out.at(-1)!.late = late;
      }
      return out;
    });
    for (const run of runs) {
      expect(run.text.length).toBeGreaterThan(20);
      expect(run.late).toBe(0);
      expect(run.received).toBe(run.text);
    }
  });

  it('refuses a truncated copy with the French "damaged files" message', async () => {
    const out = await load(TRUNCATED_GGUF.id, TRUNCATED_GGUF.file);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.failure!.code).toBe('corrupt');
    expect(out.failure!.message).toMatch(/incomplets ou abîmés/);
  });

  it('refuses, before any use, a whole file that is not the one its sha256.json records (second half randomised, or a wrong sha256.json)', async () => {
    for (const { id, file } of [TAMPERED_GGUF.scrambled, TAMPERED_GGUF.wrongSum]) {
      const out = await load(id, file);
      expect(out.ok, id).toBe(false);
      if (out.ok) continue;
      expect(out.failure!.code).toBe('checksum');
      expect(out.failure!.message).toMatch(/^Le fichier du modèle ne correspond pas à l’empreinte enregistrée dans son dossier \(sha256\.json\)/);
      expect(out.failure!.detail).toMatch(/sha256 mismatch for stories260K\.gguf/);
    }
    // The genuine file, with its own sha256.json, still loads.
    expect((await load('stories260K', GGUF_FIXTURES.stories260K)).ok).toBe(true);
  });

  it('reports a missing file (404) with the French "files not found" message', async () => {
    const out = await load('absent', 'absent.gguf');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.failure!.code).toBe('not-found');
    expect(out.failure!.message).toMatch(/Fichiers du modèle introuvables/);
  });
});

describe('CPU engine with the real 32k Llama-2 vocabulary (llama-2-tiny-random)', () => {
  const FRENCH = [
    "Ma fille de 15 ans a perdu sa carte d'identité.",
    'Où déposer la déclaration ? À la mairie, côté État-civil — 25 € ; reçu daté du 1ᵉʳ août.',
    'Élève, crèche, garçon, naïf, cœur, Noël, fenêtre, août.',
  ];

  it('counts prompt tokens exactly as the Llama-2 tokenizer does', async () => {
    const out = await load('llama-2-tiny-random', GGUF_FIXTURES['llama-2-tiny-random'], 256);
    expect(out.ok).toBe(true);
    expect(out.ok && out.info!.nVocab).toBe(32000);
    for (const text of FRENCH) {
      // An independent implementation of the Llama-2 SentencePiece tokenizer (no BOS, no space prefix).
      const expected = llamaTokenizer.encode(text, false, false).length;
      const counted = await page.evaluate((t) => (window as unknown as W).__engine!.countTokens(t), text);
      expect(counted, text).toBe(expected);
    }
  });

  it('round-trips French accents through the tokenizer, the chat template and the detokenizer', async () => {
    for (const text of FRENCH) {
      // The grammar forces the output to be exactly this text; the random model picks the tokens.
      const grammar = `root ::= ${JSON.stringify(text)}`;
      const out = await generate('Répète.', 200, { grammar });
      expect(out.text).toBe(text);
      expect(out.deltas.join('')).toBe(text);
    }
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
  });
});
