/**
 * A dozen short passages written for the embedder tests (not DILA text), on four topics whose
 * words co-occur, so corpus-learnt vectors link words that never meet in a question.
 */
import type { Chunk } from '../../src/corpus/chunk';
import type { FicheMeta } from '../../src/corpus/corpusData';

const PASSAGES: [string, string, string][] = [
  ['P1', 'Perte de la carte d’identité', 'En cas de perte de la carte d’identité, faites une déclaration de perte en mairie et demandez un nouveau titre avec une photo.'],
  ['P1', 'Perte de la carte d’identité', 'Le titre d’identité perdu est remplacé après la déclaration ; la mairie prend les empreintes et la photo.'],
  ['P2', 'Passeport', 'Le passeport se demande en mairie avec une photo, un timbre fiscal et un justificatif de domicile.'],
  ['P2', 'Passeport', 'La mairie remet le passeport au demandeur ; le timbre fiscal s’achète en ligne ou au bureau de tabac.'],
  ['P3', 'Licenciement', 'L’employeur qui licencie un salarié doit respecter un préavis et verser une indemnité de licenciement.'],
  ['P3', 'Licenciement', 'Le salarié licencié s’inscrit ensuite à France Travail pour percevoir l’allocation chômage.'],
  ['P4', 'Allocation chômage', 'L’allocation chômage est versée au demandeur d’emploi inscrit à France Travail après la fin du contrat de travail.'],
  ['P4', 'Allocation chômage', 'Le montant de l’allocation dépend des salaires perçus pendant le contrat de travail.'],
  ['P5', 'Loyer impayé', 'Le locataire qui ne paie plus son loyer reçoit un commandement de payer du propriétaire par huissier.'],
  ['P5', 'Loyer impayé', 'Le propriétaire peut saisir le juge pour obtenir l’expulsion du locataire après les loyers impayés.'],
  ['P6', 'Aide au logement', 'L’aide au logement réduit le loyer du locataire ; la caisse d’allocations familiales la verse chaque mois.'],
  ['P6', 'Aide au logement', 'La caisse d’allocations familiales calcule l’aide selon les ressources du locataire et le montant du loyer.'],
];

export function miniCorpus(): { fiches: FicheMeta[]; chunks: Chunk[] } {
  const chunks: Chunk[] = PASSAGES.map(([ficheId, title, text], i) => ({
    id: `${ficheId}#${i}`, ficheId, audience: 'particuliers', url: `https://example.invalid/${ficheId}`, path: [title], text, tokens: text.length / 4,
  }));
  const fiches = [...new Map(PASSAGES.map(([id, title]) => [id, title])).entries()].map(([id, title]) => ({ id, title, audience: 'particuliers', url: `https://example.invalid/${id}` }) as unknown as FicheMeta);
  return { fiches, chunks };
}

export function miniTexts(): string[] {
  return PASSAGES.map(([, title, text]) => `${title}\n${text}`);
}
