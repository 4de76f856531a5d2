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
        // One click in the chooser: pickCase carries it to every repeat of that choice.
        const choice = choices.findIndex((c) => c.options.includes(option));
        if (choice < 0) throw new Error(`${ficheId} has no case « ${option} »`);
        cases = pickCase(cases, choices, choice, choices[choice]!.options.indexOf(option));
      }
      return { ...hit, cases, passages: search.passagesFor(question, hit.fiche, cases, hit.passages.length) };
    }),
  });
}
