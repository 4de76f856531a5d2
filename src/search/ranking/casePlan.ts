import type { Chunk } from '../../corpus/chunk';
import type { CaseChoice } from '../../corpus/model';
import { analyze, foldAccents } from '../analysis/frenchAnalyzer';
import model from './caseModel.json';

/**
 * Which case of a fiche to show for a question. DILA writes a fiche as choices between cases
 * (« En France » / « À l'étranger », « Cas général » / « En Guyane », ages, statuses); the
 * passage shown first must come from the case the question states, or, when it states none, from
 * the general case — never from a territory, age or status the citizen did not mention.
 */

/** The case picked in one choice: the option shown, and whether the question stated it. */
export interface CasePick {
  choice: number;
  /** -1: no option can be assumed (a list of départements, and the question names none). */
  option: number;
  /** The question states it, or the agent picked it on screen (`byAgent`). */
  stated: boolean;
  byAgent?: true;
}

/** A question's facts that pick cases: its terms, the age and the other quantities it states. */
export interface StatedFacts {
  terms: ReadonlySet<string>;
  /** The question as a phrase (phraseForm), where an option's whole title is looked for. */
  phrase?: string;
  age?: number;
  quantities?: readonly Quantity[];
}

/**
 * What the case picker weighs for each option of a choice (`npm run train:ranker` learns the
 * weights from questions whose answer phrases are known, caseModel.json).
 */
export const CASE_FEATURES = [
  /** 1 for the option shown when the question states none (see defaultOption). */
  'default',
  /** log(1 + idf mass of the words of its title the question says and its siblings' titles do not). */
  'title',
  /** The same for words the fiche's title also holds (the whole fiche is about them: weaker). */
  'titleInFicheTitle',
  /** 1 when the question says its whole title, little words included (« nous habitons à l'étranger » for « À l'étranger », not « Pour un étranger »). */
  'titleSaid',
  /** 1 when the age the question states lies in the ages its title covers. */
  'age',
  /** 1 when another quantity the question states (amount, %, months…) lies in its title's range. */
  'quantity',
  /** Best passage-ranker feature of the passages written for it, minus the best of its siblings'. */
  'words',
  'vector',
  'heading',
  'answerKind',
] as const;
export type CaseFeature = (typeof CASE_FEATURES)[number];

export interface CaseModel {
  weights: Record<CaseFeature, number>;
  /** How much surer than the default an option must be to be shown instead (a wrong case costs more than a missed one). */
  margin?: number;
  trainedOn?: string[];
}

export const CASE_PICKER: CaseModel = model as CaseModel;

/** The passage features an option's content is read from (see optionContent). */
const CONTENT_FEATURES = ['words', 'vector', 'heading', 'answerKind'] as const;
type ContentFeatures = Record<(typeof CONTENT_FEATURES)[number], number>;

/** How the fiche's passages written for an option answer the question, against its siblings'. */
export type OptionContent = (choice: number, option: number) => Partial<ContentFeatures>;

/** Above this many options a choice is an enumeration (départements, régions, professions) with no default. */
const ENUMERATION = 6;

const GENERAL = /^(cas|régime) général\b/i;

/**
 * The option shown when the question states none: the one DILA calls general (« Cas général »,
 * « Régime général (Caf) »), else the first, as DILA lists the common case first (« En France »,
 * « Personne majeure », « Vous êtes salarié »); none for an enumeration.
 */
export function defaultOption(choice: CaseChoice): number {
  const general = choice.options.findIndex((o) => GENERAL.test(o.trim()));
  if (general >= 0) return general;
  return choice.options.length >= ENUMERATION ? -1 : 0;
}

/** An age the question states (« mon fils de 15 ans », « j'ai 67 ans »). */
export function statedAge(text: string): number | undefined {
  const m = /\b(\d{1,3})\s*ans\b/i.exec(text);
  const age = m ? Number(m[1]) : NaN;
  return Number.isFinite(age) && age <= 120 ? age : undefined;
}

/**
 * The ages an option's title covers, when it speaks of ages (« Entre 12 et 13 ans », « À partir
 * de 13 ans », « Avant 12 ans », « moins de 18 ans », « 67 ans ou plus », « Personne mineure »).
 */
