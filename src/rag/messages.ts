import type { SearchStatus } from '../search/searchEngine';

/** The French the agent reads for what the search engine reports as codes. */
export const SEARCH_STATUS_MESSAGES: Record<Exclude<SearchStatus, 'ok'>, string> = {
  empty: 'Saisissez une question.',
  'no-terms': 'Précisez votre question : elle ne contient aucun mot à chercher dans les fiches.',
};
