import { analyze, typedForm } from './frenchAnalyzer';
import { EQUIVALENTS } from './domainVocabulary';
import { TRANSLATIONS, type TranslationTable } from './translations';

/** A term to look up, with its weight and the question word it stands for. */
export interface QueryTerm {
  term: string;
  weight: number;
  /** Index of the question term it comes from (itself for a term of the question). */
  source: number;
  kind: 'query' | 'synonym' | 'translation' | 'typo';
}

export interface QueryTermParams {
  /** Weight of a desk-vocabulary equivalent next to the question's own word (1). */
  synonymWeight: number;
  /** Weight of a learnt translation, times its probability, next to the question's own word (1). */
  translationWeight: number;
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

export const DEFAULT_QUERY_TERMS: QueryTermParams = { synonymWeight: 0.5, translationWeight: 0.5, maxTerms: 48, repeatBoost: 1, maxRepeats: 1 };

/**
 * The terms a question vector is made of: all but the learnt translations. The corpus vectors
 * already bridge a question's words to the fiches' (that is what they learn); translations serve
 * the word match, and a model exported with the desk vocabulary (src/embed/analysedText.ts) can
 * weigh synonyms, not per-word probabilities.
 */
export function vectorTerms(terms: readonly QueryTerm[]): QueryTerm[] {
  return terms.filter((t) => t.kind !== 'translation');
}

/** Equivalence groups analysed once: [trigger, expansion…], each a term sequence. */
export type AnalysedGroups = readonly (readonly string[])[][];

export function analyseGroups(groups: readonly (readonly string[])[]): AnalysedGroups {
  return groups.map((group) => group.map((phrase) => analyze(phrase))).filter((g) => g.length > 1 && g[0]!.length > 0);
}

/**
 * Equivalents a question may trigger: groups matched on the question's stems, and words matched
 * as typed (abbreviations, whose stems collide with ordinary words').
 */
export interface Vocabulary {
  groups: AnalysedGroups;
  typed?: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** Learnt question word → fiche words, weighted by their probability. */
  translations?: TranslationTable;
}

export const DESK_VOCABULARY: Vocabulary = { groups: analyseGroups(EQUIVALENTS), translations: TRANSLATIONS };

function indexOfSequence(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The question's own terms (deduplicated, in order), then the equivalents of the desk vocabulary
 * (or of `groups`: the engine adds the corpus's abbreviations) they trigger ("caf" → caisse d'allocations familiales, "carte grise" → certificat
 * d'immatriculation), each tied to the question term it expands.
 */
export function queryTerms(question: string, params: QueryTermParams = DEFAULT_QUERY_TERMS, vocabulary: Vocabulary = DESK_VOCABULARY): QueryTerm[] {
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
  const expand = (at: number, expansions: readonly (readonly string[])[]) => {
    for (const expansion of expansions) for (const term of expansion) add(term, at);
  };
  for (const [trigger, ...expansions] of vocabulary.groups) {
    const at = trigger ? indexOfSequence(own, trigger) : -1;
    if (at >= 0) expand(at, expansions);
  }
  if (vocabulary.typed?.size) {
    for (const word of question.split(/[^\p{L}\p{N}]+/u)) {
      const expansions = vocabulary.typed.get(typedForm(word));
      const at = expansions ? seen.get(analyze(word)[0] ?? '') : undefined;
      if (at !== undefined && at < own.length) expand(at, expansions!);
    }
  }
  // An age under 18 ("ma fille de 15 ans") means the fiches for minors apply.
  for (let i = 0; i + 1 < own.length; i++) {
    if (/^\d{1,2}$/.test(own[i]!) && own[i + 1] === 'an' && Number(own[i]) < 18) add('mineur', i);
  }
  const translations = vocabulary.translations;
  if (translations) {
    for (let i = 0; i < own.length; i++) {
      for (const [term, p] of translations[own[i]!] ?? []) {
        if (seen.has(term)) continue;
        seen.set(term, terms.length);
        terms.push({ term, weight: params.translationWeight * p * terms[i]!.weight, source: i, kind: 'translation' });
      }
    }
  }
  return terms;
}