export function ageRange(title: string): [number, number] | undefined {
  const t = title.toLowerCase();
  let m = /entre (\d+) (?:ans )?et (\d+) ans/.exec(t);
  if (m) return [Number(m[1]), Number(m[2])];
  m = /(?:à partir de|plus de|au moins|dès) (\d+) ans|(\d+) ans \(?(?:ou plus|et plus)/.exec(t);
  if (m) return [Number(m[1] ?? m[2]), 200];
  m = /(?:avant|moins de) (\d+) ans/.exec(t);
  if (m) return [0, Number(m[1]) - 1];
  if (/\bmineur/.test(t)) return [0, 17];
  if (/\bmajeur/.test(t)) return [18, 200];
  return undefined;
}

/** Lower case, accents folded, words separated by single spaces and framed by spaces. */
export function phraseForm(text: string): string {
  return ` ${foldAccents(text.toLowerCase()).replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

/** What an option's title says, read once per choice: its terms, the ages and the quantity it covers. */
interface OptionTitle {
  terms: Set<string>;
  phrase: string;
  ages?: [number, number];
  quantity?: { unit: string; range: [number, number] };
}
const optionTitles = new WeakMap<CaseChoice, OptionTitle[]>();
function titlesOf(choice: CaseChoice): OptionTitle[] {
  let titles = optionTitles.get(choice);
  if (!titles) optionTitles.set(choice, (titles = choice.options.map((o) => ({ terms: new Set(analyze(o)), phrase: phraseForm(o), ages: ageRange(o), quantity: quantityRange(o) }))));
  return titles;
}

const within = (value: number, [low, high]: [number, number]) => value >= low && value <= high;

/**
 * Each option's features for a question (CASE_FEATURES order): what its title shares with the
 * question's words (words of the fiche's own title apart: the whole fiche is about them), ages and
 * quantities, and what the passages written for it say (`content`).
 */
export function optionFeatures(choice: CaseChoice, index: number, facts: StatedFacts, ficheTitleTerms: ReadonlySet<string>, weight: (term: string) => number, content?: OptionContent): number[][] {
  const titles = titlesOf(choice);
  const byDefault = defaultOption(choice);
  return titles.map((title, i) => {
    let own = 0;
    let shared = 0;
    for (const term of title.terms) {
      if (!facts.terms.has(term)) continue;
      if (titles.some((other, j) => j !== i && other.terms.has(term))) continue;
      if (ficheTitleTerms.has(term)) shared += weight(term);
      else own += weight(term);
    }
    const age = facts.age !== undefined && title.ages && within(facts.age, title.ages) ? 1 : 0;
    const quantity = inRange(title.quantity, facts.quantities ?? []) ? 1 : 0;
    const titleSaid = title.terms.size && facts.phrase?.includes(title.phrase) ? 1 : 0;
    const said = content?.(index, i) ?? {};
    const values: Record<CaseFeature, number> = {
      default: i === byDefault ? 1 : 0, title: Math.log1p(own), titleInFicheTitle: Math.log1p(shared), titleSaid, age, quantity,
      words: said.words ?? 0, vector: said.vector ?? 0, heading: said.heading ?? 0, answerKind: said.answerKind ?? 0,
    };
    return CASE_FEATURES.map((f) => values[f]);
  });
}

const scoreOf = (x: readonly number[], m: CaseModel) => CASE_FEATURES.reduce((s, f, k) => s + (m.weights[f] ?? 0) * x[k]!, 0);

/**
 * The option the learnt picker prefers, or -1. An enumeration (no default) keeps no option unless
 * one beats what the default would be worth: a département is picked only when the question
 * points at it.
 */
export function pickOption(choice: CaseChoice, features: readonly number[][], m: CaseModel = CASE_PICKER): number {
  const scores = features.map((x) => scoreOf(x, m));
  const best = Math.max(...scores);
  const byDefault = defaultOption(choice);
  // An enumeration's default would be worth the default weight alone.
  const stay = byDefault < 0 ? (m.weights.default ?? 0) : scores[byDefault]!;
  return best - stay > (m.margin ?? 0) ? scores.indexOf(best) : byDefault;
}

/** The features by which the question itself points at an option (its words, an age, a quantity). */
const NAMING = (['title', 'titleInFicheTitle', 'titleSaid', 'age', 'quantity'] as const).map((f) => CASE_FEATURES.indexOf(f));
const named = (x: readonly number[]) => NAMING.some((k) => x[k]! > 0);

/** The pick for every choice of a fiche: stated when it is not the default or the question names it. */
export function planCases(choices: readonly CaseChoice[], facts: StatedFacts, ficheTitleTerms: ReadonlySet<string>, weight: (term: string) => number, content?: OptionContent, m: CaseModel = CASE_PICKER): CasePick[] {
  return choices.map((choice, i) => {
    const features = optionFeatures(choice, i, facts, ficheTitleTerms, weight, content);
    const option = pickOption(choice, features, m);
    const stated = option >= 0 && (option !== defaultOption(choice) || named(features[option]!));
    return { choice: i, option, stated };
  });
}

/**
 * What the passages written for each option say, from their passage features: per feature, the
 * best under the option minus the best under its siblings.
 */
export function optionContent(chunks: readonly Pick<Chunk, 'cases'>[], features: readonly Partial<ContentFeatures>[]): OptionContent {
  // choice → option → the best of each feature among the passages written for it
  const best = new Map<number, Map<number, ContentFeatures>>();
  chunks.forEach((chunk, i) => {
    for (const [choice, option] of chunk.cases ?? []) {
      let options = best.get(choice);
      if (!options) best.set(choice, (options = new Map()));
      let row = options.get(option);
      if (!row) options.set(option, (row = { words: 0, vector: 0, heading: 0, answerKind: 0 }));
      for (const f of CONTENT_FEATURES) row[f] = Math.max(row[f], features[i]![f] ?? 0);
    }
  });
  return (choice, option) => {
    const options = best.get(choice);
    const mine = options?.get(option);
    const siblings = [...(options ?? [])].filter(([o]) => o !== option).map(([, row]) => row);
    const out = { words: 0, vector: 0, heading: 0, answerKind: 0 };
    for (const f of CONTENT_FEATURES) out[f] = (mine?.[f] ?? 0) - Math.max(0, ...siblings.map((r) => r[f]));
    return out;
  };
}

/** Whether a passage belongs to the picked cases (a passage outside every choice always does). */
export function fitsPlan(chunk: Pick<Chunk, 'cases'>, plan: readonly CasePick[]): boolean {
  return (chunk.cases ?? []).every(([choice, option]) => plan[choice]?.option === option);
}

/**
 * How well a passage fits the plan: 2 when every case it is written for was stated or is the
 * general one, 1 when it lies under a case picked by default, 0 when it lies under a case not
 * picked. Stated cases rank their passages above passages that hold for every case only when
 * they answer as well (the caller adds this to a relevance order, it does not replace it).
 */
export function planFit(chunk: Pick<Chunk, 'cases'>, plan: readonly CasePick[]): 0 | 1 | 2 {
  if (!fitsPlan(chunk, plan)) return 0;
  return (chunk.cases ?? []).some(([choice]) => plan[choice]?.stated) ? 2 : 1;
}

/** A quantity a text states: a number and the word or sign after it (« 2000 € », « 3 mois », « 60 % »). */
export interface Quantity {
  value: number;
  unit: string;
}

const NUMBER = String.raw`(\d{1,3}(?:[  ]\d{3})+|\d+)(?:[,.](\d+))?`;
const UNIT = String.raw`\s*(€|%|[a-zà-ÿ²]+)`;

/** The unit's one spelling: « euros » is €, plurals and accents dropped (« années » → « annee »). */
function unitOf(word: string): string {
  const w = word.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
  if (w === '€' || w === 'euro' || w === 'euros' || w === 'eur') return '€';
  if (w === 'an' || w === 'ans' || w === 'annee' || w === 'annees') return 'an';
  return w.length > 3 ? w.replace(/s$/, '') : w;
}

const QUANTITY = new RegExp(`${NUMBER}${UNIT}`, 'giu');
const ONE_QUANTITY = new RegExp(`${NUMBER}${UNIT}`, 'iu');
const QUANTITY_PAIR = new RegExp(`(?:entre|de|d')?\\s*${NUMBER}(?:${UNIT})?\\s+(?:et|à)\\s+${NUMBER}${UNIT}`, 'iu');

const numberOf = (whole: string, decimals?: string) => Number(`${whole.replace(/\D/g, '')}${decimals ? `.${decimals}` : ''}`);

/** Every number-and-unit a text states, years of age excepted (`statedAge` reads those). */
export function statedQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const unit = unitOf(m[3]!);
    if (unit !== 'an') out.push({ value: numberOf(m[1]!, m[2]), unit });
  }
  return out;
}

/**
 * The range of one unit an option's title covers, when it states one: « Entre 2 et 5 salariés »,
 * « Invalide de 25 % à 45 % », « Vente supérieure ou égale à 1500 euros », « Suspension d'1 mois ou
 * moins », « À partir de 2 enfants », « 1 enfant ». Years of age are `ageRange`'s.
 */
export function quantityRange(title: string): { unit: string; range: [number, number] } | undefined {
  const t = title.toLowerCase();
  const pair = QUANTITY_PAIR.exec(t);
  if (pair) {
    const unit = unitOf(pair[6]!);
    if (pair[3] && unitOf(pair[3]) !== unit) return undefined;
    return unit === 'an' ? undefined : { unit, range: [numberOf(pair[1]!, pair[2]), numberOf(pair[4]!, pair[5])] };
  }
  const one = ONE_QUANTITY.exec(t);
  if (!one) return undefined;
  const unit = unitOf(one[3]!);
  if (unit === 'an') return undefined;
  const value = numberOf(one[1]!, one[2]);
  const before = t.slice(0, one.index);
  const after = t.slice(one.index + one[0].length);
  if (/(?:plus de|supérieure?s?(?: ou égale?s?)? à|au-delà de|au moins|à partir de|dès|minimum)\s*$/.test(before) || /^\s*(?:ou|et) plus\b/.test(after)) return { unit, range: [value, Infinity] };
  if (/(?:moins de|inférieure?s?(?: ou égale?s?)? à|jusqu'à|au plus|maximum|ne dépassant pas)\s*$/.test(before) || /^\s*ou moins\b/.test(after)) return { unit, range: [-Infinity, value] };
  return { unit, range: [value, value] };
}

/** Whether a quantity the question states falls in the option's range, in the same unit. */
export function quantityFits(title: string, stated: readonly Quantity[]): boolean {
  return inRange(quantityRange(title), stated);
}

function inRange(r: ReturnType<typeof quantityRange>, stated: readonly Quantity[]): boolean {
  return Boolean(r && stated.some((q) => q.unit === r.unit && within(q.value, r.range)));
}
