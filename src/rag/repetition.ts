/**
 * Small models sometimes fall into a loop, writing the same words again and again until their
 * token budget runs out. A run of the same words three times in a row, twelve words or more in
 * all, is such a loop; the answer is cut after the run's first copy.
 */
export interface Repetition {
  /** Offset in the text where the second copy starts: everything from there is the loop. */
  cutAt: number;
  /** Words in one copy, and copies in a row. */
  period: number;
  copies: number;
}

const MAX_PERIOD = 60;
const MIN_WORDS = 12;

export function findRepetition(text: string): Repetition | undefined {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ word: m[0].toLowerCase(), at: m.index }));
  let best: Repetition | undefined;
  for (let period = 1; period <= MAX_PERIOD && period * 3 <= words.length; period++) {
    let run = 0;
    for (let i = 0; i + period < words.length; i++) {
      run = words[i]!.word === words[i + period]!.word ? run + 1 : 0;
      // words[i - run + 1 ..= i] equal the words one period later: run + period words repeat.
      if (run >= 2 * period && run + period >= MIN_WORDS) {
        const first = i - run + 1;
        const cutAt = words[first + period]!.at;
        if (!best || cutAt < best.cutAt) best = { cutAt, period, copies: Math.floor(run / period) + 1 };
        break;
      }
    }
  }
  return best;
}
