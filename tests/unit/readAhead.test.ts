import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../src/llm/readAhead';

/** A hand-driven clock: timers fire when time is advanced past them. */
function harness(ready = () => true) {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const primed: string[] = [];
  const ahead = new ReadAhead({
    prime: (typed) => primed.push(typed), ready,
    now: () => t,
    setTimer: (fn, ms) => { const id = ++ids; timers.push({ at: t + ms, fn, id }); return id; },
    clearTimer: (id) => { timers = timers.filter((x) => x.id !== id); },
  });
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const next = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((x) => x !== next);
      t = next.at;
      next.fn();
    }
    t = end;
  };
  /** Types `text` one character every `gapMs`. */
  const type = (text: string, gapMs: number, from = '') => {
    for (let i = from.length + 1; i <= text.length; i++) {
      ahead.typed(text.slice(0, i));
      advance(gapMs);
    }
  };
  return { ahead, primed, advance, type };
}

describe('reading the question ahead while it is typed', () => {
  const q = "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?";

  it('reads at a pause in the typing, what was typed so far', () => {
    const h = harness();
    h.type("ma fille de 15 ans", 100);
    expect(h.primed).toEqual([]);
    h.advance(300);
    expect(h.primed).toEqual(['ma fille de 15 ans']);
    // Typing on, then a pause: the longer text.
    h.type(q, 100, 'ma fille de 15 ans');
    h.advance(300);
    expect(h.primed.at(-1)).toBe(q);
  });

  it('reads every 1.5 s while a fast typist never pauses, and not on every key', () => {
    const h = harness();
    h.type(q, 120);
    // 66 characters over ≈ 8 s: a read about every 1.5 s, far fewer than one per key.
    expect(h.primed.length).toBeGreaterThanOrEqual(4);
    expect(h.primed.length).toBeLessThanOrEqual(7);
    for (const p of h.primed) expect(q.startsWith(p)).toBe(true);
  });

  it('reads nothing for a few characters, nothing twice, and nothing while an answer is written', () => {
    let busy = false;
    const h = harness(() => !busy);
    h.type('ma fil', 100);
    h.advance(1000);
    expect(h.primed).toEqual([]);
    h.type('ma fille perdue', 100, 'ma fil');
    h.advance(500);
    // A word typed then deleted: back to what was read.
    h.ahead.typed('ma fille perdue x');
    h.ahead.typed('ma fille perdue');
    h.advance(500);
    expect(h.primed).toEqual(['ma fille perdue']);
    busy = true;
    h.ahead.typed('ma fille perdue hier');
    h.advance(500);
    expect(h.primed).toEqual(['ma fille perdue']);
  });

  it('drops the pending read when the question is sent, and starts afresh for the next one', () => {
    const h = harness();
    h.type('carte grise perdue', 100);
    h.ahead.reset();
    h.advance(1000);
    expect(h.primed).toEqual([]);
    h.type('carte grise perdue', 50);
    h.advance(300);
    expect(h.primed).toEqual(['carte grise perdue']);
    h.ahead.reset();
    // The same question again after an answer: the cache now holds that answer's prompt, so it is read again.
    h.type('carte grise perdue', 50);
    h.advance(300);
    expect(h.primed).toEqual(['carte grise perdue', 'carte grise perdue']);
  });
});
