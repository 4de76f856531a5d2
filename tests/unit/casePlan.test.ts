import { describe, expect, it } from 'vitest';
import { ageRange, defaultOption, fitsPlan, planCases, planFit, statedAge, statedOption } from '../../src/search/ranking/casePlan';
import { analyze } from '../../src/search/analysis/frenchAnalyzer';

const facts = (text: string) => ({ terms: new Set(analyze(text)), age: statedAge(text) });
const weight = () => 1;

describe('the case a question states, else the general one', () => {
  it('takes DILA’s general case, else the first option, and assumes none in an enumeration', () => {
    expect(defaultOption({ options: ['En Guyane', 'Cas général'] })).toBe(1);
    expect(defaultOption({ options: ['En France', "À l'étranger"] })).toBe(0);
    expect(defaultOption({ options: ['Régime général (Caf)', 'Régime agricole (MSA)'] })).toBe(0);
    expect(defaultOption({ options: ['Ain (01)', 'Aisne (02)', 'Allier (03)', 'Alpes (04)', 'Ardèche (07)', 'Ardennes (08)'] })).toBe(-1);
  });

  it('reads ages in questions and in option titles', () => {
    expect(statedAge('ma fille de 15 ans a perdu sa carte')).toBe(15);
    expect(statedAge('je suis au chômage depuis 3 mois')).toBeUndefined();
    expect(ageRange('Entre 12 et 13 ans')).toEqual([12, 13]);
    expect(ageRange('À partir de 13 ans')).toEqual([13, 200]);
    expect(ageRange('Avant 12 ans')).toEqual([0, 11]);
    expect(ageRange('Vous avez 67 ans (ou plus)')).toEqual([67, 200]);
    expect(ageRange('Personne mineure')).toEqual([0, 17]);
    expect(ageRange('En France')).toBeUndefined();
  });

  it('picks the option whose own words or age range the question states', () => {
    const territory = { options: ['Cas général', 'En Guyane'] };
    expect(statedOption(territory, facts("j'habite en Guyane, combien coûte la carte"), new Set(), weight)).toBe(1);
    expect(statedOption(territory, facts('combien coûte la carte'), new Set(), weight)).toBe(-1);
    const ages = { options: ['Avant 12 ans', 'Entre 12 et 13 ans', 'À partir de 13 ans'] };
    expect(statedOption(ages, facts('mon fils de 15 ans doit-il signer'), new Set(), weight)).toBe(2);
    expect(statedOption(ages, facts('mon fils de 8 ans'), new Set(), weight)).toBe(0);
    // A word every option shares, or the fiche's own subject, states nothing.
    const channel = { options: ['Vous demandez une nouvelle carte', 'Vous ne demandez pas de nouvelle carte'] };
    expect(statedOption(channel, facts('je demande une nouvelle carte'), new Set(analyze('carte')), weight)).toBe(-1);
    const place = { options: ['Si la perte a eu lieu en France', "Si la perte a eu lieu à l'étranger"] };
    expect(statedOption(place, facts("j'ai perdu ma carte à l'étranger"), new Set(analyze("carte d'identité perte")), weight)).toBe(1);
  });

  it('keeps passages of the picked cases and of no case, and ranks a stated case above', () => {
    const plan = planCases([{ options: ['En France', "À l'étranger"] }, { options: ['Cas général', 'En Guyane'] }], facts("je vis à l'étranger"), 'Carte', weight);
    expect(plan).toEqual([{ choice: 0, option: 1, stated: true }, { choice: 1, option: 0, stated: false }]);
    expect(fitsPlan({}, plan)).toBe(true);
    expect(fitsPlan({ cases: [[0, 1]] }, plan)).toBe(true);
    expect(fitsPlan({ cases: [[0, 0]] }, plan)).toBe(false);
    expect(fitsPlan({ cases: [[0, 1], [1, 1]] }, plan)).toBe(false);
    expect(planFit({ cases: [[0, 1]] }, plan)).toBe(2);
    expect(planFit({ cases: [[1, 0]] }, plan)).toBe(1);
    expect(planFit({ cases: [[1, 1]] }, plan)).toBe(0);
  });
});
