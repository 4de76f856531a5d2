/**
 * Input of models whose tokenizer works on the French analyzer's terms (Snowball stems, accents
 * folded, stop words out), which a `tokenizer.json` cannot express: the text is analysed here and
 * handed to the tokenizer as space-separated terms. A desk-vocabulary expansion of the question
 * is written `~term`, a separate vocabulary entry that the graph weighs at SYNONYM_WEIGHT, so the
 * question vector is the one the search engine computes; in a passage, title terms are repeated
 * `titleRepeat` times, the weight the corpus vectors give a title occurrence.
 */
import { analyze } from '../search/frenchAnalyzer';
import { queryTerms } from '../search/queryTerms';
import { splitPassage } from './passageText';

export const SYNONYM_MARK = '~';

export function analysedQuery(question: string): string {
  return queryTerms(question).map((t) => (t.kind === 'query' ? t.term : SYNONYM_MARK + t.term)).join(' ');
}

export function analysedPassage(text: string, titleRepeat: number): string {
  const { title, path, body } = splitPassage(text);
  const titleTerms = analyze(title);
  const out: string[] = [];
  for (let r = 0; r < titleRepeat; r++) out.push(...titleTerms);
  out.push(...analyze(path), ...analyze(body));
  return out.join(' ');
}
