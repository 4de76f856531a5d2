/**
 * An import that keeps less than this share of the fiches in use is not installed without the
 * agent's go-ahead: one valid fiche among junk must not silently replace thousands. A partial
 * official archive (particuliers only over the three audiences: about 80 %) passes.
 */
export const CONFIRM_BELOW_SHARE = 0.5;

/** What the agent is asked about: fiches (with an answer) now and after, files refused. */
export interface CorpusDrop {
  before: number;
  after: number;
  refused: number;
}

export function needsConfirmation(before: number | undefined, after: number): boolean {
  return before !== undefined && before > 0 && after < before * CONFIRM_BELOW_SHARE;
}
