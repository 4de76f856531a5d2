/**
 * Reads the question into the CPU engine while the agent types it (#12): at each pause in the
 * typing, and every so often while it goes on, the engine prefills the system prompt and the
 * question as typed so far (its KV cache keeps them), so that once the question is sent only its
 * last words and the sources are left to read. On a 4-core PC a question of 60 tokens costs ≈ 6 s
 * of reading; typed, almost nothing by the time the agent presses Entrée. Never while an answer is
 * being written.
 */
export interface ReadAheadDeps {
  /** Prefill the question as typed so far (the engine runs reads one at a time; a waiting one gives way to a newer one). */
  prime: (typed: string) => void;
  /** Whether the engine can read ahead now: no answer being written. */
  ready: () => boolean;
  /** Pause in the typing before reading (ms): shorter wastes reads on words still being typed. */
  pauseMs?: number;
  /** Longest wait while the typing goes on without a pause (ms). */
  maxWaitMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Below this, nothing worth reading yet: the system prompt is already in the cache after a load. */
const MIN_CHARS = 8;

export class ReadAhead {
  private timer: unknown;
  private last = '';
  /** When the typing started waiting for a read (the first change since the last read). */
  private waitingSince: number | undefined;

  constructor(private readonly deps: ReadAheadDeps) {}

  /** The question box's text changed. */
  typed(text: string): void {
    this.clear();
    const typed = text.trim();
    if (typed.length < MIN_CHARS) return;
    const now = this.now();
    this.waitingSince ??= now;
    const maxWait = this.deps.maxWaitMs ?? 1500;
    if (now - this.waitingSince >= maxWait) return this.read(typed);
    const wait = Math.min(this.deps.pauseMs ?? 300, maxWait - (now - this.waitingSince));
    this.timer = (this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms)))(() => this.read(typed), wait);
  }

  /** The question was sent: no read pending (one under way goes on: the answer waits for it and reuses it), and the next question starts afresh. */
  reset(): void {
    this.clear();
    this.last = '';
    this.waitingSince = undefined;
  }

  private read(typed: string): void {
    this.timer = undefined;
    this.waitingSince = undefined;
    // Back to what was read already (a word typed then deleted): nothing new.
    if (typed === this.last || !this.deps.ready()) return;
    this.last = typed;
    this.deps.prime(typed);
  }

  private clear(): void {
    if (this.timer === undefined) return;
    (this.deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return (this.deps.now ?? (() => performance.now()))();
  }
}
