import { describe, expect, it } from 'vitest';
import { queryTerms, DEFAULT_QUERY_TERMS, DESK_VOCABULARY } from '../../src/search/analysis/queryTerms';
import { analyze } from '../../src/search/analysis/frenchAnalyzer';
import { TRANSLATIONS } from '../../src/search/analysis/translations';
import { learnTranslations, questionPairs, type TranslationPair } from '../../scripts/lib/translationModel';
import type { FicheMeta } from '../../src/corpus/corpusData';
import { realEngine } from '../helpers/realEngine';

const pair = (question: string, title: string, fiche: string): TranslationPair => ({ source: analyze(question), target: analyze(title), fiche });

describe('learnt translations (IBM model 1 over question → title pairs)', () => {
  const pairs = [
    pair('mon patron me paie pas', 'Salaire impayé par l’employeur', 'F1'),
    pair('mon patron veut me virer', 'Licenciement : rôle de l’employeur', 'F2'),
    pair('le patron refuse mes congés', 'Congés refusés par l’employeur', 'F3'),
    pair('les allocs de la caf', 'Prestations familiales', 'F4'),
    pair('ma voiture', 'Certificat d’immatriculation', 'F5'),
    pair('ma voiture', 'Certificat d’immatriculation', 'F5'),
  ];

  it('keeps a word the titles say in other words, seen about several fiches', () => {
    const table = learnTranslations(pairs);
    expect(table.patron?.map(([t]) => t)).toContain('employeur');
    for (const [, p] of table.patron ?? []) expect(p).toBeGreaterThanOrEqual(0.1);
  });

  it('drops what one fiche alone says, and never translates a word into itself', () => {
    const table = learnTranslations(pairs);
    // « voiture » → « immatriculation » is seen twice, but about one fiche only.
    expect(table.voitur).toBeUndefined();
    expect(table.alloc).toBeUndefined();
    for (const [word, translations] of Object.entries(table)) expect(translations.map(([t]) => t)).not.toContain(word);
  });

  it('pairs a question with the title of each fiche that answers it in its answering audience, numbers left out', () => {
    const fiches = [
      { id: 'F1', audience: 'particuliers', title: 'Carte d’identité' },
      { id: 'F1', audience: 'professionnels', title: 'Déclaration de TVA' },
    ] as FicheMeta[];
    const [p] = questionPairs([{ question: 'ma fille de 15 ans', ids: ['F1'], audience: 'particuliers', answer_audience: 'professionnels' }], fiches);
    expect(p!.source).toEqual(['fill', 'an']);
    expect(p!.target).toEqual(analyze('Déclaration de TVA'));
  });
});

describe('translations in the query', () => {
  const vocabulary = { groups: [], translations: { patron: [['employeur', 0.6], ['salari', 0.2]] as [string, number][] } };

  it('adds each translation at the learnt weight times its probability, tied to the word it translates', () => {
    const terms = queryTerms('mon patron ne me paie pas', DEFAULT_QUERY_TERMS, vocabulary);
    const employeur = terms.find((t) => t.term === 'employeur')!;
    expect(employeur.kind).toBe('translation');
    expect(employeur.weight).toBeCloseTo(DEFAULT_QUERY_TERMS.translationWeight * 0.6);
    expect(terms[employeur.source]!.term).toBe('patron');
  });

  it('never adds again a word the question says itself', () => {
    const terms = queryTerms('mon patron, mon employeur', DEFAULT_QUERY_TERMS, vocabulary);
    expect(terms.filter((t) => t.term === 'employeur').map((t) => t.kind)).toEqual(['query']);
  });

  it('ships a table the query uses: likeliest first, each probability between the kept floor and 1', () => {
    expect(DESK_VOCABULARY.translations).toBe(TRANSLATIONS);
    const entries = Object.entries(TRANSLATIONS);
    expect(entries.length).toBeGreaterThan(100);
    for (const [word, translations] of entries) {
      expect(translations.length, word).toBeGreaterThan(0);
      expect(translations.length, word).toBeLessThanOrEqual(3);
      const ps = translations.map(([, p]) => p);
      expect(ps, word).toEqual([...ps].sort((a, b) => b - a));
      for (const p of ps) expect(p >= 0.1 && p <= 1, word).toBe(true);
    }
  });
});

describe('translations in the shipped engine', () => {
  it('searches with the shipped table, next to the corpus abbreviations', () => {
    const { engine } = realEngine();
    const word = Object.keys(TRANSLATIONS).find((w) => /^[a-z]{5,}$/.test(w) && TRANSLATIONS[w]!.every(([t]) => t !== w))!;
    const question = `question sur ${word}`;
    // The word as the question says it: the table is keyed by analysed terms.
    const said = queryTerms(question).find((t) => t.kind === 'query' && t.term === word);
    if (!said) return expect.fail(`${word} is not its own analysed form`);
    const { terms } = engine.search(question, { k: 1 });
    const translated = terms.filter((t) => t.kind === 'translation').map((t) => t.term);
    expect(translated.length).toBeGreaterThan(0);
    for (const t of translated) expect(TRANSLATIONS[word]!.map(([x]) => x)).toContain(t);
  });
});
