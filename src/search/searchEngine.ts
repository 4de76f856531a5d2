import type { Chunk } from '../corpus/chunk';
import type { FicheMeta } from '../corpus/corpusData';
import type { Audience } from '../corpus/model';
import {
  accumulate, buildBm25, DEFAULT_BM25, deserializeBm25, docFrequency, idf, serializeBm25,
  type Bm25Index, type Bm25Params,
} from './index/bm25';
import { analyze, analyzeWithOffsets } from './analysis/frenchAnalyzer';
import { Fnv1a } from './index/binaryFormat';
import { scoreFusion, type ScoredList } from './ranking/fusion';
import type { LatentSemantics } from './index/latentSemantics';
import { DEFAULT_TYPOS, nearestTerm, type TypoParams } from './analysis/fuzzy';
import { namesOtherCase, statedSituation } from './ranking/situation';
import { ADVICE_CUES, OFF_TOPIC_CUES } from './analysis/domainVocabulary';
import { wordOdds } from './abstention/offTopicWords';
import { judge, type AbstentionParams, type RetrievalSignals, type Verdict } from './abstention/abstention';
import { DEFAULT_ABSTENTION } from './abstention/abstentionModel';
import { foldAccents } from './analysis/frenchAnalyzer';
import { DEFAULT_QUERY_TERMS, DESK_VOCABULARY, queryTerms, type QueryTerm, type QueryTermParams, type Vocabulary } from './analysis/queryTerms';
import { learnAbbreviations } from './analysis/abbreviations';
import type { VectorHit, VectorStore } from './index/vectorStore';

export type { Verdict } from './abstention/abstention';

export interface SearchOptions {
  /** Fiches to return. */
  k?: number;
  /** Also return, for each passage, where the question's terms occur (for highlighting). */
  marks?: boolean;
  passagesPerFiche?: number;
  audiences?: readonly Audience[];
  /** Keep fiches of this theme (FicheMeta.theme) only. */
  theme?: string;
  /**
   * The question's embedding from an external embedder. Without it, attached corpus semantics
   * embed the question themselves; either way a vector switches on hybrid ranking.
   */
  queryVector?: Float32Array;
}

export interface Passage {
  chunk: Chunk;
  score: number;
  /** [start, end) offsets in chunk.text (NFC) of words matching the question's terms. */
  marks?: [number, number][];
}

export interface FicheHit {
  fiche: FicheMeta;
  score: number;
  passages: Passage[];
}

/** 'empty': nothing typed; 'no-terms': only stop words. The UI words them (src/rag/messages.ts). */
export type SearchStatus = 'ok' | 'empty' | 'no-terms';

export interface SearchResult {
  status: SearchStatus;
  terms: QueryTerm[];
  hits: FicheHit[];
  /** 0–1: share of the question's meaning (idf-weighted terms) found in the best fiche's passages. */
  confidence: number;
  /**
   * 'answer' (go ahead), 'low-confidence' (the fiches are shown and the model may answer, with a
   * caution), 'off-topic' (the fiches do not cover the question: no model call).
   */
  verdict: Verdict;
  /** What the verdict was read from (absent for an empty question). */
  signals?: RetrievalSignals;
  /** P(off-topic) from the signals. */
  offTopic: number;
  /** verdict === 'off-topic': the fiches most likely do not answer the question. */
  abstain: boolean;
  mode: 'lexical' | 'hybrid';
}

export type EmbedderFusion = 'join' | 'replace';

