import model from './rankerModel.json';

/**
 * The fiche ranker: a linear model over features of each candidate fiche, learnt by
 * `npm run train:ranker` (scripts/train-ranker.ts) from questions and their answering fiches, and
 * shipped as data (rankerModel.json). Candidates come from the fused passage ranking; the model
 * decides their order.
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

export function rankScore(features: Readonly<Record<FicheFeature, number>>, m: RankerModel = RANKER): number {
  let s = 0;
  for (const f of FICHE_FEATURES) s += (m.weights[f] ?? 0) * features[f];
  return s;
}
