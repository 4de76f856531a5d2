import model from './rankerModel.json';

/**
 * The fiche ranker: a second-order model over features of each candidate fiche (a weight per
 * feature and one per pair of features, so that, say, a title match can count for more on a
 * question-answer fiche than on a long one), learnt by `npm run train:ranker`
 * (scripts/train-ranker.ts) from questions and their answering fiches, and shipped as data
 * (rankerModel.json). Candidates come from the fused passage ranking; the model decides their order.
 */
export const FICHE_FEATURES = [
  /** Fused score of its best passage (plus a little of the second), over the best candidate's. */
  'passage',
  /** BM25F of its best passage, over the best candidate's. */
  'lexical',
  /** BM25 of the fiche as one text (title twice), over the best candidate's: what a plain fiche search sees. */
  'ficheWords',
  /** Cosine of its nearest passage to the question's vector, over the best candidate's (0: none near). */
  'vector',
  /** Share of the fiche title's idf mass the question says. */
  'titleMatch',
  /** Share of the question's idf mass found in the fiche title. */
  'titleCover',
  /** Best share of an alias's idf mass the question says (how other pages name the fiche). */
  'aliasMatch',
  /** Share of the question's idf mass found in some passage of the fiche. */
  'ficheCover',
  /** 1 for a question-answer fiche (« Peut-on… ? »). */
  'questionFiche',
  /** 1 for a page that mostly sends elsewhere (« Comment faire si… », links to other sites). */
  'guide',
  /** How much the other pages point at it (log of its aliases, 0–1). */
  'pointedAt',
  /** Share of the next candidates filed in its dossier. */
  'dossier',
  /** 1 when the fiche is of the audience the agent selected. */
  'selected',
  /** For another audience's fiche: how much more the question's words are its audience's than the selected one's (AudienceWords); 0 otherwise. */
  'audience',
  /** 1 / its rank by the fused passage score. */
  'passageRank',
] as const;

export type FicheFeature = (typeof FICHE_FEATURES)[number];

export interface RankerModel {
  weights: Record<FicheFeature, number>;
  /** Weights of feature products, keyed `a*b` (a pair absent weighs 0). */
  pairs?: Record<string, number>;
  /** Fiches taken from the passage ranking before the model orders them. */
  candidates: number;
  /**
   * The best fiche of another audience is suggested when its score exceeds the selected
   * audience's best by this much.
   */
  switchMargin: number;
  /** What it was learnt from (file names), for the record. */
  trainedOn?: string[];
}

export const RANKER: RankerModel = model as RankerModel;

/** Every pair of features, each once (a feature with itself included), in the order the weights are learnt. */
export const FEATURE_PAIRS: readonly (readonly [FicheFeature, FicheFeature])[] = FICHE_FEATURES.flatMap((a, i) => FICHE_FEATURES.slice(i).map((b) => [a, b] as const));

export const pairKey = ([a, b]: readonly [FicheFeature, FicheFeature]) => `${a}*${b}`;

/** A model's pair weights as parallel arrays, built once per model: scoring runs for every candidate of every search. */
const compiled = new WeakMap<RankerModel, { a: FicheFeature[]; b: FicheFeature[]; w: number[] }>();
function pairsOf(m: RankerModel) {
  let c = compiled.get(m);
  if (!c) {
    const used = FEATURE_PAIRS.filter((p) => m.pairs?.[pairKey(p)]);
    c = { a: used.map(([a]) => a), b: used.map(([, b]) => b), w: used.map((p) => m.pairs![pairKey(p)]!) };
    compiled.set(m, c);
  }
  return c;
}

export function rankScore(features: Readonly<Record<FicheFeature, number>>, m: RankerModel = RANKER): number {
  let s = 0;
  for (const f of FICHE_FEATURES) s += (m.weights[f] ?? 0) * features[f];
  const { a, b, w } = pairsOf(m);
  for (let i = 0; i < w.length; i++) s += w[i]! * features[a[i]!] * features[b[i]!];
  return s;
}

const PAIR_INDEX = FEATURE_PAIRS.map(([a, b]) => [FICHE_FEATURES.indexOf(a), FICHE_FEATURES.indexOf(b)] as const);

/** A candidate's features (in FICHE_FEATURES order) as the row the model weighs: each feature, then each pair's product (FEATURE_PAIRS). */
export function rankerRow(x: readonly number[]): number[] {
  return [...x, ...PAIR_INDEX.map(([i, j]) => x[i]! * x[j]!)];
}
