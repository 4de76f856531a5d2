import type { Chunk } from '../corpus/chunk';
import type { FicheMeta } from '../corpus/corpusData';
import type { Audience } from '../corpus/model';
import {
  accumulate, buildBm25, DEFAULT_BM25, deserializeBm25, docFrequency, idf, serializeBm25,
  type Bm25Index, type Bm25Params,
} from './bm25';
import { analyze, analyzeWithOffsets } from './frenchAnalyzer';
import { Fnv1a } from './binaryFormat';
import { reciprocalRankFusion } from './fusion';
import type { LatentSemantics } from './latentSemantics';
import { nearestTerm } from './fuzzy';
import { OFF_TOPIC_CUES } from './domainVocabulary';
import { foldAccents } from './frenchAnalyzer';
import { queryTerms, TYPO_CONFIDENCE, TYPO_WEIGHT, type QueryTerm } from './queryTerms';
import type { VectorStore } from './vectorStore';

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

export type SearchStatus = 'ok' | 'empty' | 'no-terms';

export interface SearchResult {
  status: SearchStatus;
  /** French, for the agent, when status is not ok. */
  message?: string;
  terms: QueryTerm[];
  hits: FicheHit[];
  /** 0–1: share of the question's meaning (idf-weighted terms) found in the best fiche's passages. */
  confidence: number;
  /** True when the fiches most likely do not answer the question. */
  abstain: boolean;
  mode: 'lexical' | 'hybrid';
}

export interface EngineParams {
  bm25: Bm25Params;
  /** Below this confidence the engine says the fiches do not cover the question. */
  abstainBelow: number;
  /** Weight of a fiche's second-best passage in its score (evidence spread over the fiche). */
  secondPassageWeight: number;
  fusion: { lexical: number; vector: number; k: number };
}

export const DEFAULT_ENGINE: EngineParams = {
  bm25: DEFAULT_BM25,
  abstainBelow: 0.38,
  secondPassageWeight: 0.1,
  // Vectors as a minority voice with a low k: they rescue passages worded differently from the
  // question without displacing exact lexical matches at the top (chosen on the dev set).
  fusion: { lexical: 1, vector: 0.35, k: 20 },
};

