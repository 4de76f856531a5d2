import type { Chunk } from '../corpus/chunk';
import type { FicheMeta } from '../corpus/corpusData';
import type { Audience } from '../corpus/model';
import { accumulate, buildBm25, DEFAULT_BM25, deserializeBm25, serializeBm25, termScore, type Bm25Index, type Bm25Params } from './index/bm25';
import { analyze, analyzeWithOffsets } from './analysis/frenchAnalyzer';
import { Fnv1a } from './index/binaryFormat';
import { scoreFusion, type ScoredList } from './ranking/fusion';
import type { LatentSemantics } from './index/latentSemantics';
import { DEFAULT_TYPOS, nearestTerm, type TypoParams } from './analysis/fuzzy';
import { docFrequency } from './index/bm25';
import { judge, type AbstentionParams, type RetrievalSignals, type Verdict } from './abstention/abstention';
import { DEFAULT_ABSTENTION } from './abstention/abstentionModel';
import { SignalReader } from './abstention/signals';
import { AudienceWords } from './ranking/audienceWords';
import { DEFAULT_QUERY_TERMS, DESK_VOCABULARY, queryTerms, vectorTerms, type QueryTerm, type QueryTermParams, type Vocabulary } from './analysis/queryTerms';
import { learnAbbreviations } from './analysis/abbreviations';
import { normalize, type VectorStore } from './index/vectorStore';
import { CorpusTerms } from './ranking/corpusTerms';
import { CASE_PICKER, phraseForm, optionContent, optionFeatures, planCases, planFit, statedAge, statedQuantities, type CaseModel, type CasePick, type StatedFacts } from './ranking/casePlan';
import { FICHE_FEATURES, RANKER, rankScore, type FicheFeature, type RankerModel } from './ranking/ficheRanker';
import { PASSAGE_RANKER, passageScore, type PassageFeature, type PassageModel } from './ranking/passageRanker';
import { answerAssociation, passageKeys } from './ranking/answerKinds';
import { AppError } from '../errors/appFailure';
import { ENGINE_SEARCH } from '../settings/tunables';

export type { Verdict } from './abstention/abstention';
export type { CasePick } from './ranking/casePlan';

export interface SearchOptions {
  /** Fiches to return. */
  k?: number;
  /** Also return, for each passage, where the question's terms occur (for highlighting). */
  marks?: boolean;
  passagesPerFiche?: number;
  /**
   * The audience the agent selected: its fiches are the hits. The other audiences are searched
   * too; one that answers clearly better is suggested (`suggestedAudience`). Absent: all audiences
   * are the hits.
   */
  audiences?: readonly Audience[];
  /** Keep fiches of this theme (FicheMeta.theme) only. */
  theme?: string;
  /**
   * The question's embedding from an external embedder. Without it, attached corpus semantics
   * embed the question themselves; either way a vector switches on hybrid ranking.
   */
  queryVector?: Float32Array;
  /** Return each candidate fiche's ranking features (for training the ranker). */
  explain?: boolean;
}

export interface Passage {
  chunk: Chunk;
  score: number;
  /** With `explain`: what the passage ranker read, and whether the passage fits the question's cases. */
  features?: Record<PassageFeature, number>;
  fits?: boolean;
  /** [start, end) offsets in chunk.text (NFC) of words matching the question's terms. */
  marks?: [number, number][];
}

export interface FicheHit {
  fiche: FicheMeta;
  score: number;
  passages: Passage[];
  /**
   * The case picked in each of the fiche's choices (`fiche.choices`): the one the question
   * states, else the general one. The first passage comes from these cases.
   */
  cases?: CasePick[];
}

/** 'empty': nothing typed; 'no-terms': only stop words. The UI words them (src/rag/messages.ts). */
export type SearchStatus = 'ok' | 'empty' | 'no-terms';

