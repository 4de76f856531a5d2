import { describe, expect, it } from 'vitest';
import { shippedEngine } from '../helpers/realEngine';

/**
 * What an outside tester typed at 1366×768 on a fresh install, and what came first. Each line
 * failed before ranking was learnt, passages were cut by case and the other audiences searched.
 */
describe('first fiche and first passage for questions an outside tester typed', () => {
  const engine = shippedEngine();
  const ask = (question: string) => engine.search(question, { audiences: ['particuliers'], k: 5 });
  const ids = (question: string) => ask(question).hits.map((h) => h.fiche.id);

  it('a lost identity card of a 15-year-old: the fiche for minors, from the general case, never Guyane', () => {
    const hit = ask("ma fille de 15 ans a perdu sa carte d'identité").hits[0]!;
    expect(hit.fiche.id).toBe('F1153');
    for (const p of hit.passages) expect(p.chunk.path).not.toContain('En Guyane');
    expect(hit.passages[0]!.chunk.path).not.toContain("À l'étranger");
  });

  it('works at home and whether a permit is needed: déclaration préalable or permis de construire', () => {
    const top = ids('comment déclarer un chantier de travaux chez moi, il faut un permis ?');
    expect(top.some((id) => id === 'F17578' || id === 'F1986')).toBe(true);
  });

  it('a student on the RSA: an RSA fiche, not the guide for a death in the family', () => {
    expect(ids("je suis étudiant, est-ce que j'ai droit au RSA ?")[0]).not.toBe('F16507');
  });

  it('an association’s refreshment stall, asked as a particulier: the associations fiche is offered', () => {
    const result = ask('notre association veut organiser une buvette');
    expect(result.suggestedAudience).toBe('associations');
    expect(result.otherHits.map((h) => h.fiche.id)).toContain('F24345');
  });
});