export interface EngineParams {
  bm25: Bm25Params;
  terms: QueryTermParams;
  /** Which unknown words get a typo fix, and how far it may be. */
  typos: TypoParams;
  /** Weight of a typo fix next to the word it fixes (1). */
  typoWeight: number;
  /** A word found only through its typo fix counts this much toward confidence. */
  typoConfidence: number;
  /** Chunks taken from each ranking (words, vectors) before fusion and grouping by fiche. */
  candidates: number;
  /** How signals become a verdict (src/search/abstention.ts; fitted by scripts/calibrate-abstention.ts). */
  abstention: AbstentionParams;
  /** Weight of a fiche's second-best passage in its score (evidence spread over the fiche). */
  secondPassageWeight: number;
  /**
   * Within a fiche, passages whose section titles name the situation the question states
   * (salarié, mineur, à l'étranger…) come first: the section written for that case is the one
   * shown and given to the model. Fiche scores are left alone (boosting them measured worse).
   */
  situationFirst: boolean;
  /** Expand the abbreviations the fiches spell out (src/search/abbreviations.ts) next to the desk vocabulary. */
  corpusAbbreviations: boolean;
  /**
   * Weights of the rankings fused (src/search/fusion.ts): words, the corpus-learnt vectors, an
   * embedder's vectors. `embedder: 'join'` adds the embedder's ranking to the other two;
   * 'replace' lets it take the corpus vectors' place (issue 13; the bundle's manifest may say
   * which its measurement chose, see scripts/corpus-embed.ts).
   */
  fusion: { lexical: number; semantic: number; neural: number; embedder: EmbedderFusion };
  /** Defaults of SearchOptions.k and .passagesPerFiche. */
  fiches: number;
  passagesPerFiche: number;
}

export const DEFAULT_ENGINE: EngineParams = {
  bm25: DEFAULT_BM25,
  terms: DEFAULT_QUERY_TERMS,
  typos: DEFAULT_TYPOS,
  typoWeight: 0.8,
  typoConfidence: 0.5,
  candidates: 400,
  abstention: DEFAULT_ABSTENTION,
  secondPassageWeight: 0.1,
  situationFirst: true,
  corpusAbbreviations: true,
  // Vectors as a minority voice: they rescue passages worded differently from the question
  // without displacing a clear lexical lead (chosen on dev, holdout, holdout2, calibration, tune and
  // the title queries; docs/EVAL.md). Joining keeps the corpus vectors' vote: an embedder that
  // suits the fiches badly cannot erase it (measured in tests/unit/fusionChoice.test.ts).
  fusion: { lexical: 1, semantic: 0.35, neural: 0.35, embedder: 'join' },
  fiches: 10,
  passagesPerFiche: 3,
};

/** A question's vector and the chunk vectors it is compared with, weighted in the fusion. */
interface DenseQuery {
  vector: Float32Array;
  store: VectorStore;
  weight: number;
}

/** A question made ready for ranking. */
interface PreparedQuery {
  text: string;
  terms: QueryTerm[];
  allowed?: Uint8Array;
  /** Vector rankings, the one the verdict's signals read first (the corpus-learnt one when it serves). */
  dense: DenseQuery[];
}

/** A fiche's passages as chunk numbers, best first, next to the hit built from them. */
interface RankedFiche {
  hit: FicheHit;
  docs: number[];
}


export interface SearchCorpus {
  fiches: readonly FicheMeta[];
  chunks: readonly Chunk[];
}

/** Indexable fields of a chunk, in bm25 FIELDS order. */
export function chunkFields(chunk: Chunk): string[][] {
  return [analyze(chunk.path[0] ?? ''), analyze(chunk.path.slice(1).join(' ')), analyze(chunk.text)];
}

/** A fingerprint tying a serialised index to the exact chunks it was built from. */
export function corpusFingerprint(chunks: readonly Chunk[]): string {
  const hash = new Fnv1a();
  for (const c of chunks) hash.add(c.id).add(String(c.text.length));
  return `${chunks.length}:${hash.hex}`;
}

export class SearchEngine {
  private readonly scores: Float32Array;
  private readonly chunkFiche: Uint32Array;
  private readonly masks = new Map<string, Uint8Array | undefined>();
  private vectors?: VectorStore;
  private embedderFusion?: EmbedderFusion;
  private semantics?: LatentSemantics;
  private readonly maxIdf: number;
  /** Terms of the fiches' titles: what the corpus is about. */
  private readonly titleTerms: Set<string>;
  private readonly sections = new Map<number, string[]>();
  private readonly titles = new Map<FicheMeta, string[]>();
  /** The desk vocabulary plus the corpus's abbreviations, analysed. */
  private readonly vocabulary: Vocabulary;

