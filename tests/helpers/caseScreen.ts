import { casesOnScreen, type CaseScreen } from '../../src/rag/caseOnScreen';
import type { SearchEngine, SearchResult } from '../../src/search/searchEngine';
import { pickCase } from '../../src/ui/caseView';

/**
 * The screen after the agent picks, for one fiche, the options named (« En France », « En
 * Guyane ») with the case chooser: that fiche shows the search's passages for those cases, as the
 * conversation's applyCases does.
 */
export function pickedScreen(search: SearchEngine, question: string, ficheId: string, options: readonly string[]) {
  return (result: SearchResult): CaseScreen => casesOnScreen({
    ...result,
    hits: result.hits.map((hit) => {
      const choices = hit.fiche.choices ?? [];
      if (hit.fiche.id !== ficheId) return hit;
      let cases = hit.cases;
      for (const option of options) {
        // DILA repeats a choice under each section it splits (« Cas général » / « En Guyane » for the
        // documents, again for the cost): the option is picked in each.
        const where = choices.flatMap((c, i) => (c.options.includes(option) ? [i] : []));
        if (!where.length) throw new Error(`${ficheId} has no case « ${option} »`);
        for (const choice of where) cases = pickCase(cases, choices.length, choice, choices[choice]!.options.indexOf(option));
      }
      return { ...hit, cases, passages: search.passagesFor(question, hit.fiche, cases, hit.passages.length) };
    }),
  });
}