/** A candidate fiche's ranking features, and whether it is among the answers (training). */
export interface ExplainedCandidate {
  fiche: FicheMeta;
  features: Record<FicheFeature, number>;
  score: number;
}

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
  /** Another audience whose fiches answer the question clearly better than the selected one's; null when none. */
  suggestedAudience: Audience | null;
  /** The best fiches of the other audiences that rank above the selected audience's first (marked with their audience). */
  otherHits: FicheHit[];
  /** With `explain`: every candidate fiche, ranked. */
  candidates?: ExplainedCandidate[];
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
  /** Chunks taken from each ranking (words, vectors) before fusion and grouping by fiche, for the selected audience. */
  candidates: number;
  /** The same, for the other audiences together (what may be suggested). */
  otherCandidates: number;
  /** How signals become a verdict (src/search/abstention/abstention.ts; fitted by scripts/calibrate-abstention.ts). */
  abstention: AbstentionParams;
  /** Weight of a fiche's second-best passage in its passage score (evidence spread over the fiche). */
  secondPassageWeight: number;
  /** The fiche ranker's model (learnt; src/search/ranking/rankerModel.json). */
  ranker: RankerModel;
  /** Which passage of a fiche comes first (learnt; src/search/ranking/passageModel.json). */
  passages: PassageModel;
  /** Which case of a fiche is shown (learnt; src/search/ranking/caseModel.json). */
  cases: CaseModel;
  /** Expand the abbreviations the fiches spell out (src/search/analysis/abbreviations.ts) next to the desk vocabulary. */
  corpusAbbreviations: boolean;
  /**
   * Weights of the rankings fused (src/search/ranking/fusion.ts): words, the corpus-learnt
   * vectors, an embedder's vectors. `embedder: 'join'` adds the embedder's ranking to the other
   * two; 'replace' lets it take the corpus vectors' place (the bundle's manifest may say which its
   * measurement chose, see scripts/corpus-embed.ts).
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
  otherCandidates: 200,
  abstention: DEFAULT_ABSTENTION,
  secondPassageWeight: 0.1,
  ranker: RANKER,
  passages: PASSAGE_RANKER,
  cases: CASE_PICKER,
  corpusAbbreviations: true,
  // Vectors as a minority voice: they rescue passages worded differently from the question
  // without displacing a clear lexical lead. Joining keeps the corpus vectors' vote: an embedder
  // that suits the fiches badly cannot erase it (measured in tests/unit/fusionChoice.test.ts).
  fusion: { lexical: 1, semantic: 0.35, neural: 0.35, embedder: 'join' },
  fiches: ENGINE_SEARCH.fiches,
  passagesPerFiche: ENGINE_SEARCH.passagesPerFiche,
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
  /** Chunks the theme filter lets through (undefined: all). */
  allowed?: Uint8Array;
  /** Chunks of the selected audiences (undefined: every audience is selected). */
  selected?: Uint8Array;
  /** The selected audiences (undefined: all). */
  audiences?: readonly Audience[];
  dense: DenseQuery[];
  facts: StatedFacts;
}

/** Per-chunk scores of one search: the fused ones of the candidates, BM25 of every chunk touched. */
interface ChunkScores {
  fused: Map<number, number>;
  /** BM25F per chunk (0 where no question term occurs); valid until the search ends. */
  lexical: Float32Array;
  /** Best cosine per candidate chunk from the first vector ranking. */
  vector: Map<number, number>;
  /** The question's corpus vector (normalised), to compare any passage with it. */
  dense?: { vector: Float32Array; store: VectorStore };
}

/** A candidate fiche while it is being ranked. */
interface Candidate {
  fiche: number;
  /** Its candidate passages, best fused score first. */
  ranked: { doc: number; score: number }[];
  passageScore: number;
  features?: Record<FicheFeature, number>;
  score: number;
}

export interface SearchCorpus {
  fiches: readonly FicheMeta[];
  chunks: readonly Chunk[];
  /** corpusFingerprint(chunks), given when the chunks' texts are loaded later (src/corpus/chunkTexts.ts). */
  fingerprint?: string;
  /**
   * Each chunk's answer-kind marks (textKinds of its text), given with the fingerprint: passage
   * ranking reads them before the texts have arrived.
   */
  textKinds?: readonly (readonly string[])[];
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

const GUIDE_TYPES = /comment faire si|liens externes/i;

/** BM25 over whole fiches: the usual constants. */
const FICHE_BM25 = { k1: 1.2, b: 0.75 };

/** Within a fiche the title field says nothing (every passage has it): headings and text only. */
const PASSAGE_WORDS: Bm25Params = { ...DEFAULT_BM25, weights: [0, 1, 1] };

export class SearchEngine {
  private readonly lexicalScores: Float32Array;
  private readonly touched: number[] = [];
  private readonly chunkFiche: Uint32Array;
  /** Chunks of fiche f are firstChunk[f] .. firstChunk[f + 1] - 1 (a fiche's chunks are contiguous). */
  private readonly firstChunk: Int32Array;
  private readonly masks = new Map<string, Uint8Array | undefined>();
  /** An embedding model's chunk vectors (attachEmbeddings). */
  private embeddings?: VectorStore;
  private embedderFusion?: EmbedderFusion;
  private semantics?: LatentSemantics;
  private readonly terms: CorpusTerms;
  private readonly signalReader: SignalReader;
  /** The desk vocabulary plus the corpus's abbreviations, analysed, and the learnt translations. */
  private vocabulary: Vocabulary;
  private readonly aliasTerms = new Map<number, string[][]>();
  private readonly headings = new Map<number, string[]>();
  private readonly keys = new Map<number, string[]>();
  /** Words in each fiche (title twice, headings and text of its passages), and their mean. */
  private readonly ficheLength: Float32Array;
  private readonly avgFicheLength: number;

