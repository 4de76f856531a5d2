import type { Audience } from '../corpus/model';
import type { SearchStatus, Verdict } from '../search/searchEngine';

/** The French the agent reads for what the search engine reports as codes. */
export const SEARCH_STATUS_MESSAGES: Record<Exclude<SearchStatus, 'ok'>, string> = {
  empty: 'Saisissez une question.',
  'no-terms': 'Précisez votre question : elle ne contient aucun mot à chercher dans les fiches.',
};

/** Shown with the fiches (and above the model's answer) when the engine is not sure they fit. */
export const VERDICT_MESSAGES: Record<Exclude<Verdict, 'answer'>, string> = {
  'off-topic': 'Les fiches disponibles ne semblent pas couvrir cette question. Voici les fiches les plus proches.',
  'low-confidence': 'Prudence : les fiches trouvées ne correspondent peut-être pas exactement à la situation décrite. Vérifiez les sources avant de transmettre la réponse.',
};

/** A refusal with no fiche close enough to show (src/rag/closestFiches.ts). */
export const NO_CLOSE_FICHE_MESSAGE = 'Les fiches disponibles ne couvrent pas cette question : aucune fiche proche à proposer.';

/**
 * Shown above the fiches (and the model's answer) when another audience's fiches answer the
 * question clearly better than the selected one's.
 */
export function otherAudienceMessage(audience: Audience): string {
  return `Cette question concerne plutôt les ${audience} : les fiches pour les particuliers risquent de ne pas s'appliquer.`;
}
