import { analyze } from './frenchAnalyzer';
import { EQUIVALENTS } from './domainVocabulary';

/** A term to look up, with its weight and the question word it stands for. */
export interface QueryTerm {
  term: string;
  weight: number;
  /** Index of the question term it comes from (itself for a term of the question). */
  source: number;
  kind: 'query' | 'synonym' | 'typo';
}

export interface QueryTermParams {
  /** Weight of a desk-vocabulary equivalent next to the question's own word (1). */
  synonymWeight: number;
  /** A pasted page is cut here: later words add latency, not precision. */
  maxTerms: number;
  /**
   * Extra weight per repetition of a word, up to `maxRepeats` repetitions: what the citizen says
   * twice is the subject (« je suis au RSA… est-ce que je vais perdre mon RSA ? »), the rest is
   * circumstance. Its equivalents follow its weight.
   */
  repeatBoost: number;
  maxRepeats: number;
}

export const DEFAULT_QUERY_TERMS: QueryTermParams = { synonymWeight: 0.5, maxTerms: 48, repeatBoost: 1, maxRepeats: 1 };

const groups: string[][][] = EQUIVALENTS.map((group) => group.map((phrase) => analyze(phrase)).filter((t) => t.length > 0));

function indexOfSequence(haystack: string[], needle: string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The question's own terms (deduplicated, in order), then the equivalents of the desk vocabulary
 * they trigger ("caf" → caisse d'allocations familiales, "carte grise" → certificat
 * d'immatriculation), each tied to the question term it expands.
 */
export function queryTerms(question: string, params: QueryTermParams = DEFAULT_QUERY_TERMS): QueryTerm[] {
  const words = analyze(question);
  const seen = new Map<string, number>();
  const terms: QueryTerm[] = [];
  const repeats = new Map<string, number>();
  for (const term of words) {
    if (seen.has(term)) {
      const again = repeats.get(term) ?? 0;
      const t = terms[seen.get(term)!]!;
      if (again < params.maxRepeats) t.weight += params.repeatBoost;
      repeats.set(term, again + 1);
      continue;
    }
    if (terms.length >= params.maxTerms) break;
    seen.set(term, terms.length);
    terms.push({ term, weight: 1, source: terms.length, kind: 'query' });
  }
  const own = terms.map((t) => t.term);
  const add = (term: string, source: number) => {
    if (seen.has(term)) return;
    seen.set(term, terms.length);
    terms.push({ term, weight: params.synonymWeight * terms[source]!.weight, source, kind: 'synonym' });
  };
  for (const [trigger, ...expansions] of groups) {
    const at = trigger ? indexOfSequence(own, trigger) : -1;
    if (at < 0) continue;
    for (const expansion of expansions) for (const term of expansion) add(term, at);
  }
  // An age under 18 ("ma fille de 15 ans") means the fiches for minors apply.
  for (let i = 0; i + 1 < own.length; i++) {
    if (/^\d{1,2}$/.test(own[i]!) && own[i + 1] === 'an' && Number(own[i]) < 18) add('mineur', i);
  }
  return terms;
}