  private constructor(
    readonly corpus: SearchCorpus,
    readonly index: Bm25Index,
    readonly params: EngineParams,
  ) {
    this.lexicalScores = new Float32Array(index.docCount);
    // Some ids exist in two audiences (F2918 is a particuliers and a professionnels fiche): a
    // chunk belongs to the fiche of its own audience.
    const key = (audience: string, id: string) => `${audience}/${id}`;
    const ficheIndex = new Map(corpus.fiches.map((f, i) => [key(f.audience, f.id), i]));
    this.chunkFiche = new Uint32Array(corpus.chunks.length);
    this.firstChunk = new Int32Array(corpus.fiches.length + 1).fill(-1);
    corpus.chunks.forEach((c, i) => {
      const at = ficheIndex.get(key(c.audience, c.ficheId));
      if (at === undefined) throw new AppError('corpus', 'index-mismatch', undefined, `chunk ${c.id}: fiche ${c.ficheId} is missing from the corpus`);
      this.chunkFiche[i] = at;
      if (this.firstChunk[at] === -1) this.firstChunk[at] = i;
    });
    this.terms = new CorpusTerms(index);
    this.ficheLength = new Float32Array(corpus.fiches.length);
    for (let d = 0; d < corpus.chunks.length; d++) {
      const f = this.chunkFiche[d]!;
      this.ficheLength[f]! += index.lengths[d * 3 + 1]! + index.lengths[d * 3 + 2]! + (this.firstChunk[f] === d ? 2 * index.lengths[d * 3]! : 0);
    }
    const withText = this.ficheLength.filter((n) => n > 0);
    this.avgFicheLength = withText.reduce((a, b) => a + b, 0) / (withText.length || 1);
    const titleTerms = new Set(corpus.fiches.filter((f) => f.role === 'answer').flatMap((f) => analyze(f.title)));
    this.signalReader = new SignalReader(this.terms, titleTerms, params.abstention, params.typoConfidence);
    const learnt = params.corpusAbbreviations ? learnAbbreviations(corpus.fiches) : undefined;
    this.vocabulary = learnt ? { ...DESK_VOCABULARY, groups: [...DESK_VOCABULARY.groups, ...learnt.long], typed: learnt.short } : DESK_VOCABULARY;
  }

  private audienceWordsCache?: AudienceWords;
  /** Counted on the first search that compares audiences (a pass over the index). */
  private get audienceWords(): AudienceWords {
    this.audienceWordsCache ??= new AudienceWords(this.index, (doc) => this.corpus.chunks[doc]!.audience);
    return this.audienceWordsCache;
  }

  /** Searches with another translation table (learn:translations measures tables this way). */
  useTranslations(translations: Vocabulary['translations']): void {
    this.vocabulary = { ...this.vocabulary, translations };
  }

  static build(corpus: SearchCorpus, params: EngineParams = DEFAULT_ENGINE): SearchEngine {
    return new SearchEngine(corpus, buildBm25(corpus.chunks.length, (i) => chunkFields(corpus.chunks[i]!)), params);
  }

  /** Loads a prebuilt index; refuses one built from other chunks. */
  static load(corpus: SearchCorpus, bytes: Uint8Array, params: EngineParams = DEFAULT_ENGINE): SearchEngine {
    const { index, fingerprint } = deserializeBm25(bytes);
    const expected = corpus.fingerprint ?? corpusFingerprint(corpus.chunks);
    if (fingerprint !== expected) throw new AppError('corpus', 'index-mismatch', undefined, `index built for another corpus (${fingerprint} ≠ ${expected})`);
    return new SearchEngine(corpus, index, params);
  }

  serialize(): Uint8Array {
    return serializeBm25(this.index, this.corpus.fingerprint ?? corpusFingerprint(this.corpus.chunks));
  }

  /**
   * An embedder's chunk vectors, in chunk order: searches given a query vector of that model use
   * them, joined with or replacing the corpus vectors as `fusion` says (default: the params').
   */
  attachEmbeddings(store: VectorStore, fusion?: EmbedderFusion): void {
    if (store.count !== this.corpus.chunks.length) throw new AppError('corpus', 'index-mismatch', undefined, `vectors: ${store.count} rows for ${this.corpus.chunks.length} chunks`);
    this.embeddings = store;
    this.embedderFusion = fusion;
  }

  /**
   * Corpus-learnt vectors (chunks and terms): every search becomes hybrid. They answer the
   * searches that come without a query vector, also after an embedder's vectors were attached.
   */
  attachSemantics(semantics: LatentSemantics): void {
    if (semantics.chunks.count !== this.corpus.chunks.length) throw new AppError('corpus', 'index-mismatch', undefined, `vectors: ${semantics.chunks.count} rows for ${this.corpus.chunks.length} chunks`);
    this.semantics = semantics;
  }