/** Chunks considered per query before grouping by fiche. */
const CANDIDATES = 400;

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
  private semantics?: LatentSemantics;
  private readonly maxIdf: number;

  private constructor(
    readonly corpus: SearchCorpus,
    readonly index: Bm25Index,
    readonly params: EngineParams,
  ) {
    this.scores = new Float32Array(index.docCount);
    const ficheIndex = new Map(corpus.fiches.map((f, i) => [f.id, i]));
    this.chunkFiche = new Uint32Array(corpus.chunks.length);
    corpus.chunks.forEach((c, i) => {
      const at = ficheIndex.get(c.ficheId);
      if (at === undefined) throw new Error(`chunk ${c.id}: fiche ${c.ficheId} is missing from the corpus`);
      this.chunkFiche[i] = at;
    });
    this.maxIdf = idf(index, 0);
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

  /** Chunk embeddings, in chunk order; hybrid ranking is used whenever a query vector is given. */
  attachVectors(store: VectorStore): void {
    if (store.count !== this.corpus.chunks.length) throw new Error(`vectors: ${store.count} rows for ${this.corpus.chunks.length} chunks`);
    this.vectors = store;
  }

  /**
   * Corpus-learnt vectors (chunks and terms): every search becomes hybrid. They answer the
   * searches that come without a query vector, also after an embedder's vectors were attached.
   */
  attachSemantics(semantics: LatentSemantics): void {
    if (semantics.chunks.count !== this.corpus.chunks.length) throw new Error(`vectors: ${semantics.chunks.count} rows for ${this.corpus.chunks.length} chunks`);
    this.semantics = semantics;
  }

  search(question: string, options: SearchOptions = {}): SearchResult {
    const k = options.k ?? 10;
    const perFiche = options.passagesPerFiche ?? 3;
    const clean = wellFormed(question).trim();
    // An external query vector goes with the attached vectors, else the corpus-learnt ones serve.
    const store = options.queryVector && this.vectors ? this.vectors : this.semantics?.chunks;
    let mode: SearchResult['mode'] = options.queryVector && this.vectors ? 'hybrid' : 'lexical';
    if (!clean) return { status: 'empty', message: 'Saisissez une question.', terms: [], hits: [], confidence: 0, abstain: false, mode };
    const terms = queryTerms(clean);
    if (!terms.length && mode === 'lexical') {
      return {
        status: 'no-terms',
        message: 'Précisez votre question : elle ne contient aucun mot à chercher dans les fiches.',
        terms, hits: [], confidence: 0, abstain: false, mode,
      };
    }
    this.fixTypos(terms);
    const allowed = this.mask(options);
    const queryVector = options.queryVector && this.vectors ? options.queryVector : this.semantics?.embed(terms);
    if (queryVector && store) mode = 'hybrid';

    // Lexical ranking of chunks.
    const touched: number[] = [];
    const scores = this.scores;
    const weights = new Map<string, number>();
    for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
    for (const [term, weight] of weights) {
      const id = this.index.termIds.get(term);
      if (id !== undefined) accumulate(this.index, id, weight, this.params.bm25, scores, touched, allowed);
    }
    touched.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const lexical = touched.slice(0, CANDIDATES);
    const chunkScore = new Map<number, number>();
    if (mode === 'hybrid') {
      const vectorIds = store!.topK(queryVector!, CANDIDATES, allowed).map((h) => h.index);
      const { lexical: wl, vector: wv, k: rrfK } = this.params.fusion;
      for (const { id, score } of reciprocalRankFusion([{ ids: lexical, weight: wl }, { ids: vectorIds, weight: wv }], rrfK)) {
        chunkScore.set(id, score);
      }
    } else {
      for (const id of lexical) chunkScore.set(id, scores[id]!);
    }
    for (const id of touched) scores[id] = 0;

    // Group by fiche: best passage plus a little for the second one.
    const byFiche = new Map<number, { doc: number; score: number }[]>();
    for (const [doc, score] of chunkScore) {
      const f = this.chunkFiche[doc]!;
      let list = byFiche.get(f);
      if (!list) byFiche.set(f, (list = []));
      list.push({ doc, score });
    }
    const hits: FicheHit[] = [];
    const docsOf = new Map<FicheHit, number[]>();
    for (const [f, ranked] of byFiche) {
      ranked.sort((a, b) => b.score - a.score);
      const score = ranked[0]!.score + this.params.secondPassageWeight * (ranked[1]?.score ?? 0);
      const kept = ranked.slice(0, perFiche);
      const hit = { fiche: this.corpus.fiches[f]!, score, passages: kept.map((r) => ({ chunk: this.corpus.chunks[r.doc]!, score: r.score })) };
      docsOf.set(hit, kept.map((r) => r.doc));
      hits.push(hit);
    }
    hits.sort((a, b) => b.score - a.score || a.fiche.id.localeCompare(b.fiche.id));
    const top = hits.slice(0, k);
    if (options.marks) {
      const wanted = new Set(terms.map((t) => t.term));
      for (const hit of top) {
        for (const p of hit.passages) {
          p.marks = analyzeWithOffsets(p.chunk.text).filter((w) => wanted.has(w.term)).map((w) => [w.start, w.end]);
        }
      }
    }
    const folded = foldAccents(clean.toLowerCase());
    const offTopic = OFF_TOPIC_CUES.some((cue) => cue.test(folded));
    const confidence = this.confidence(terms, top[0] ? docsOf.get(top[0])! : []) * (offTopic ? 0.5 : 1);
    return { status: 'ok', terms, hits: top, confidence, abstain: confidence < this.params.abstainBelow, mode };
  }

  /** A question word the corpus does not know gets its nearest known term, at a lower weight. */
  private fixTypos(terms: QueryTerm[]): void {
    const original = terms.filter((t) => t.kind === 'query');
    for (const t of original) {
      if (this.index.termIds.has(t.term) || /^\d/.test(t.term)) continue;
      const near = nearestTerm(t.term, this.index.terms, (i) => docFrequency(this.index, i));
      // Kept even when an expansion already brought the term: it ties the fix to its word.
      if (near) terms.push({ term: near.term, weight: TYPO_WEIGHT, source: t.source, kind: 'typo' });
    }
  }

  /**
   * Share of the question's idf mass present in the best fiche's returned passages: a question
   * word counts as found if it, its typo fix or one of its desk equivalents is there.
   */
  private confidence(terms: QueryTerm[], docs: number[]): number {
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
      else if (alternatives.some((x) => x.kind === 'typo' && present(x))) found += weight * TYPO_CONFIDENCE;
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

/** Lone surrogates (a broken paste) become U+FFFD instead of poisoning the analyzer. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
