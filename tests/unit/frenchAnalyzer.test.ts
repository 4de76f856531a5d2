import { describe, expect, it } from 'vitest';
import { analyze, analyzeWithOffsets, foldAccents } from '../../src/search/analysis/frenchAnalyzer';
import { queryTerms } from '../../src/search/analysis/queryTerms';

describe('frenchAnalyzer', () => {
  it('drops elisions with both apostrophes, stop words, and stems before folding accents', () => {
    expect(analyze("L'allocation d’aide au retour à l'emploi")).toEqual(['alloc', 'aid', 'retour', 'emploi']);
    expect(analyze('impôts')).toEqual(analyze('impots'));
    expect(analyze('Impôt')).toEqual(['impot']);
  });

  it('keeps numbers whole and splits hyphenated words', () => {
    expect(analyze('cerfa 12100*02, enfant de 15 ans')).toEqual(['cerf', '12100', '02', 'enfant', '15', 'an']);
    expect(analyze('Île-de-France')).toEqual(['ile', 'franc']);
  });

  it('reduces a question made only of stop words to nothing', () => {
    expect(analyze("est-ce qu'on peut le faire ?")).toEqual([]);
    expect(analyze('🙂🙂 !!')).toEqual([]);
  });

  it('folds ligatures and accents', () => {
    expect(foldAccents('Œuvre éàç')).toBe('Oeuvre eac');
  });

  it('gives offsets into the original text for highlighting', () => {
    const text = "Carte d'identité perdue";
    const words = analyzeWithOffsets(text).map((w) => text.slice(w.start, w.end));
    expect(words).toEqual(['Carte', 'identité', 'perdue']);
  });
});

describe('queryTerms (desk vocabulary)', () => {
  const kinds = (q: string) => queryTerms(q).map((t) => `${t.term}:${t.kind}`);

  it('expands an acronym and a spoken form, one way only', () => {
    expect(kinds('CAF')).toEqual(expect.arrayContaining(['caf:query', 'caiss:synonym', 'familial:synonym']));
    expect(kinds('carte grise')).toEqual(expect.arrayContaining(['certificat:synonym', 'immatricul:synonym']));
    // "carte d'identité" does not drag in "papiers" or "passeport".
    expect(kinds("carte d'identité").filter((k) => k.endsWith(':synonym'))).not.toContain('passeport:synonym');
  });

  it('turns an age under 18 into "mineur"', () => {
    expect(kinds('ma fille de 15 ans')).toContain('mineur:synonym');
    expect(kinds('mon père de 65 ans')).not.toContain('mineur:synonym');
  });

  it('bounds a pasted page to a fixed number of terms', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `mot${i}`).join(' ');
    expect(queryTerms(long).filter((t) => t.kind === 'query').length).toBe(48);
  });
});