  /**
   * question → terms → chunk ranking (words, vectors, fusion) → candidate fiches → the learnt
   * ranker → each fiche's passages for the question's cases → marks → verdict and audience.
   */
  search(question: string, options: SearchOptions = {}): SearchResult {
    const text = wellFormed(question).trim();
    const vectorsOn = Boolean(options.queryVector && this.embeddings);
    if (!text) return emptyResult('empty', vectorsOn);
    const terms = queryTerms(text, this.params.terms, this.vocabulary);
    if (!terms.length && !vectorsOn) return emptyResult('no-terms', false);
    const query = this.prepare(text, terms, options);
    const mode = query.dense.length ? 'hybrid' : 'lexical';
    try {
      const scores = this.rankChunks(query);
      const ranked = this.rankFiches(query, scores);
      const isSelected = (c: Candidate) => this.inSelected(query, c.fiche);
      const selected = ranked.filter(isSelected);
      const others = ranked.filter((c) => !isSelected(c));
      const k = options.k ?? this.params.fiches;
      const perFiche = options.passagesPerFiche ?? this.params.passagesPerFiche;
      const hits = selected.slice(0, k).map((c) => this.hitOf(c, query, scores, perFiche, undefined, options.explain));
      const lead = selected[0];
      const above = lead ? others.filter((c) => c.score > lead.score) : others;
      const otherHits = above.slice(0, 3).map((c) => this.hitOf(c, query, scores, perFiche));
      // Only away from the desk's default: an agent who picked professionnels or associations did so
      // on purpose, while particuliers is often left as it was when the citizen sat down.
      const best = others[0];
      const fromDefault = options.audiences?.length === 1 && options.audiences[0] === 'particuliers';
      const clearlyBetter = best && (!lead || best.score - lead.score > this.params.ranker.switchMargin);
      const suggestedAudience = fromDefault && clearlyBetter ? this.corpus.fiches[best.fiche]!.audience : null;
      if (options.marks) markPassages([...hits, ...otherHits], terms);
      // Read from the whole ranking, so the verdict does not depend on how many fiches were asked for.
      const signals = this.signalReader.read(text, terms, selected.map((c) => ({ fiche: this.corpus.fiches[c.fiche]!, docs: c.ranked.map((r) => r.doc) })));
      const { verdict, offTopic } = judge(signals, this.params.abstention[mode]);
      const result: SearchResult = {
        status: 'ok', terms, hits, confidence: signals.coverage, verdict, signals, offTopic, abstain: verdict === 'off-topic', mode,
        suggestedAudience, otherHits,
      };
      if (options.explain) result.candidates = ranked.filter((c) => c.features).map((c) => ({ fiche: this.corpus.fiches[c.fiche]!, features: c.features!, score: c.score }));
      return result;
    } finally {
      for (const doc of this.touched) this.lexicalScores[doc] = 0;
      this.touched.length = 0;
    }
  }

  /**
   * One fiche's passages for the question, with the cases given (the agent picked another case on
   * screen; absent: the question's own), in the order a search would give them under those cases.
   */
  passagesFor(question: string, fiche: Pick<FicheMeta, 'id' | 'audience'>, cases?: readonly CasePick[], count = this.params.passagesPerFiche, explain = false): Passage[] {
    return this.onFiche(question, fiche, [], (candidate, query, scores) => {
      const passages = this.hitOf(candidate, query, scores, Infinity, cases, explain).passages;
      // The agent just picked a case: a passage written for that case comes first, or the click
      // would change nothing on screen (the chooser shows the cases of the first passage).
      const picked = (cases ?? []).filter((c) => c.byAgent);
      // The more of the picks a passage is written for, the sooner (« En France › En Guyane »
      // before the « En France » introduction); the ranker's order otherwise.
      const matched = (p: Passage) => (p.chunk.cases ?? []).filter(([choice, option]) => picked.some((c) => c.choice === choice && c.option === option)).length;
      const ordered = picked.length ? passages.map((p, i) => ({ p, i, m: matched(p) })).sort((a, b) => b.m - a.m || a.i - b.i).map((x) => x.p) : passages;
      return ordered.slice(0, count);
    });
  }

  /** Each choice's option features for the question, CASE_FEATURES order (what `npm run train:ranker` fits the case picker on). */
  caseFeatures(question: string, fiche: Pick<FicheMeta, 'id' | 'audience'>): number[][][] {
    return this.onFiche(question, fiche, [], (candidate, query, scores) => {
      const meta = this.corpus.fiches[candidate.fiche]!;
      const docs = this.chunksOf(candidate.fiche);
      const content = optionContent(docs.map((d) => this.corpus.chunks[d]!), this.contentFeatures(candidate, docs, query, scores));
      const titleTerms = this.terms.titleTerms(meta);
      return (meta.choices ?? []).map((choice, i) => optionFeatures(choice, i, query.facts, titleTerms, (t) => this.terms.weight(t), content));
    });
  }

  /** Runs `fn` on one fiche as the question's candidate, its scores cleared afterwards; `empty` when the fiche or question has none. */
  private onFiche<T>(question: string, fiche: Pick<FicheMeta, 'id' | 'audience'>, empty: T, fn: (candidate: Candidate, query: PreparedQuery, scores: ChunkScores) => T): T {
    const f = this.corpus.fiches.findIndex((x) => x.id === fiche.id && x.audience === fiche.audience);
    const text = wellFormed(question).trim();
    if (f < 0 || this.firstChunk[f] === -1 || !text) return empty;
    const terms = queryTerms(text, this.params.terms, this.vocabulary);
    const query = this.prepare(text, terms, { audiences: [fiche.audience] });
    try {
      const scores = this.rankChunks(query);
      const ranked = this.chunksOf(f).filter((d) => scores.fused.has(d)).map((doc) => ({ doc, score: scores.fused.get(doc)! }));
      ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return fn({ fiche: f, ranked, passageScore: ranked[0]?.score ?? 0, score: 0 }, query, scores);
    } finally {
      for (const doc of this.touched) this.lexicalScores[doc] = 0;
      this.touched.length = 0;
    }
  }

