import type { FicheHit, SearchResult } from '../search/searchEngine';
import { CLOSEST_FICHES_ON_ABSTAIN } from '../settings/tunables';

/**
 * A refusal (« les fiches ne semblent pas couvrir cette question ») lists the closest fiches only
 * when they may be close: when the engine itself is not sure the question is off-topic. A sure
 * verdict's « closest » fiches merely share a word with the question (« temps partiel
 * thérapeutique » for the weather) and send the agent the wrong way.
 *
 * Measured with `npm run eval:refusals` over every line of the question sets of the time (1,115 off-topic,
 * 975 real): of the 962 off-topic questions refused, 64 (6.7 %) still list fiches, against all of
 * them before; of the 5 real questions refused by mistake, 3 keep their list, including the only
 * one whose right fiche was among the closest (P 0.82). 0.9 would list 18.6 % and keep 4 of 5.
 */
export const CLOSE_ON_REFUSAL_BELOW = 0.85;

/** The fiches a refusal shows: the first few when P(off-topic) is below the threshold, else none. */
export function closestFichesOnRefusal(result: Pick<SearchResult, 'hits' | 'offTopic'>): FicheHit[] {
  return result.offTopic < CLOSE_ON_REFUSAL_BELOW ? result.hits.slice(0, CLOSEST_FICHES_ON_ABSTAIN) : [];
}