  private constructor(
    readonly corpus: SearchCorpus,
    readonly index: Bm25Index,
    readonly params: EngineParams,
  ) {
    this.scores = new Float32Array(index.docCount);
    // Some ids exist in two audiences (F2918 is a particuliers and a professionnels fiche): a
    // chunk belongs to the fiche of its own audience.
    const key = (audience: string, id: string) => `${audience}/${id}`;
    const ficheIndex = new Map(corpus.fiches.map((f, i) => [key(f.audience, f.id), i]));
    this.chunkFiche = new Uint32Array(corpus.chunks.length);
    corpus.chunks.forEach((c, i) => {
      const at = ficheIndex.get(key(c.audience, c.ficheId));
      if (at === undefined) throw new Error(`chunk ${c.id}: fiche ${c.ficheId} is missing from the corpus`);
      this.chunkFiche[i] = at;
    });
    this.maxIdf = idf(index, 0);
    this.titleTerms = new Set(corpus.fiches.filter((f) => f.role === 'answer').flatMap((f) => analyze(f.title)));
    const learnt = params.corpusAbbreviations ? learnAbbreviations(corpus.fiches) : undefined;
    this.vocabulary = learnt ? { groups: [...DESK_VOCABULARY.groups, ...learnt.long], typed: learnt.short } : DESK_VOCABULARY;
  }

  static build(corpus: SearchCorpus, params: EngineParams = DEFAULT_ENGINE): SearchEngine {
    return new SearchEngine(corpus, buildBm25(corpus.chunks.length, (i) => chunkFields(corpus.chunks[i]!)), params);
  }

  /** Loads a prebuilt index; refuses one built from other chunks. */
  static load(corpus: SearchCorpus, bytes: Uint8Array, params: EngineParams = DEFAULT_ENGINE): SearchEngine {
    const { index, fingerprint } = deserializeBm25(bytes);
    const expected = corpusFingerprint(corpus.chunks);
    if (fingerprint !== expected) throw new Error(`index built for another corpus (${fingerprint} ≠ ${expected})`);
    return new SearchEngine(corpus, index, params);
  }

  serialize(): Uint8Array {
    return serializeBm25(this.index, corpusFingerprint(this.corpus.chunks));
  }

  /**
   * An embedder's chunk vectors, in chunk order: searches given a query vector of that model use
   * them, joined with or replacing the corpus vectors as `fusion` says (default: the params').
   */
  attachVectors(store: VectorStore, fusion?: EmbedderFusion): void {
    if (store.count !== this.corpus.chunks.length) throw new Error(`vectors: ${store.count} rows for ${this.corpus.chunks.length} chunks`);
    this.vectors = store;
    this.embedderFusion = fusion;
  }

  /**
   * Corpus-learnt vectors (chunks and terms): every search becomes hybrid. They answer the
   * searches that come without a query vector, also after an embedder's vectors were attached.
   */
  attachSemantics(semantics: LatentSemantics): void {
    if (semantics.chunks.count !== this.corpus.chunks.length) throw new Error(`vectors: ${semantics.chunks.count} rows for ${this.corpus.chunks.length} chunks`);
    this.semantics = semantics;
  }

  /** question → terms → chunk ranking (words, vectors, fusion) → fiches → marks → verdict. */
  search(question: string, options: SearchOptions = {}): SearchResult {
    const text = wellFormed(question).trim();
    const vectorsOn = Boolean(options.queryVector && this.vectors);
    if (!text) return emptyResult('empty', vectorsOn);
    const terms = queryTerms(text, this.params.terms, this.vocabulary);
    if (!terms.length && !vectorsOn) return emptyResult('no-terms', false);
    const query = this.prepare(text, terms, options);
    const mode = query.dense.length ? 'hybrid' : 'lexical';
    const { chunkScores, vectorHits } = this.rankChunks(query);
    const situation = this.params.situationFirst ? statedSituation(terms, text) : new Set<string>();
    const fiches = this.groupByFiche(chunkScores, options.passagesPerFiche ?? this.params.passagesPerFiche, situation);
    const top = fiches.slice(0, options.k ?? this.params.fiches);
    if (options.marks) markPassages(top.map((f) => f.hit), terms);
    // Read from the whole ranking, so the verdict does not depend on how many fiches were asked for.
    const signals = this.signals(query, fiches, vectorHits);
    const { verdict, offTopic } = judge(signals, this.params.abstention[mode]);
    return { status: 'ok', terms, hits: top.map((f) => f.hit), confidence: signals.coverage, verdict, signals, offTopic, abstain: verdict === 'off-topic', mode };
  }

