import { describe, expect, it } from 'vitest';
import type { FicheMeta } from '../../src/corpus/corpusData';
import { readBundle } from '../../src/corpus/node/bundleFiles';
import { learnAbbreviations } from '../../src/search/analysis/abbreviations';
import { queryTerms, DESK_VOCABULARY, DEFAULT_QUERY_TERMS } from '../../src/search/analysis/queryTerms';

const fiche = (id: string, abbreviations: { short: string; long: string }[]) => ({ id, abbreviations }) as unknown as FicheMeta;

describe('abbreviations learnt from the corpus', () => {
  const learnt = learnAbbreviations([
    fiche('F1', [{ short: 'Pacea', long: "Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie" }, { short: 'PER', long: 'Plan d’épargne retraite' }]),
    fiche('F2', [{ short: 'CFE', long: 'Centre de formalités des entreprises' }, { short: 'PAS', long: "Prêt d'accession sociale" }]),
    fiche('F3', [{ short: 'CFE', long: 'Cotisation foncière des entreprises' }]),
  ]);
  const vocabulary = { groups: [...DESK_VOCABULARY.groups, ...learnt.long], typed: learnt.short };
  const added = (q: string) => queryTerms(q, DEFAULT_QUERY_TERMS, vocabulary).filter((t) => t.kind === 'synonym').map((t) => t.term);

  it('expands a short form typed as a word, in any case, to every long form the fiches give it', () => {
    expect(added('ma cfe a augmenté')).toEqual(expect.arrayContaining(['centr', 'formal', 'cotis', 'fonci']));
    expect(added('le Pacea pour mon fils')).toEqual(expect.arrayContaining(['parcour', 'accompagn', 'autonom']));
  });

  it('matches the word as typed, not its stem: « père » is not the PER, « pacs » not the Pacea', () => {
    expect(added('mon père est malade')).not.toContain('epargn');
    expect(added('se pacser')).not.toContain('parcour');
    expect(added('rompre un pacs')).not.toContain('accompagn');
  });

  it('ignores a short form that is a French function word, and brings the short form for a long one', () => {
    expect(added('je ne sais pas')).toEqual([]);
    expect(added('un prêt d’accession sociale')).toEqual([]);
    expect(added('la cotisation foncière des entreprises de mon garage')).toContain('cfe');
  });

  it('reads them from the real fiches (DILA spells out RSA in its fiches)', () => {
    const corpus = readBundle('public/corpus');
    const all = learnAbbreviations(corpus.fiches);
    expect(all.short.size).toBeGreaterThan(200);
    expect(all.short.get('rsa')?.flat()).toEqual(expect.arrayContaining(['revenu', 'solidar', 'activ']));
  });
});
