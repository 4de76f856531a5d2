/** What start-up restores; the page's controllers (src/ui/page.ts), fakes in tests. */
export interface StartParts {
  session: { load(): Promise<void> };
  model: { init(): Promise<void>; loadSettings(): Promise<void>; readonly hubAllowed: boolean };
  kiosk: { init(): Promise<void> };
  embedder: { restore(allowHub: boolean): Promise<void> };
  update: { start(): void };
  /** What is past its retention period on this PC. */
  stored: { dropExpired(): Promise<unknown> };
}

/**
 * Brings back every choice stored on this PC, whatever screen is shown: the corpus in use, the
 * model (or the policy's engine), the kiosk mode, the embedding model; starts watching for a new
 * version and deletes what is past its retention period. The one place that does it: a choice
 * restored by a screen would wait for that screen (a locked kiosk never shows Paramètres).
 * Resolves when all have settled.
 */
export async function startPage({ session, model, kiosk, embedder, update, stored }: StartParts): Promise<void> {
  update.start();
  await Promise.all([
    stored.dropExpired(),
    session.load(),
    model.init(),
    kiosk.init(),
    // Its worker loads in the background; search uses it once the corpus has its vectors.
    model.loadSettings().then(() => embedder.restore(model.hubAllowed)),
  ]);
}
