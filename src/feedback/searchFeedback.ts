import type { FeedbackMode } from '../storage/db';
import type { FeedbackInput } from '../storage/feedback';


/** Reasons offered when there is no generated text to judge, only fiches and passages. */
export const SEARCH_FEEDBACK_REASONS = {
  up: ['bonne fiche en tête', 'passages utiles'],
  down: ['bonne fiche absente', 'bonne fiche trop loin', 'passages hors sujet'],
} as const;

export const COMMENT_MAX = 280;

/** What the agent filled in under a search-only result or an abstention. */
export interface SearchFeedbackDraft {
  mode: Exclude<FeedbackMode, 'answer'>;
  rating: 'up' | 'down';
  reasons: string[];
  /** Fiches the screen showed, best first. */
  shownFicheIds: string[];
  /** The fiche that actually answered, picked by the agent (shown or found with the picker). */
  answeringFicheId?: string;
  comment: string;
  question: string;
  /** The question is kept only when the agent ticks it (it is what makes the row an eval question). */
  keepQuestion: boolean;
  /** The agent saw the possible names highlighted and said they are not names. */
  keepNames?: boolean;
}

/**
 * What the search-only / abstention form hands to `saveFeedback`: the question and the comment go
 * with it, but storage keeps them (masked) only when the agent ticked to keep the text; never an
 * answer text.
 */
export function searchFeedbackRecord(draft: SearchFeedbackDraft): FeedbackInput {
  const comment = draft.comment.trim().slice(0, COMMENT_MAX);
  return {
    mode: draft.mode,
    rating: draft.rating,
    reasons: [...draft.reasons],
    ficheIds: [...draft.shownFicheIds],
    answeringFicheId: draft.answeringFicheId || undefined,
    comment: comment || undefined,
    question: draft.question,
    keepText: draft.keepQuestion,
    keepNames: draft.keepNames === true,
  };
}