  /** Typo fixes, the filter masks, the question's vectors and the facts that pick cases. */
  private prepare(text: string, terms: QueryTerm[], options: SearchOptions): PreparedQuery {
    this.fixTypos(terms);
    const { semantic, neural } = this.params.fusion;
    const embedder = this.embedderFusion ?? this.params.fusion.embedder;
    const dense: DenseQuery[] = [];
    // An external query vector goes with the embedder's vectors; without one the corpus-learnt
    // vectors serve alone, also after an embedder's vectors were attached.
    const external = options.queryVector && this.embeddings ? options.queryVector : undefined;
    const learnt = this.semantics && !(external && embedder === 'replace') ? this.semantics.embed(vectorTerms(terms)) : undefined;
    if (learnt) dense.push({ vector: learnt, store: this.semantics!.chunks, weight: semantic });
    if (external) dense.push({ vector: external, store: this.embeddings!, weight: embedder === 'replace' ? semantic : neural });
    const allowed = this.mask(undefined, options.theme);
    const selected = options.audiences?.length ? this.mask(options.audiences, options.theme) : undefined;
    // A case is stated in the question's words or their desk equivalents; a learnt translation
    // (« habite » → « France ») speaks of the subject, never of the citizen's case.
    const stated = terms.filter((t) => t.kind !== 'translation').map((t) => t.term);
    const facts: StatedFacts = { terms: new Set(stated), phrase: phraseForm(text), age: statedAge(text), quantities: statedQuantities(text) };
    return { text, terms, allowed, selected, audiences: options.audiences?.length ? options.audiences : undefined, dense, facts };
  }

  /** BM25F of every chunk holding a question term, each term counted once at its highest weight. */
  private accumulateLexical(terms: readonly QueryTerm[], allowed: Uint8Array | undefined): void {
    const weights = new Map<string, number>();
    for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
    for (const [term, weight] of weights) {
      const id = this.index.termIds.get(term);
      if (id !== undefined) accumulate(this.index, id, weight, this.params.bm25, this.lexicalScores, this.touched, allowed);
    }
  }

  /**
   * Chunk → score: BM25F's candidates fused with the vectors' nearest chunks, the selected
   * audience's candidates and the other audiences' taken apart so neither crowds the other out,
   * fused in one scale so their fiches compare.
   */
  private rankChunks(query: PreparedQuery): ChunkScores {
    this.accumulateLexical(query.terms, query.allowed);
    const scores = this.lexicalScores;
    const { selected } = query;
    const inSelected = (doc: number) => !selected || selected[doc] === 1;
    const byScore = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
    const mine = this.touched.filter(inSelected).sort(byScore).slice(0, this.params.candidates);
    const theirs = selected ? this.touched.filter((d) => !inSelected(d)).sort(byScore).slice(0, this.params.otherCandidates) : [];
    const lexicalIds = [...mine, ...theirs].sort(byScore);
    const lists: ScoredList[] = [{ ids: lexicalIds, scores: lexicalIds.map((d) => scores[d]!), weight: this.params.fusion.lexical, floor: 0 }];
    const vector = new Map<number, number>();
    query.dense.forEach((d, i) => {
      const hits = d.store.topK(d.vector, this.params.candidates, selected ?? query.allowed);
      if (selected) hits.push(...d.store.topK(d.vector, this.params.otherCandidates, this.otherMask(selected, query.allowed)));
      hits.sort((a, b) => b.score - a.score || a.index - b.index);
      if (i === 0) for (const h of hits) vector.set(h.index, h.score);
      lists.push({ ids: hits.map((x) => x.index), scores: hits.map((x) => x.score), weight: d.weight });
    });
    const first = query.dense[0];
    const dense = first ? { vector: normalize(new Float32Array(first.vector)), store: first.store } : undefined;
    return { fused: scoreFusion(lists), lexical: scores, vector, dense };
  }

