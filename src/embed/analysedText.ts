/**
 * Input of models whose tokenizer works on the French analyzer's terms (Snowball stems, accents
 * folded, stop words out), which a `tokenizer.json` cannot express: the text is analysed here and
 * handed to the tokenizer as space-separated terms. A desk-vocabulary expansion of the question
 * is written `~term`, a separate vocabulary entry that the graph weighs at SYNONYM_WEIGHT, so the
 * question vector is the one the search engine computes; in a passage, title terms are repeated
 * `titleRepeat` times, the weight the corpus vectors give a title occurrence.
 */
import { analyze } from '../search/analysis/frenchAnalyzer';
import { DEFAULT_QUERY_TERMS, queryTerms, vectorTerms } from '../search/analysis/queryTerms';
import { splitPassage } from './passageText';

export const SYNONYM_MARK = '~';

/**
 * A word the citizen repeats weighs more in the engine (queryTerms' repeatBoost): it is written
 * as many times as its weight says, which the graph turns into (1 + ln tf) — close to, not equal
 * to, the engine's linear boost (2 vs 1.69 for a word said twice).
 */
export function analysedQuery(question: string): string {
  const out: string[] = [];
  for (const t of vectorTerms(queryTerms(question))) {
    const unit = t.kind === 'query' ? 1 : DEFAULT_QUERY_TERMS.synonymWeight;
    const token = t.kind === 'query' ? t.term : SYNONYM_MARK + t.term;
    for (let n = Math.max(1, Math.round(t.weight / unit)); n > 0; n--) out.push(token);
  }
  return out.join(' ');
}

export function analysedPassage(text: string, titleRepeat: number): string {
  const { title, path, body } = splitPassage(text);
  const titleTerms = analyze(title);
  const out: string[] = [];
  for (let r = 0; r < titleRepeat; r++) out.push(...titleTerms);
  out.push(...analyze(path), ...analyze(body));
  return out.join(' ');
}
