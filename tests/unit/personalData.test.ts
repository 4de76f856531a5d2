import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { detectPersonalData, maskPersonalData } from '../../src/privacy/personalData';
import { personalDataNotice } from '../../src/privacy/personalDataNotice';
import { ComptoirDb } from '../../src/storage/db';

describe('personal data typed into a question', () => {
  const cases: [string, string, string][] = [
    ['courriel', 'écrire à lea.martin+caf@gmail.com pour le dossier', 'écrire à [courriel] pour le dossier'],
    ['nir', 'son numéro de sécu est 1 85 05 78 006 084 36', 'son numéro de sécu est [n° de sécurité sociale]'],
    ['nir', 'NIR 185057800608436', 'NIR [n° de sécurité sociale]'],
    ['nir', 'né en Corse 2 91 12 2A 004 123 45', 'né en Corse [n° de sécurité sociale]'],
    ['iban', 'virement sur FR76 3000 6000 0112 3456 7890 189 refusé', 'virement sur [IBAN] refusé'],
    ['téléphone', 'rappeler au 06.12.34.56.78 ou +33 1 23 45 67 89', 'rappeler au [téléphone] ou [téléphone]'],
    ['date', 'née le 12/03/1985 à Lyon', 'née le [date] à Lyon'],
    ['date', 'né le 3 mars 1962', 'né le [date]'],
    ['adresse', 'il habite 12 bis rue des Lilas, 69003 Lyon depuis mai', 'il habite [adresse] depuis mai'],
    ['nom', 'Mme Léa Martin a perdu sa carte', 'Mme [nom] a perdu sa carte'],
    ['nom', "ma fille Inès a 15 ans", 'ma fille [nom] a 15 ans'],
    ['nom', "je m'appelle Karim Benali", "je m'appelle [nom]"],
    ['nom', 'le dossier de DUPONT est bloqué', 'le dossier de [nom] est bloqué'],
  ];
  it.each(cases)('masks a %s', (kind, input, masked) => {
    const result = maskPersonalData(input);
    expect(result.text).toBe(masked);
    expect(result.found).toContain(kind);
  });

  it('leaves ordinary desk questions alone', () => {
    for (const q of [
      "ma fille de 15 ans a perdu sa carte d'identité, on fait comment ?",
      'la CAF me demande un RIB pour le RSA et les APL',
      'combien coûte une carte grise en 2024 pour 3500 € ?',
      'mon loyer de 650 euros a augmenté le 1er janvier',
      'France Services peut-il m’aider pour la CPAM ?',
    ]) {
      expect(detectPersonalData(q), q).toEqual([]);
      expect(maskPersonalData(q).text).toBe(q);
    }
  });
});

describe('telling the agent', () => {
  it('says it once on this PC, the first time a question holds personal data', async () => {
    const d = new ComptoirDb(`n-${Math.random()}`);
    expect(await personalDataNotice(d, 'carte grise perdue')).toBeUndefined();
    expect(await personalDataNotice(d, 'Mme Martin, tél 06 12 34 56 78')).toMatch(/données personnelles \(numéro de téléphone, nom de personne\).*masquées/);
    expect(await personalDataNotice(d, 'M. Durand, né le 3 mars 1962')).toBeUndefined();
  });
});
