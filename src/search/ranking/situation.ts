import { analyze, foldAccents } from '../analysis/frenchAnalyzer';
import type { QueryTerm } from '../analysis/queryTerms';

/**
 * The citizen's situation as the fiches split their answers by it (« Vous êtes salarié »,
 * « Personne mineure », « Vous résidez à l'étranger », « Couple marié »…): age, status,
 * nationality, France or abroad, family. Words, not phrases: their stems are matched against the
 * section titles of a passage.
 */
const SITUATION_WORDS = [
  'mineur', 'majeur', 'salarié', 'retraité', 'étudiant', 'lycéen', 'apprenti', 'chômeur', 'chômage', "demandeur d'emploi",
  'indépendant', 'entrepreneur', 'fonctionnaire', 'contractuel', 'intérimaire', 'agriculteur', 'artisan', 'commerçant',
  'européen', 'nationalité', 'français', 'outre-mer', 'marié', 'pacsé', 'concubin', 'divorcé', 'séparé',
  'veuf', 'célibataire', 'parent', 'enfant', 'handicap', 'invalidité', 'locataire', 'propriétaire',
];

export const SITUATION_TERMS: ReadonlySet<string> = new Set(SITUATION_WORDS.flatMap((w) => analyze(w)));

const [FRANCE, ABROAD_TERM] = analyze('France étranger') as [string, string];

/**
 * Whether a heading term names a case other than the stated ones, on the same axis: a situation
 * word (salarié vs retraité, mineur vs majeur), or « En France » against a stated life abroad.
 * A fiche steers by the stated situation only when its sections split on such an axis.
 */
export function namesOtherCase(term: string, stated: ReadonlySet<string>): boolean {
  if (stated.has(term)) return false;
  return SITUATION_TERMS.has(term) || (term === FRANCE && stated.has(ABROAD_TERM));
}

/** « vivre à l'étranger », « hors de France »: abroad. « Je suis étranger » (a foreign national) is not. */
const ABROAD = /\b(a|a l|de l|depuis l)['’ ]\s*etranger\b|\bhors de france\b/;

/**
 * The situation terms a question states: its own words among SITUATION_TERMS, an age (« j'ai 22
 * ans » → majeur, « 15 ans » → mineur) and living abroad.
 */
export function statedSituation(terms: readonly QueryTerm[], text: string): Set<string> {
  const stated = new Set(terms.filter((t) => SITUATION_TERMS.has(t.term)).map((t) => t.term));
  if (ABROAD.test(foldAccents(text.toLowerCase()))) stated.add(ABROAD_TERM);
  const own = terms.filter((t) => t.kind === 'query').map((t) => t.term);
  for (let i = 0; i + 1 < own.length; i++) {
    if (/^\d{1,3}$/.test(own[i]!) && own[i + 1] === 'an') stated.add(analyze(Number(own[i]) < 18 ? 'mineur' : 'majeur')[0]!);
  }
  return stated;
}