  /** Typo fixes, the filter mask and the question's vectors (the embedder's, the corpus-learnt one). */
  private prepare(text: string, terms: QueryTerm[], options: SearchOptions): PreparedQuery {
    this.fixTypos(terms);
    const { semantic, neural } = this.params.fusion;
    const embedder = this.embedderFusion ?? this.params.fusion.embedder;
    const dense: DenseQuery[] = [];
    // An external query vector goes with the embedder's vectors; without one the corpus-learnt
    // vectors serve alone, also after an embedder's vectors were attached.
    const external = options.queryVector && this.vectors ? options.queryVector : undefined;
    const learnt = this.semantics && !(external && embedder === 'replace') ? this.semantics.embed(terms) : undefined;
    if (learnt) dense.push({ vector: learnt, store: this.semantics!.chunks, weight: semantic });
    if (external) dense.push({ vector: external, store: this.vectors!, weight: embedder === 'replace' ? semantic : neural });
    return { text, terms, allowed: this.mask(options), dense };
  }

  /** Chunk → score: BM25F's candidates, fused with the vectors' nearest chunks when the query has vectors. */
  private rankChunks(query: PreparedQuery): { chunkScores: Map<number, number>; vectorHits?: VectorHit[] } {
    const lexical = this.lexicalCandidates(query);
    if (!query.dense.length) return { chunkScores: new Map(lexical.ids.map((id, i) => [id, lexical.scores[i]!])) };
    // BM25 scores start at 0 (a chunk without the words); cosines are scaled over the candidates.
    const lists: ScoredList[] = [{ ...lexical, weight: this.params.fusion.lexical, floor: 0 }];
    const hits = query.dense.map((d) => d.store.topK(d.vector, this.params.candidates, query.allowed));
    hits.forEach((h, i) => lists.push({ ids: h.map((x) => x.index), scores: h.map((x) => x.score), weight: query.dense[i]!.weight }));
    return { chunkScores: scoreFusion(lists), vectorHits: hits[0] };
  }

