import type { FicheMeta } from '../../corpus/corpusData';
import { analyze, foldAccents } from '../analysis/frenchAnalyzer';
import { ADVICE_CUES, OFF_TOPIC_CUES } from '../analysis/domainVocabulary';
import type { QueryTerm } from '../analysis/queryTerms';
import { docFrequency } from '../index/bm25';
import type { CorpusTerms } from '../ranking/corpusTerms';
import type { AbstentionParams, RetrievalSignals } from './abstention';
import { wordOdds } from './offTopicWords';

/** A fiche of the ranking as the signals read it: the fiche and its passages, best first. */
export interface RankedForSignals {
  fiche: FicheMeta;
  docs: readonly number[];
}

/**
 * Reads what the verdict is made of from a question and its ranking: how much of the question the
 * corpus knows, how much the best fiche holds, whether the first fiches agree on a subject, how
 * citizens word off-topic questions.
 */
export class SignalReader {
  constructor(
    private readonly terms: CorpusTerms,
    /** Terms of the answer fiches' titles: what the corpus is about. */
    private readonly titleTerms: ReadonlySet<string>,
    private readonly params: AbstentionParams,
    private readonly typoCredit: number,
  ) {}

  read(text: string, query: readonly QueryTerm[], top: readonly RankedForSignals[]): RetrievalSignals {
    const p = this.params;
    const own = query.filter((t) => t.kind === 'query');
    const index = this.terms.index;
    let unknown = 0;
    let rare = 0;
    let inTitles = 0;
    for (const t of own) {
      if (/^\d/.test(t.term)) continue;
      const id = index.termIds.get(t.term);
      if (this.titleTerms.has(t.term)) inTitles++;
      if (id !== undefined) {
        if (docFrequency(index, id) <= p.rareBelow) rare++;
        continue;
      }
      const expanded = query.some((x) => x.source === t.source && x.kind !== 'query' && index.termIds.has(x.term));
      unknown += expanded ? 0.5 : 1;
    }
    const folded = foldAccents(text.toLowerCase());
    const share = (n: number) => (own.length ? n / own.length : 1);
    return {
      coverage: this.terms.coverage(query, top[0]?.docs ?? [], this.typoCredit),
      unknown: share(unknown),
      rare: share(rare),
      titleWords: own.length ? inTitles / own.length : 0,
      titleMatch: Math.max(0, ...top.slice(0, p.titleDepth).map((f) => this.terms.titleMatch(f.fiche, query))),
      dossierAgreement: dossierAgreement(top.map((f) => f.fiche)),
      offTopicWords: wordOdds(analyze(text), p.words.odds, p.words.clip),
      cue: OFF_TOPIC_CUES.some((cue) => this.cueHolds(cue, folded)) ? 1 : 0,
      advice: ADVICE_CUES.some((cue) => cue.test(folded)) ? 1 : 0,
    };
  }

  /**
   * A topic cue counts unless a fiche is titled with its words: the corpus then covers that topic
   * (« Lotos, loteries et tombolas organisés par une association », « Téléchargement légal
   * (musique, film, série) »), and the cue would turn a real question away. Phrases (« mal au
   * dos », « le temps qu'il fait ») always count: their words alone say nothing.
   */
  private cueHolds(cue: RegExp, folded: string): boolean {
    const match = cue.exec(folded);
    if (!match) return false;
    const terms = analyze(match[0]);
    // The stemmer keeps some plurals whole (« lotos »): try the word and its plural.
    return terms.length !== 1 || ![...terms, ...analyze(`${match[0]}s`)].some((t) => this.titleTerms.has(t));
  }
}

/** Share of the four fiches after the best one filed in its dossier (a fiche at the top level is its own). */
export function dossierAgreement(top: readonly FicheMeta[]): number {
  const dossier = (f: FicheMeta) => f.breadcrumb?.[2]?.id ?? f.id;
  const next = top.slice(1, 5);
  if (!top[0] || !next.length) return 0;
  const d = dossier(top[0]);
  return next.filter((f) => dossier(f) === d).length / next.length;
}