  /** Candidate fiches by their passages' fused scores, then ordered by the learnt ranker. */
  private rankFiches(query: PreparedQuery, scores: ChunkScores): Candidate[] {
    const byFiche = new Map<number, { doc: number; score: number }[]>();
    for (const [doc, score] of scores.fused) {
      const f = this.chunkFiche[doc]!;
      let list = byFiche.get(f);
      if (!list) byFiche.set(f, (list = []));
      list.push({ doc, score });
    }
    // Fiches whose text as a whole says the question best join the candidates even when no single
    // passage of theirs made it (the words spread over several passages).
    const whole = this.ficheWordScores(query);
    const best = [...whole].sort((a, b) => b[1] - a[1]).slice(0, this.params.ranker.candidates / 2);
    let top = 0;
    for (const v of scores.fused.values()) top = Math.max(top, v);
    let maxLexical = 1e-9;
    for (const d of this.touched) maxLexical = Math.max(maxLexical, scores.lexical[d]!);
    for (const [fiche] of best) {
      if (byFiche.has(fiche)) continue;
      const docs = this.chunksOf(fiche).filter((d) => scores.lexical[d]! > 0);
      if (!docs.length) continue;
      byFiche.set(fiche, docs.map((doc) => ({ doc, score: (0.5 * top * scores.lexical[doc]!) / maxLexical })));
    }
    const all: Candidate[] = [];
    for (const [fiche, ranked] of byFiche) {
      ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
      const passageScore = ranked[0]!.score + this.params.secondPassageWeight * (ranked[1]?.score ?? 0);
      all.push({ fiche, ranked, passageScore, score: passageScore });
    }
    all.sort((a, b) => b.passageScore - a.passageScore || this.corpus.fiches[a.fiche]!.id.localeCompare(this.corpus.fiches[b.fiche]!.id));
    const isSelected = (c: Candidate) => this.inSelected(query, c.fiche);
    // The ranker orders the best candidates of each side; the rest keep their passage order below them.
    const m = this.params.ranker.candidates;
    const mine = all.filter(isSelected);
    const theirs = all.filter((c) => !isSelected(c));
    const head = [...mine.slice(0, m), ...theirs.slice(0, m)];
    this.featuresOf(head, query, scores, whole);
    for (const c of head) c.score = rankScore(c.features!, this.params.ranker);
    head.sort((a, b) => b.score - a.score || b.passageScore - a.passageScore);
    const tail = [...mine.slice(m), ...theirs.slice(m)];
    const floor = Math.min(0, ...head.map((c) => c.score));
    for (const c of tail) c.score = floor - 1 + c.passageScore / (1 + c.passageScore);
    return [...head, ...tail];
  }

  /** Whether a fiche is of the audiences the agent selected (all when none is). */
  private inSelected(query: PreparedQuery, fiche: number): boolean {
    return !query.selected || query.selected[this.firstChunk[fiche]!] === 1;
  }

  /** The ranker's features of each candidate (see FICHE_FEATURES). */
  private featuresOf(candidates: Candidate[], query: PreparedQuery, scores: ChunkScores, whole: ReadonlyMap<number, number>): void {
    const own = query.terms.filter((t) => t.kind === 'query');
    const ownMass = own.reduce((s, t) => s + this.terms.weight(t.term), 0) || 1;
    const maxPassage = Math.max(1e-9, ...candidates.map((c) => c.passageScore));
    const bestLexical = (c: Candidate) => Math.max(0, ...c.ranked.map((r) => scores.lexical[r.doc]!));
    const bestVector = (c: Candidate) => Math.max(0, ...c.ranked.map((r) => scores.vector.get(r.doc) ?? 0));
    const maxLexical = Math.max(1e-9, ...candidates.map(bestLexical));
    const maxVector = Math.max(1e-9, ...candidates.map(bestVector));
    const maxWhole = Math.max(1e-9, ...candidates.map((c) => whole.get(c.fiche) ?? 0));
    const present = this.fichesHolding(own, candidates);
    const dossier = (f: FicheMeta) => f.breadcrumb?.[2]?.id ?? f.id;
    const dossiers = candidates.slice(0, 10).map((c) => dossier(this.corpus.fiches[c.fiche]!));
    const byPassage = [...candidates].sort((a, b) => b.passageScore - a.passageScore);
    const passageRank = new Map(byPassage.map((c, i) => [c, i + 1]));
    // How much more the question's words are each other audience's than the selected one's.
    const audienceOdds = query.audiences ? this.audienceWords.against(own.map((t) => t.term), query.audiences) : undefined;
    for (const c of candidates) {
      const fiche = this.corpus.fiches[c.fiche]!;
      const isSelected = this.inSelected(query, c.fiche);
      const titleTerms = this.terms.titleTerms(fiche);
      const titleCover = own.reduce((s, t) => s + (query.terms.some((x) => x.source === t.source && titleTerms.has(x.term)) ? this.terms.weight(t.term) : 0), 0) / ownMass;
      const held = present.get(c.fiche);
      const ficheCover = own.reduce((s, t) => s + (held?.has(t.source) ? this.terms.weight(t.term) : 0), 0) / ownMass;
      const d = dossier(fiche);
      c.features = {
        passage: c.passageScore / maxPassage,
        lexical: bestLexical(c) / maxLexical,
        ficheWords: (whole.get(c.fiche) ?? 0) / maxWhole,
        vector: bestVector(c) / maxVector,
        titleMatch: this.terms.titleMatch(fiche, query.terms),
        titleCover,
        aliasMatch: this.aliasMatch(c.fiche, query.terms),
        ficheCover,
        questionFiche: (fiche.type ?? '').startsWith('Fiche Question-réponse') ? 1 : 0,
        guide: GUIDE_TYPES.test(fiche.type ?? '') ? 1 : 0,
        pointedAt: Math.log1p(fiche.aliases?.length ?? 0) / Math.log1p(40),
        dossier: dossiers.filter((x) => x === d).length / Math.max(1, dossiers.length),
        selected: isSelected ? 1 : 0,
        audience: isSelected || !audienceOdds ? 0 : audienceOdds(fiche.audience),
        passageRank: 1 / passageRank.get(c)!,
      };
    }
  }

