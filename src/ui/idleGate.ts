/**
 * Holds actions that must not run while an answer is being written (installing a new version,
 * reloading the page under it) and runs them, in order, as soon as the app is idle again.
 */
export class IdleGate {
  private readonly queued: (() => void)[] = [];

  constructor(private readonly isBusy: () => boolean) {}

  /** Runs `action` now when idle, else once `idle()` is called with nothing in progress. */
  whenIdle(action: () => void): void {
    this.queued.push(action);
    this.idle();
  }

  /** Whether something waits for the current answer to end. */
  get pending(): boolean {
    return this.queued.length > 0;
  }

  /** Call when an answer ends (or is stopped). */
  idle(): void {
    while (this.queued.length && !this.isBusy()) this.queued.shift()!();
  }
}
