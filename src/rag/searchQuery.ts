import { contentWords } from '../search/analysis/contentWords';

/** Openings that make a question lean on the previous one ("et pour un mineur ?"). */
const FOLLOW_UP = /^\s*(et|mais|alors|aussi|pareil|même chose|dans ce cas|sinon|ou bien|et si|et pour|pour un|pour une|si c'est|s'il|si elle|si il|combien ça|ça coûte|c'est (combien|où|quand))\b/i;

/**
 * The text to search for a question in a conversation. A self-contained question is searched as
 * is; a follow-up (one meaningful word, or opening with "et…", "et pour…") is searched with the
 * previous question so that "et pour un mineur ?" still lands on the carte d'identité fiches.
 */
export function buildSearchQuery(question: string, previousQuestions: readonly string[]): string {
  const last = previousQuestions[previousQuestions.length - 1];
  if (!last) return question;
  const own = contentWords(question).length;
  if (own <= 1 || FOLLOW_UP.test(question)) return `${last} ${question}`;
  return question;
}