  /**
   * BM25 of each fiche as one text (its passages' words summed, its title counted twice): how
   * well the whole fiche says the question, as a plain search engine over fiches would see it.
   */
  private ficheWordScores(query: PreparedQuery): Map<number, number> {
    const weights = new Map<string, number>();
    for (const t of query.terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
    const { docs, offsets, freqs } = this.index;
    const out = new Map<number, number>();
    const tf = new Map<number, number>();
    const fiches = this.corpus.fiches.length;
    for (const [term, weight] of weights) {
      const id = this.index.termIds.get(term);
      if (id === undefined) continue;
      tf.clear();
      for (let p = offsets[id]!; p < offsets[id + 1]!; p++) {
        const doc = docs[p]!;
        if (query.allowed && !query.allowed[doc]) continue;
        const f = this.chunkFiche[doc]!;
        const first = this.firstChunk[f] === doc;
        tf.set(f, (tf.get(f) ?? 0) + freqs[p * 3 + 1]! + freqs[p * 3 + 2]! + (first ? 2 * freqs[p * 3]! : 0));
      }
      const w = weight * Math.log(1 + (fiches - tf.size + 0.5) / (tf.size + 0.5));
      for (const [f, n] of tf) {
        const norm = 1 - FICHE_BM25.b + (FICHE_BM25.b * this.ficheLength[f]!) / this.avgFicheLength;
        out.set(f, (out.get(f) ?? 0) + (w * n * (FICHE_BM25.k1 + 1)) / (n + FICHE_BM25.k1 * norm));
      }
    }
    return out;
  }

  /** For each candidate fiche, which question terms (by source) one of its passages holds. */
  private fichesHolding(own: readonly QueryTerm[], candidates: readonly Candidate[]): Map<number, Set<number>> {
    const wanted = new Set(candidates.map((c) => c.fiche));
    const out = new Map<number, Set<number>>();
    const { docs, offsets } = this.index;
    for (const t of own) {
      for (const x of this.sameSource(t)) {
        const id = this.index.termIds.get(x.term);
        if (id === undefined) continue;
        for (let p = offsets[id]!; p < offsets[id + 1]!; p++) {
          const f = this.chunkFiche[docs[p]!]!;
          if (!wanted.has(f)) continue;
          let set = out.get(f);
          if (!set) out.set(f, (set = new Set()));
          set.add(t.source);
        }
      }
    }
    return out;
  }

  private sameSourceCache = new WeakMap<QueryTerm, QueryTerm[]>();
  private sameSource(t: QueryTerm): QueryTerm[] {
    return this.sameSourceCache.get(t) ?? [t];
  }

  /** Best share of one of the fiche's aliases (its idf mass) that the question says. */
  private aliasMatch(fiche: number, terms: readonly QueryTerm[]): number {
    let aliases = this.aliasTerms.get(fiche);
    if (!aliases) this.aliasTerms.set(fiche, (aliases = (this.corpus.fiches[fiche]!.aliases ?? []).map((a) => [...new Set(analyze(a))]).filter((a) => a.length)));
    if (!aliases.length) return 0;
    const said = new Set(terms.map((t) => t.term));
    let best = 0;
    for (const alias of aliases) {
      let total = 0;
      let found = 0;
      for (const term of alias) {
        const w = this.terms.weight(term);
        total += w;
        if (said.has(term)) found += w;
      }
      if (total) best = Math.max(best, found / total);
    }
    return best;
  }

  /** A fiche's hit: its passages for the question's cases (or the cases given), best first. */
  private hitOf(c: Candidate, query: PreparedQuery, scores: ChunkScores, perFiche: number, given?: readonly CasePick[], explain = false): FicheHit {
    const fiche = this.corpus.fiches[c.fiche]!;
    const docs = this.chunksOf(c.fiche);
    const content = this.contentFeatures(c, docs, query, scores);
    const cases = given ? [...given] : fiche.choices?.length ? planCases(fiche.choices, query.facts, this.terms.titleTerms(fiche), (t) => this.terms.weight(t), optionContent(docs.map((d) => this.corpus.chunks[d]!), content), this.params.cases) : undefined;
    const keyed = docs.map((doc, i) => {
      const chunk = this.corpus.chunks[doc]!;
      const fit = cases ? planFit(chunk, cases) : 1;
      const features: Record<PassageFeature, number> = { ...content[i]!, stated: fit === 2 ? 1 : 0, general: fit === 1 && chunk.cases?.length ? 1 : 0 };
      return { doc, features, score: passageScore(features, this.params.passages), fits: fit > 0 };
    });
    keyed.sort((a, b) => Number(b.fits) - Number(a.fits) || b.score - a.score || a.doc - b.doc);
    const passages = keyed.slice(0, perFiche).map((r) => ({ chunk: this.corpus.chunks[r.doc]!, score: r.score, ...(explain ? { features: r.features, fits: r.fits } : {}) }));
    return { fiche, score: c.score, passages, ...(cases ? { cases } : {}) };
  }

  /** The passage ranker's features of each passage of a fiche that do not depend on its cases (see PASSAGE_FEATURES). */
  private contentFeatures(c: Candidate, docs: readonly number[], query: PreparedQuery, scores: ChunkScores): Omit<Record<PassageFeature, number>, 'stated' | 'general'>[] {
    const fiche = this.corpus.fiches[c.fiche]!;
    const subject = this.terms.titleTerms(fiche);
    const weights = new Map<number, number>();
    for (const t of query.terms) {
      if (subject.has(t.term)) continue;
      const id = this.index.termIds.get(t.term);
      if (id !== undefined) weights.set(id, Math.max(weights.get(id) ?? 0, t.weight));
    }
    const said = new Set(query.terms.map((t) => t.term));
    const top = c.ranked[0]?.score || 1;
    const fused = new Map(c.ranked.map((r) => [r.doc, r.score / top]));
    const words = docs.map((doc) => {
      let s = 0;
      for (const [id, w] of weights) s += w * termScore(this.index, id, doc, PASSAGE_WORDS);
      return s;
    });
    const vectors = docs.map((doc) => (scores.dense ? Math.max(0, scores.dense.store.similarity(scores.dense.vector, doc)) : 0));
    const maxWords = Math.max(1e-9, ...words);
    const maxVector = Math.max(1e-9, ...vectors);
    const own = query.terms.filter((t) => t.kind === 'query').map((t) => t.term);
    const kinds = docs.map((doc) => answerAssociation(own, this.passageKeysOf(doc), this.params.passages.answerWords));
    const maxKind = Math.max(1e-9, ...kinds);
    return docs.map((doc, i) => {
      const chunk = this.corpus.chunks[doc]!;
      let total = 0;
      let found = 0;
      for (const term of this.headingTerms(doc)) {
        const w = this.terms.weight(term);
        total += w;
        if (said.has(term)) found += w;
      }
      return {
        fused: fused.get(doc) ?? 0,
        words: words[i]! / maxWords,
        heading: total ? found / total : 0,
        vector: vectors[i]! / maxVector,
        intro: chunk.path.length <= 1 ? 1 : 0,
        position: 1 / (1 + i),
        answerKind: kinds[i]! / maxKind,
      };
    });
  }

  /** A chunk's association keys (heading terms, kinds of answer), cached. */
  passageKeysOf(doc: number): string[] {
    let keys = this.keys.get(doc);
    if (!keys) {
      const chunk = this.corpus.chunks[doc]!;
      this.keys.set(doc, (keys = passageKeys(chunk.path.slice(1), chunk.text, this.corpus.textKinds?.[doc])));
    }
    return keys;
  }

  /** Distinct analysed section headings of a chunk (below the fiche title), cached. */
  private headingTerms(doc: number): string[] {
    let terms = this.headings.get(doc);
    if (!terms) this.headings.set(doc, (terms = [...new Set(analyze(this.corpus.chunks[doc]!.path.slice(1).join(' ')))]));
    return terms;
  }

  private chunksOf(fiche: number): number[] {
    const start = this.firstChunk[fiche]!;
    if (start < 0) return [];
    const out: number[] = [];
    for (let d = start; d < this.chunkFiche.length && this.chunkFiche[d] === fiche; d++) out.push(d);
    return out;
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
    const bySource = new Map<number, QueryTerm[]>();
    for (const t of terms) bySource.set(t.source, [...(bySource.get(t.source) ?? []), t]);
    for (const t of terms) this.sameSourceCache.set(t, bySource.get(t.source)!);
  }

  /** Chunks of the given audiences (all when absent) and theme; undefined when nothing is filtered. */
  private mask(audiences: readonly Audience[] | undefined, theme: string | undefined): Uint8Array | undefined {
    if (!audiences?.length && !theme) return undefined;
    const key = `${[...(audiences ?? [])].sort().join(',')}|${theme ?? ''}`;
    if (!this.masks.has(key)) {
      const mask = new Uint8Array(this.corpus.chunks.length);
      this.corpus.chunks.forEach((_, i) => {
        const fiche = this.corpus.fiches[this.chunkFiche[i]!]!;
        const audienceOk = !audiences?.length || audiences.includes(fiche.audience);
        const themeOk = !theme || fiche.theme === theme;
        mask[i] = audienceOk && themeOk ? 1 : 0;
      });
      this.masks.set(key, mask);
    }
    return this.masks.get(key);
  }

  /** Chunks allowed by the theme filter and outside the selected audiences. */
  private otherMask(selected: Uint8Array, allowed: Uint8Array | undefined): Uint8Array {
    const out = new Uint8Array(selected.length);
    for (let i = 0; i < out.length; i++) out[i] = selected[i] === 0 && (!allowed || allowed[i] === 1) ? 1 : 0;
    return out;
  }
}

function emptyResult(status: Exclude<SearchStatus, 'ok'>, vectorsOn: boolean): SearchResult {
  return { status, terms: [], hits: [], confidence: 0, verdict: 'answer', offTopic: 0, abstain: false, mode: vectorsOn ? 'hybrid' : 'lexical', suggestedAudience: null, otherHits: [] };
}

/** Where the question's terms occur in each passage, for highlighting (after the search when texts come later). */
export function markPassages(hits: readonly Pick<FicheHit, 'passages'>[], terms: readonly QueryTerm[]): void {
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

export { FICHE_FEATURES };
