/**
 * The one written data policy: what Comptoir keeps, where, for how long and who can see it.
 * Shown in Paramètres and in the « Transparence » panel; README says the same in prose.
 */
export interface PolicyEntry {
  what: string;
  where: string;
  howLong: string;
  who: string;
}

export const DATA_POLICY: PolicyEntry[] = [
  {
    what: 'La question de l’usager, la réponse et les passages à l’écran',
    where: 'mémoire de l’onglet, sur ce poste',
    howLong: 'jusqu’à « Nouvel usager » (ou la fermeture de l’onglet), qui efface l’écran, les vues ouvertes (impression comprise), la zone de saisie, '
      + 'le presse-papiers si Comptoir y a copié la réponse, et ce que les moteurs gardent des questions en mémoire',
    who: 'l’agent devant l’écran',
  },
  {
    what: 'Historique des conversations (questions et réponses)',
    where: 'base locale du navigateur (IndexedDB), sur ce poste',
    howLong: 'rien par défaut ; si un agent l’active : 1 à 90 jours, et « Nouvel usager » l’efface toujours (jamais en mode borne)',
    who: 'les agents qui utilisent ce navigateur sur ce poste',
  },
  {
    what: 'Avis sur les réponses : note, motifs, fiches citées, version du prompt, modèle, date',
    where: 'base locale du navigateur (IndexedDB), sur ce poste ; export CSV à la demande',
    howLong: 'durée de conservation réglable (90 jours par défaut), « Supprimer les avis » à tout moment',
    who: 'les agents du poste, et la structure à qui l’export CSV est remis',
  },
  {
    what: 'Texte de la question et de la réponse dans un avis',
    where: 'avec l’avis, seulement si l’agent coche « Conserver aussi le texte » (jamais en mode borne)',
    howLong: 'comme l’avis ; noms, NIR, téléphones, courriels, IBAN, numéros d’allocataire, fiscaux, d’étranger et de passeport, plaques, '
      + 'adresses et dates sont masqués avant l’enregistrement et à l’export ; un nom possible est montré à l’agent, qui le masque ou le garde',
    who: 'comme l’avis',
  },
  {
    what: 'Fiches service-public.fr, modèles de langage, réglages',
    where: 'ce poste (IndexedDB, cache du navigateur)',
    howLong: 'jusqu’à leur remplacement ou leur suppression dans Paramètres',
    who: 'aucune donnée sur l’usager',
  },
];

export const NOTHING_LEAVES =
  'Rien de ce qui est saisi ne quitte ce poste : le navigateur interdit à la page et à ses processus de contacter un autre site '
  + '(politique de sécurité du contenu), seule l’adresse de ce serveur local est autorisée.';
