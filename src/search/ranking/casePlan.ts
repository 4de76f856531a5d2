import type { Chunk } from '../../corpus/chunk';
import type { CaseChoice } from '../../corpus/model';
import { analyze } from '../analysis/frenchAnalyzer';

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

/** A question's facts that pick cases: its terms and the age it states, if any. */
export interface StatedFacts {
  terms: ReadonlySet<string>;
  age?: number;
}

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

/**
 * The option of a choice the question states: the one whose title holds words the question says
 * and its sibling options do not (words of the fiche's own title excepted: the whole fiche is about
 * them), or whose age range holds the stated age. -1 when it states none or is ambiguous.
 */
export function statedOption(choice: CaseChoice, facts: StatedFacts, ficheTitleTerms: ReadonlySet<string>, weight: (term: string) => number): number {
  const titles = choice.options.map((o) => new Set(analyze(o)));
  const evidence = choice.options.map((option, i) => {
    let score = 0;
    for (const term of titles[i]!) {
      if (!facts.terms.has(term) || ficheTitleTerms.has(term)) continue;
      if (titles.some((other, j) => j !== i && other.has(term))) continue;
      score += weight(term);
    }
    if (facts.age !== undefined) {
      const range = ageRange(option);
      if (range && facts.age >= range[0] && facts.age <= range[1]) score += 10;
    }
    return score;
  });
  const best = Math.max(...evidence);
  if (best <= 0) return -1;
  return evidence.filter((e) => e === best).length === 1 ? evidence.indexOf(best) : -1;
}

/** The pick for every choice of a fiche. */
export function planCases(choices: readonly CaseChoice[], facts: StatedFacts, ficheTitle: string, weight: (term: string) => number): CasePick[] {
  const titleTerms = new Set(analyze(ficheTitle));
  return choices.map((choice, i) => {
    const stated = statedOption(choice, facts, titleTerms, weight);
    return stated >= 0 ? { choice: i, option: stated, stated: true } : { choice: i, option: defaultOption(choice), stated: false };
  });
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
