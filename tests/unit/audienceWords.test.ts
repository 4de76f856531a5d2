import { describe, expect, it } from 'vitest';
import { buildBm25 } from '../../src/search/index/bm25';
import { AudienceWords } from '../../src/search/ranking/audienceWords';
import { analyze } from '../../src/search/analysis/frenchAnalyzer';
import { realEngine } from '../helpers/realEngine';
import type { Audience } from '../../src/corpus/model';

describe('AudienceWords (naive Bayes of each audience’s words)', () => {
  const docs: [Audience, string][] = [
    ['particuliers', 'carte d’identité perdue mairie enfant'],
    ['particuliers', 'allocations familiales enfant caf'],
    ['professionnels', 'salariés de la boutique déclaration employeur'],
    ['associations', 'assemblée générale des adhérents bénévoles'],
  ];
  const index = buildBm25(docs.length, (d) => [[], [], analyze(docs[d]![1])]);
  const words = new AudienceWords(index, (d) => docs[d]![0]);

  it('gives positive odds to the audience whose fiches use the question’s words', () => {
    const q = analyze('mes salariés de la boutique');
    expect(words.odds(q, 'professionnels', ['particuliers'])).toBeGreaterThan(0);
    expect(words.odds(q, 'associations', ['particuliers'])).toBeLessThan(words.odds(q, 'professionnels', ['particuliers']));
    expect(words.odds(analyze('enfant perdu carte'), 'professionnels', ['particuliers'])).toBeLessThan(0);
  });

  it('says nothing for words the corpus does not hold', () => {
    expect(words.odds(analyze('xyzzy plugh'), 'professionnels', ['particuliers'])).toBe(0);
  });

  it('weighs odds on the real corpus, and the fiche ranker gets them for another audience’s fiches only', () => {
    const { engine } = realEngine();
    const result = engine.search('notre association de randonnée veut changer de président, il faut prévenir la préfecture ?', { audiences: ['particuliers'], explain: true });
    const candidates = result.candidates ?? [];
    const mine = candidates.filter((c) => c.fiche.audience === 'particuliers');
    const asso = candidates.filter((c) => c.fiche.audience === 'associations');
    expect(mine.length).toBeGreaterThan(0);
    expect(asso.length).toBeGreaterThan(0);
    for (const c of mine) expect(c.features.audience).toBe(0);
    for (const c of asso) expect(c.features.audience).toBeGreaterThan(0);
  });
});
