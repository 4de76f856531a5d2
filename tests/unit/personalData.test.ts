import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { detectPersonalData, maskPersonalData, possibleNames } from '../../src/privacy/personalData';
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
    // Second audit: lower case, and what else a citizen says at a desk.
    ['nom', "je m'appelle jean dupont et j'ai perdu ma carte", "je m'appelle [nom] et j'ai perdu ma carte"],
    ['nom', 'je m’appelle zébulon quincampoix', 'je m’appelle [nom]'],
    ['nom', 'monsieur dupont a perdu sa carte', 'monsieur [nom] a perdu sa carte'],
    ['nom', 'c’est pour madame léa martin', 'c’est pour madame [nom]'],
    ['nom', 'je suis mme durand, veuve', 'je suis mme [nom], veuve'],
    ['nom', 'nom : durand', 'nom : [nom]'],
    ['nom', 'M. dupont-moretti vient', 'M. [nom] vient'],
    ['iban', 'iban fr76 3000 6000 0112 3456 7890 189', 'iban [IBAN]'],
    ['iban', 'mon rib FR7630006000011234567890189', 'mon rib [IBAN]'],
    ['allocataire', 'mon numéro allocataire CAF est 1234567', 'mon numéro allocataire CAF est [n° d’allocataire]'],
    ['allocataire', 'n° caf 12345678 bloqué', 'n° caf [n° d’allocataire] bloqué'],
    ['allocataire', 'dossier 7654321 en attente', 'dossier [n° d’allocataire] en attente'],
    ['fiscal', 'numéro fiscal 0312345678901', 'numéro fiscal [n° fiscal]'],
    ['fiscal', 'mon numéro fiscal : 03 12 345 678 901', 'mon numéro fiscal : [n° fiscal]'],
    ['passeport', 'passeport n° 12AB34567 expiré', 'passeport n° [n° de passeport] expiré'],
    ['passeport', 'passeport 19fr01234', 'passeport [n° de passeport]'],
    ['étranger', 'numéro étranger 7512345678', 'numéro étranger [n° d’étranger]'],
    ['étranger', 'AGDREF 1234567890 sur mon titre', 'AGDREF [n° d’étranger] sur mon titre'],
    ['immatriculation', 'ma voiture AB-123-CD', 'ma voiture [immatriculation]'],
    ['immatriculation', 'plaque AB 123 CD volée', 'plaque [immatriculation] volée'],
    ['immatriculation', 'plaque ab-123-cd', 'plaque [immatriculation]'],
    ['immatriculation', 'véhicule GH456JK', 'véhicule [immatriculation]'],
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
      // Ordinary words after a civility or a trigger
      'madame la maire a signé', 'monsieur le préfet refuse', 'monsieur veut changer d’adresse', 'Madame, je vous écris',
      'mon prénom est mal écrit sur ma carte', 'le nom de famille de l’enfant',
      // Amounts, laws and their dates, forms, articles, years
      'loi du 6 janvier 1978 relative à l’informatique', 'décret n° 2019-1234 du 12 mars 2019', 'ordonnance du 1er juillet 2021',
      'cerfa n° 12100*02 et cerfa 15776', 'cerfa 1234567', 'article L. 1234-5 du code du travail', 'article R351-1',
      'un revenu de 1 500 000 € par an', '1500000 euros de patrimoine', 'un terrain de 1200000 m2', 'entre 2019 et 2024',
      'le taux de 12,5 % en 2024', '3 enfants de 2, 5 et 12 ans', 'loyer de 650 €, charges 120 €', 'RSA de 607,75 euros',
      'du 123 au 125 de la liste', 'les articles 12 à 18', 'le numéro 3949 de France Travail',
      'Code de la sécurité sociale', 'le SMIC horaire est de 11,65 €', 'ma fille mineure a perdu sa carte',
    ]) {
      expect(detectPersonalData(q), q).toEqual([]);
      expect(maskPersonalData(q).text).toBe(q);
    }
  });
});

describe('names that detection cannot be sure of', () => {
  it('offers capitalised words mid-sentence as possible names, and nothing else', () => {
    const words = (t: string) => possibleNames(maskPersonalData(t).text).map((c) => c.word);
    expect(words('le dossier de Quincampoix est bloqué')).toEqual(['Quincampoix']);
    expect(words('j’ai vu Dupont et Benali hier')).toEqual(['Dupont', 'Benali']);
    for (const t of [
      'Quincampoix a perdu sa carte', 'la CAF de Paris et la CPAM', 'Mme Léa Martin', 'rendez-vous mardi 3 mars en Préfecture',
      'carte Vitale perdue', 'France Services à Lyon ?', 'Bonjour. Comment faire ?',
    ]) {
      expect(words(t), t).toEqual(t === 'France Services à Lyon ?' ? ['Lyon'] : []);
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
