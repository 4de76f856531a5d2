import { describe, expect, it } from 'vitest';
import { ageRange, CASE_FEATURES, CASE_PICKER, defaultOption, fitsPlan, optionContent, optionFeatures, pickOption, phraseForm, planCases, planFit, quantityFits, quantityRange, statedAge, statedQuantities, type CaseFeature, type CaseModel } from '../../src/search/ranking/casePlan';
import { analyze } from '../../src/search/analysis/frenchAnalyzer';

const facts = (text: string) => ({ terms: new Set(analyze(text)), phrase: phraseForm(text), age: statedAge(text), quantities: statedQuantities(text) });
const weight = () => 1;
const feature = (row: readonly number[], name: CaseFeature) => row[CASE_FEATURES.indexOf(name)];
/** A picker that follows the question's own words, ages and quantities, and the passages' words. */
const model = (weights: Partial<Record<CaseFeature, number>>): CaseModel => ({ weights: Object.fromEntries(CASE_FEATURES.map((f) => [f, weights[f] ?? 0])) as Record<CaseFeature, number> });
const byWords = model({ default: 0.5, title: 1, titleInFicheTitle: 0.5, age: 1, quantity: 1, words: 1 });

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

  it('reads amounts, percentages and durations in questions and the ranges option titles cover', () => {
    expect(statedQuantities('Je vends ma cuisine 2 000 € et je suis invalide à 60 %, permis suspendu 3 mois, mon fils de 15 ans')).toEqual([
      { value: 2000, unit: '€' }, { value: 60, unit: '%' }, { value: 3, unit: 'moi' },
    ]);
    expect(quantityRange('Vente supérieure ou égale à 1500 euros')).toEqual({ unit: '€', range: [1500, Infinity] });
    expect(quantityRange('Valeur inférieure à 10 000 €')).toEqual({ unit: '€', range: [-Infinity, 10000] });
    expect(quantityRange('Invalide de 25 % à 45 %')).toEqual({ unit: '%', range: [25, 45] });
    expect(quantityRange("Suspension d'1 mois ou moins")).toEqual({ unit: 'moi', range: [-Infinity, 1] });
    expect(quantityRange('À partir de 2 enfants')).toEqual({ unit: 'enfant', range: [2, Infinity] });
    expect(quantityRange('Entre 12 et 13 ans')).toBeUndefined(); // ages are ageRange's
    expect(quantityRange('En France')).toBeUndefined();
    expect(quantityFits('Vente supérieure ou égale à 1500 euros', statedQuantities('ma cuisine à 2000 euros'))).toBe(true);
    expect(quantityFits('Vente inférieure à 1500 euros', statedQuantities('ma cuisine à 2000 euros'))).toBe(false);
    expect(quantityFits('Vente inférieure à 1500 euros', statedQuantities('ma cuisine, 2000 km plus loin'))).toBe(false);
  });

  it('gives each option the evidence the question holds for it alone', () => {
    const territory = { options: ['Cas général', 'En Guyane'] };
    const guyane = optionFeatures(territory, 0, facts("j'habite en Guyane, combien coûte la carte"), new Set(), weight);
    expect(feature(guyane[0]!, 'default')).toBe(1);
    expect(feature(guyane[1]!, 'title')).toBeGreaterThan(0);
    expect(feature(guyane[0]!, 'title')).toBe(0);
    const ages = { options: ['Avant 12 ans', 'Entre 12 et 13 ans', 'À partir de 13 ans'] };
    expect(optionFeatures(ages, 0, facts('mon fils de 15 ans doit-il signer'), new Set(), weight).map((x) => feature(x, 'age'))).toEqual([0, 0, 1]);
    const sale = { options: ['Vente inférieure à 1500 euros', 'Vente supérieure ou égale à 1500 euros'] };
    expect(optionFeatures(sale, 0, facts('je vends ma cuisine 2000 €'), new Set(), weight).map((x) => feature(x, 'quantity'))).toEqual([0, 1]);
    // A word every option shares states nothing; a word of the fiche's own title counts apart.
    const channel = { options: ['Vous demandez une nouvelle carte', 'Vous ne demandez pas de nouvelle carte'] };
    expect(optionFeatures(channel, 0, facts('je demande une nouvelle carte'), new Set(), weight).every((x) => feature(x, 'title') === 0)).toBe(true);
    const place = { options: ['Si la perte a eu lieu en France', "Si la perte a eu lieu à l'étranger"] };
    const lost = optionFeatures(place, 0, facts("j'ai perdu ma carte à l'étranger, en voyage"), new Set(analyze('carte étranger')), weight);
    expect([feature(lost[1]!, 'title'), feature(lost[1]!, 'titleInFicheTitle')]).toEqual([0, Math.log1p(1)]);
  });

  it('knows when the question says an option’s whole title, little words included', () => {
    const residence = { options: ['En France', "À l'étranger"] };
    const abroad = optionFeatures(residence, 0, facts("Nous habitons à l'etranger, comment se pacser"), new Set(), weight);
    expect(abroad.map((x) => feature(x, 'titleSaid'))).toEqual([0, 1]);
    // « étranger » alone names the nationality option's word, not its title.
    const nationality = { options: ['Pour un français', 'Pour un étranger'] };
    expect(optionFeatures(nationality, 0, facts("Nous habitons à l'étranger"), new Set(), weight).map((x) => feature(x, 'titleSaid'))).toEqual([0, 0]);
    expect(optionFeatures(nationality, 0, facts('je suis marié pour un étranger ?'), new Set(), weight).map((x) => feature(x, 'titleSaid'))).toEqual([0, 1]);
  });

  it('reads what the passages written for each option say, against their siblings', () => {
    // Passages: one outside any case, two under option 0 of choice 0, one under option 1.
    const chunks = [{}, { cases: [[0, 0]] as [number, number][] }, { cases: [[0, 0]] as [number, number][] }, { cases: [[0, 1]] as [number, number][] }];
    const content = optionContent(chunks, [{ words: 1 }, { words: 0.2 }, { words: 0.5, heading: 1 }, { words: 0.9 }]);
    expect(content(0, 0)).toEqual({ words: 0.5 - 0.9, vector: 0, heading: 1, answerKind: 0 });
    expect(content(0, 1).words).toBeCloseTo(0.4);
    const features = optionFeatures({ options: ['Animal domestique', 'Animal non domestique'] }, 0, facts('un python'), new Set(), weight, content);
    expect(features.map((x) => feature(x, 'words'))).toEqual([0.5 - 0.9, 0.9 - 0.5]);
    // The passages' words alone move the pick off the default when the model weighs them.
    expect(pickOption({ options: ['Animal domestique', 'Animal non domestique'] }, features, model({ default: 1, words: 1 }))).toBe(0);
    expect(pickOption({ options: ['Animal domestique', 'Animal non domestique'] }, features, model({ default: 0.5, words: 2 }))).toBe(1);
  });

  it('assumes no option of an enumeration unless one beats the default', () => {
    const departements = { options: ['Ain (01)', 'Aisne (02)', 'Allier (03)', 'Alpes (04)', 'Ardèche (07)', 'Ardennes (08)'] };
    expect(pickOption(departements, optionFeatures(departements, 0, facts('combien coûte la carte'), new Set(), weight), byWords)).toBe(-1);
    expect(pickOption(departements, optionFeatures(departements, 0, facts("j'habite dans l'Ardèche"), new Set(), () => 5), byWords)).toBe(4);
  });

  it('keeps passages of the picked cases and of no case, and ranks a stated case above', () => {
    const plan = planCases([{ options: ['En France', "À l'étranger"] }, { options: ['Cas général', 'En Guyane'] }], facts("je vis à l'étranger"), new Set(analyze('Carte')), () => 5, undefined, byWords);
    expect(plan).toEqual([{ choice: 0, option: 1, stated: true }, { choice: 1, option: 0, stated: false }]);
    expect(fitsPlan({}, plan)).toBe(true);
    expect(fitsPlan({ cases: [[0, 1]] }, plan)).toBe(true);
    expect(fitsPlan({ cases: [[0, 0]] }, plan)).toBe(false);
    expect(fitsPlan({ cases: [[0, 1], [1, 1]] }, plan)).toBe(false);
    expect(planFit({ cases: [[0, 1]] }, plan)).toBe(2);
    expect(planFit({ cases: [[1, 0]] }, plan)).toBe(1);
    expect(planFit({ cases: [[1, 1]] }, plan)).toBe(0);
  });

  it('moves off the default only when the model is surer by its margin', () => {
    const row = (values: Partial<Record<CaseFeature, number>>) => CASE_FEATURES.map((f) => values[f] ?? 0);
    const features = [row({ default: 1 }), row({ words: 1.2 })];
    expect(pickOption({ options: ['Cas général', 'En Guyane'] }, features, model({ default: 1, words: 1 }))).toBe(1);
    expect(pickOption({ options: ['Cas général', 'En Guyane'] }, features, { ...model({ default: 1, words: 1 }), margin: 0.5 })).toBe(0);
  });

  it('ships a learnt picker that keeps the general case when the question states none', () => {
    expect(CASE_PICKER.trainedOn?.length).toBeGreaterThan(0);
    expect(CASE_PICKER.weights.default).toBeGreaterThan(0);
    const territory = { options: ['Cas général', 'En Guyane'] };
    expect(planCases([territory], facts('combien coûte la carte'), new Set(analyze('Carte')), () => 5)).toEqual([{ choice: 0, option: 0, stated: false }]);
  });
});
