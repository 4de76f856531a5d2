/** What the agent reads around an import that did not fail (failures: `src/errors/failureText.ts`). */
import { fiches } from '../errors/failureText';

/** The line shown after a successful import. */
export function importDoneText(
  counts: { answer: number; chunks: number }, refused: number,
  links: { droppedUrls?: number; offDomainServices?: number; offDomainFiches?: number; before?: number } = {},
): string {
  const { droppedUrls = 0, offDomainServices = 0, offDomainFiches = 0, before } = links;
  return `${counts.answer} fiches importées (${counts.chunks} passages)`
    + `${before !== undefined ? ` à la place de ${fiches(before)}` : ''}${refused ? `, ${refused} fichier(s) refusé(s)` : ''}`
    + `${droppedUrls ? `, ${droppedUrls} lien(s) non https retiré(s)` : ''}`
    + `${offDomainServices ? `, ${offDomainServices} démarche(s) en ligne hors des sites publics signalée(s)` : ''}`
    + `${offDomainFiches ? `, ${offDomainFiches} adresse(s) de fiche hors des sites publics retirée(s)` : ''}.`;
}

/** The question asked before an import that would remove most of the corpus. */
export function importDropText(drop: { before: number; after: number; refused: number }): string {
  return `Cette archive ne donne que ${drop.after.toLocaleString('fr-FR')} fiche${drop.after > 1 ? 's' : ''} valide${drop.after > 1 ? 's' : ''}`
    + `${drop.refused ? ` (${drop.refused.toLocaleString('fr-FR')} fichier(s) refusé(s))` : ''} ; le corpus actuel en compte ${fiches(drop.before)}.`
    + ' L’importer remplacerait presque tout le corpus. Le corpus actuel restera disponible par « Revenir au corpus précédent ».';
}
