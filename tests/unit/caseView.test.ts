import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/corpus/chunk';
import type { FicheMeta } from '../../src/corpus/corpusData';
import type { CasePick, FicheHit } from '../../src/search/searchEngine';
import { applyCases, caseLine, pickCase, shownChoices } from '../../src/ui/caseView';

const fiche = {
  id: 'F1153', audience: 'particuliers', title: 'Carte perdue',
  choices: [{ options: ['En France', "À l'étranger"], display: 'onglet' }, { options: ['Cas général', 'En Guyane'] }, { options: ['Seule'] }],
} as unknown as FicheMeta;
const chunk = (id: string, cases: [number, number][]): Chunk => ({ id, ficheId: 'F1153', audience: 'particuliers', url: '', path: ['Carte perdue'], text: id, tokens: 1, cases });
const hit = (passages: Chunk[], cases: CasePick[]): FicheHit => ({ fiche, score: 1, passages: passages.map((c) => ({ chunk: c, score: 1 })), cases });

describe('the case chooser', () => {
  it('shows the choices the first passage depends on, with the option shown and why', () => {
    const h = hit([chunk('a', [[0, 0], [1, 0], [2, 0]])], [{ choice: 0, option: 0, stated: true }, { choice: 1, option: 0, stated: false }, { choice: 2, option: 0, stated: false }]);
    expect(shownChoices(h)).toEqual([
      { choice: 0, options: ['En France', "À l'étranger"], option: 0, reason: 'question', display: 'onglet' },
      { choice: 1, options: ['Cas général', 'En Guyane'], option: 0, reason: 'default' },
    ]);
    expect(caseLine(h)).toBe('En France › Cas général › Seule');
    expect(shownChoices(hit([chunk('b', [])], []))).toEqual([]);
  });

  it('records the agent’s pick as stated, keeping the other choices', () => {
    const cases = pickCase([{ choice: 0, option: 0, stated: true }], fiche.choices!, 1, 1);
    expect(cases).toEqual([{ choice: 0, option: 0, stated: true }, { choice: 1, option: 1, stated: true, byAgent: true }, { choice: 2, option: 0, stated: false }]);
    expect(shownChoices(hit([chunk('c', [[1, 1]])], cases))[0]?.reason).toBe('agent');
  });

  it('carries one click to every repeat of the same choice (documents and cost both under « En Guyane »)', () => {
    const choices = [{ options: ['En France', "À l'étranger"] }, { options: ['Cas général', 'En Guyane'] }, { options: ['Cas général', 'En Guyane'] }, { options: ['À Mayotte', 'Cas général', 'En Guyane'] }, { options: ['Oui', 'En Guyane'] }];
    const cases = pickCase(undefined, choices, 2, 1);
    expect(cases.map((c) => [c.option, Boolean(c.byAgent)])).toEqual([[0, false], [1, true], [1, true], [2, true], [0, false]]);
  });

  it('gives the screen, the model and the sheet the passages of the picked case', async () => {
    const first = hit([chunk('guyane', [[1, 1]])], [{ choice: 1, option: 1, stated: false }]);
    const other = { ...hit([chunk('x', [])], []), fiche: { ...fiche, id: 'F1' } as FicheMeta };
    const asked: string[] = [];
    const result = await applyCases({ hits: [first, other] }, { 'particuliers/F1153': pickCase(first.cases, fiche.choices!, 1, 0) }, async (f, cases) => {
      asked.push(`${f.id}:${cases[1]!.option}`);
      return [{ chunk: chunk('general', [[1, 0]]), score: 1 }];
    });
    expect(asked).toEqual(['F1153:0']);
    expect(result.hits[0]!.passages[0]!.chunk.id).toBe('general');
    expect(result.hits[0]!.cases?.[1]).toMatchObject({ option: 0, byAgent: true });
    expect(result.hits[1]).toBe(other);
    // No pick: the same result object, nothing fetched.
    const same = { hits: [first] };
    expect(await applyCases(same, undefined, async () => { throw new Error('fetched'); })).toBe(same);
  });
});
