/**
 * « Nouvel usager », manual or automatic: everything of the citizen that the page, its workers
 * and the clipboard still hold. One routine for both, so the automatic reset on a kiosk clears no
 * less than the button.
 */
export interface VisitResetSteps {
  /** Every open view and dialog of the visit: print view, personal-data notice, admin dialog (synchronous: gone at once). */
  closeViews(): void;
  /** Turns on screen, question box, stored turns and unkept avis text; waits for an answer in flight. */
  clearConversation(): Promise<void>;
  /** The question as typed so far, held for the read-ahead. */
  forgetTyped(): void;
  /** The engine's memory of the questions (CPU engine's prompt cache, GPU engine's chat). */
  forgetEngine(): Promise<void>;
  /** The search side's (the embedder's query vectors, the analyser's words). */
  forgetSearch(): Promise<void>;
  clipboard: ClipboardGuard;
}

/** Runs every step; one failing never keeps the others from running. Returns the failures. */
export async function resetVisit(steps: VisitResetSteps): Promise<unknown[]> {
  const failures: unknown[] = [];
  const attempt = async (step: () => unknown) => {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  };
  await attempt(() => steps.closeViews());
  await attempt(() => steps.forgetTyped());
  // The answer in flight is stopped and awaited first: it would otherwise refill the engine's
  // cache after it was dropped.
  await attempt(() => steps.clearConversation());
  // Views a late event reopened meanwhile (a notice set by the last question) go too.
  await attempt(() => steps.closeViews());
  await Promise.all([attempt(() => steps.forgetEngine()), attempt(() => steps.forgetSearch()), attempt(() => steps.clipboard.clear())]);
  return failures;
}

type TextClipboard = { writeText(text: string): Promise<void> };

/** The clipboard, as far as this app wrote to it: « Nouvel usager » empties it only then. */
export class ClipboardGuard {
  private wrote = false;

  constructor(private readonly clipboard: () => TextClipboard | undefined) {}

  async write(text: string): Promise<void> {
    const board = this.clipboard();
    // The copy button reads any failure as « not copied »: no text of its own reaches the agent.
    if (!board) throw new Error('clipboard unavailable');
    await board.writeText(text);
    this.wrote = true;
  }

  /** Empties the clipboard if the app wrote to it during this visit (a failure leaves it to retry at the next reset). */
  async clear(): Promise<void> {
    if (!this.wrote) return;
    await this.clipboard()?.writeText('');
    this.wrote = false;
  }
}