  /** The best chunks by BM25F, each question term counted once at its highest weight. */
  private lexicalCandidates(query: PreparedQuery): { ids: number[]; scores: number[] } {
    const touched: number[] = [];
    const scores = this.scores;
    const weights = new Map<string, number>();
    for (const t of query.terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
    for (const [term, weight] of weights) {
      const id = this.index.termIds.get(term);
      if (id !== undefined) accumulate(this.index, id, weight, this.params.bm25, scores, touched, query.allowed);
    }
    touched.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const ids = touched.slice(0, this.params.candidates);
    const kept = ids.map((id) => scores[id]!);
    for (const id of touched) scores[id] = 0;
    return { ids, scores: kept };
  }

  /**
   * The fiche's passages for the stated situation first (stable: score order otherwise), when the
   * fiche splits its answer by case: another passage's headings name a case the question did not
   * state. A fiche written for one case (« … d'un mineur ») keeps its score order.
   */
  private situationFirst<T extends { doc: number }>(ranked: T[], situation: Set<string>): T[] {
    if (!situation.size) return ranked;
    const fits = (r: T) => this.sectionTerms(r.doc).some((t) => situation.has(t));
    const otherCase = (r: T) => !fits(r) && this.sectionTerms(r.doc).some((t) => namesOtherCase(t, situation));
    if (!ranked.some(otherCase)) return ranked;
    return [...ranked.filter(fits), ...ranked.filter((r) => !fits(r))];
  }

  /** Analyzed section titles of a chunk (below the fiche title), cached. */
  private sectionTerms(doc: number): string[] {
    let terms = this.sections.get(doc);
    if (!terms) this.sections.set(doc, (terms = analyze(this.corpus.chunks[doc]!.path.slice(1).join(' '))));
    return terms;
  }

  /** Fiches by their best passage plus a little of the second one, best first. */
  private groupByFiche(chunkScores: Map<number, number>, perFiche: number, situation: Set<string>): RankedFiche[] {
    const byFiche = new Map<number, { doc: number; score: number }[]>();
    for (const [doc, score] of chunkScores) {
      const f = this.chunkFiche[doc]!;
      let list = byFiche.get(f);
      if (!list) byFiche.set(f, (list = []));
      list.push({ doc, score });
    }
    const fiches: RankedFiche[] = [];
    for (const [f, ranked] of byFiche) {
      ranked.sort((a, b) => b.score - a.score);
      const score = ranked[0]!.score + this.params.secondPassageWeight * (ranked[1]?.score ?? 0);
      const kept = this.situationFirst(ranked, situation).slice(0, perFiche);
      const passages = kept.map((r) => ({ chunk: this.corpus.chunks[r.doc]!, score: r.score }));
      fiches.push({ hit: { fiche: this.corpus.fiches[f]!, score, passages }, docs: kept.map((r) => r.doc) });
    }
    return fiches.sort((a, b) => b.hit.score - a.hit.score || a.hit.fiche.id.localeCompare(b.hit.fiche.id));
  }

  /** What the verdict reads: how much of the question the corpus knows and the best fiche holds. */
  private signals(query: PreparedQuery, top: readonly RankedFiche[], vectorHits: VectorHit[] | undefined): RetrievalSignals {
    const p = this.params.abstention;
    const best = top[0];
    const own = query.terms.filter((t) => t.kind === 'query');
    const docs = best?.docs ?? [];
    let unknown = 0;
    let rare = 0;
    let inTitles = 0;
    for (const t of own) {
      if (/^\d/.test(t.term)) continue;
      const id = this.index.termIds.get(t.term);
      if (this.titleTerms.has(t.term)) inTitles++;
      if (id !== undefined) {
        if (docFrequency(this.index, id) <= p.rareBelow) rare++;
        continue;
      }
      const expanded = query.terms.some((x) => x.source === t.source && x.kind !== 'query' && this.index.termIds.has(x.term));
      unknown += expanded ? 0.5 : 1;
    }
    const folded = foldAccents(query.text.toLowerCase());
    const bestFiche = best ? this.chunkFiche[best.docs[0]!] : undefined;
    const nearest = vectorHits?.slice(0, p.agreementDepth) ?? [];
    const share = (n: number) => (own.length ? n / own.length : 1);
    return {
      coverage: this.coverage(query.terms, docs),
      unknown: share(unknown),
      rare: share(rare),
      titleWords: own.length ? inTitles / own.length : 0,
      titleMatch: Math.max(0, ...top.slice(0, p.titleDepth).map((f) => this.titleMatch(f.hit.fiche, query.terms))),
      dossierAgreement: dossierAgreement(top),
      offTopicWords: wordOdds(analyze(query.text), p.words.odds, p.words.clip),
      cue: OFF_TOPIC_CUES.some((cue) => this.cueHolds(cue, folded)) ? 1 : 0,
      advice: ADVICE_CUES.some((cue) => cue.test(folded)) ? 1 : 0,
      vectorBest: vectorHits?.[0]?.score ?? 0,
      agreement: nearest.some((h) => this.chunkFiche[h.index] === bestFiche) ? 1 : 0,
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

  /** Share of the fiche title's idf mass among the question's terms (its own, equivalents, typo fixes). */
  private titleMatch(fiche: FicheMeta, terms: readonly QueryTerm[]): number {
    let title = this.titles.get(fiche);
    if (!title) this.titles.set(fiche, (title = [...new Set(analyze(fiche.title))]));
    const said = new Set(terms.map((t) => t.term));
    let total = 0;
    let found = 0;
    for (const term of title) {
      const id = this.index.termIds.get(term);
      const weight = id === undefined ? this.maxIdf : idf(this.index, docFrequency(this.index, id));
      total += weight;
      if (said.has(term)) found += weight;
    }
    return total ? found / total : 0;
  }

  /** A question word the corpus does not know gets its nearest known term, at a lower weight. */
  private fixTypos(terms: QueryTerm[]): void {
    const original = terms.filter((t) => t.kind === 'query');
    for (const t of original) {
      if (this.index.termIds.has(t.term) || /^\d/.test(t.term)) continue;
      const near = nearestTerm(t.term, this.index.terms, (i) => docFrequency(this.index, i), this.params.typos);
      // Kept even when an expansion already brought the term: it ties the fix to its word.
      if (near) terms.push({ term: near.term, weight: this.params.typoWeight, source: t.source, kind: 'typo' });
    }
  }

  /**
   * Share of the question's idf mass present in the given passages: a question word counts as
   * found if it, its typo fix or one of its desk equivalents is there.
   */
  private coverage(terms: QueryTerm[], docs: number[]): number {
    if (!docs.length) return 0;
    let total = 0;
    let found = 0;
    for (const t of terms) {
      if (t.kind !== 'query') continue;
      const id = this.index.termIds.get(t.term);
      const weight = id === undefined ? this.maxIdf : idf(this.index, docFrequency(this.index, id));
      total += weight;
      const present = (x: QueryTerm) => docs.some((d) => this.contains(x.term, d));
      const alternatives = terms.filter((x) => x.source === t.source);
      if (alternatives.some((x) => x.kind !== 'typo' && present(x))) found += weight;
      else if (alternatives.some((x) => x.kind === 'typo' && present(x))) found += weight * this.params.typoConfidence;
    }
    return total ? found / total : 0;
  }

  private contains(term: string, doc: number): boolean {
    const id = this.index.termIds.get(term);
    if (id === undefined) return false;
    const { docs, offsets } = this.index;
    let lo = offsets[id]!;
    let hi = offsets[id + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = docs[mid]!;
      if (v === doc) return true;
      if (v < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private mask(options: SearchOptions): Uint8Array | undefined {
    if (!options.audiences?.length && !options.theme) return undefined;
    const key = `${[...(options.audiences ?? [])].sort().join(',')}|${options.theme ?? ''}`;
    if (!this.masks.has(key)) {
      const mask = new Uint8Array(this.corpus.chunks.length);
      this.corpus.chunks.forEach((_, i) => {
        const fiche = this.corpus.fiches[this.chunkFiche[i]!]!;
        const audienceOk = !options.audiences?.length || options.audiences.includes(fiche.audience);
        const themeOk = !options.theme || fiche.theme === options.theme;
        mask[i] = audienceOk && themeOk ? 1 : 0;
      });
      this.masks.set(key, mask);
    }
    return this.masks.get(key);
  }
}

/** Share of the four fiches after the best one filed in its dossier (a fiche at the top level is its own). */
function dossierAgreement(top: readonly RankedFiche[]): number {
  const dossier = (f: FicheMeta) => f.breadcrumb?.[2]?.id ?? f.id;
  const next = top.slice(1, 5);
  if (!top[0] || !next.length) return 0;
  const d = dossier(top[0].hit.fiche);
  return next.filter((f) => dossier(f.hit.fiche) === d).length / next.length;
}

function emptyResult(status: Exclude<SearchStatus, 'ok'>, vectorsOn: boolean): SearchResult {
  return { status, terms: [], hits: [], confidence: 0, verdict: 'answer', offTopic: 0, abstain: false, mode: vectorsOn ? 'hybrid' : 'lexical' };
}

/** Where the question's terms occur in each passage, for highlighting. */
function markPassages(hits: readonly FicheHit[], terms: readonly QueryTerm[]): void {
  const wanted = new Set(terms.map((t) => t.term));
  for (const hit of hits) {
    for (const p of hit.passages) {
      p.marks = analyzeWithOffsets(p.chunk.text).filter((w) => wanted.has(w.term)).map((w) => [w.start, w.end]);
    }
  }
}

/** Lone surrogates (a broken paste) become U+FFFD instead of poisoning the analyzer. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
