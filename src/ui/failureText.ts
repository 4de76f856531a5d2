import { toFailure, type Failure, type FailureLayer } from '../errors/appFailure';

const mo = (bytes: number | string | undefined) => `${Math.ceil(Number(bytes ?? 0) / (1 << 20)).toLocaleString('fr-FR')} Mo`;
const KEPT = 'Le corpus installé est conservé.';

/**
 * The one place where a corpus, storage, import or search failure becomes French for the agent,
 * always with what to do next.
 */
export function failureText(f: Failure): string {
  const d = f.details ?? {};
  switch (f.code) {
    case 'bundle-missing':
      return `Les fiches de démonstration sont introuvables sur ce poste (${d.file ?? 'corpus'}). Demandez à l’administrateur de lancer « npm run corpus:build », puis rechargez la page.`;
    case 'bundle-format':
      return 'Les fiches de démonstration sont dans un format que cette version ne lit pas. Demandez à l’administrateur de reconstruire le corpus (« npm run corpus:build »).';
    case 'bundle-unreachable':
      return 'Le corpus n’a pas pu être téléchargé : le serveur local ne répond pas et ce poste n’en a pas encore de copie. Rechargez la page une fois le réseau revenu.';
    case 'quota':
      // What the browser refused, not what `estimate()` says is free (it can claim gigabytes free
      // beside a refused write of a few megabytes).
      return d.neededBytes !== undefined
        ? `Espace de stockage insuffisant : le navigateur a refusé d’enregistrer ${mo(d.neededBytes)} de fiches sur ce poste (disque presque plein, ou limite qu’il fixe à ce site). Libérez de l’espace disque (ou supprimez un modèle), puis recommencez. ${KEPT}`
        : `Espace de stockage insuffisant. Libérez de l’espace disque (ou supprimez un modèle), puis recommencez. ${KEPT}`;
    case 'storage-unavailable':
      return 'Le stockage du navigateur est indisponible (navigation privée ou stockage bloqué) : le corpus de démonstration reste utilisé. Ouvrez Comptoir dans une fenêtre normale.';
    case 'not-zip':
      return `${d.file ? `« ${d.file} » n’est` : 'Ce fichier n’est'} pas une archive zip : choisissez le fichier vosdroits-latest.zip de la DILA. ${KEPT}`;
    case 'zip-damaged':
      return `L’archive zip est endommagée ou incomplète : téléchargez-la de nouveau, puis recommencez. ${KEPT}`;
    case 'zip64':
      return `Cette archive utilise le format zip64, que Comptoir ne lit pas : une archive DILA n’en a pas besoin, vérifiez le fichier choisi. ${KEPT}`;
    case 'too-many-entries':
      return `L’archive contient ${Number(d.entries).toLocaleString('fr-FR')} fichiers, plus que les ${Number(d.max).toLocaleString('fr-FR')} qu’une archive DILA peut contenir : vérifiez le fichier choisi. ${KEPT}`;
    case 'too-large':
      return `Une fois décompressée, l’archive dépasse ${mo(d.max)} (bien plus qu’une archive DILA) : import arrêté. Vérifiez le fichier choisi. ${KEPT}`;
    case 'no-file':
      return `Aucun fichier trouvé dans l’archive : vérifiez le fichier choisi. ${KEPT}`;
    case 'no-valid-fiche':
      return `Aucune fiche valide parmi ${d.files ?? 0} fichier(s) : vérifiez qu’il s’agit bien d’une archive « vos droits » de la DILA (voir le rapport). ${KEPT}`;
    case 'worker-crashed':
      if (f.layer === 'search') return 'Le moteur de recherche s’est arrêté (mémoire du navigateur insuffisante ?) : fermez les autres onglets, puis rechargez la page.';
      return `L’import s’est arrêté brutalement (mémoire du navigateur insuffisante ?). Fermez les autres onglets, puis recommencez. ${KEPT}`;
    case 'out-of-memory':
      return f.layer === 'import'
        ? `Mémoire insuffisante pour lire cette archive. Fermez les autres onglets, puis recommencez. ${KEPT}`
        : 'Mémoire insuffisante : fermez les autres onglets, puis rechargez la page.';
    case 'cancelled':
      return `Import annulé. ${KEPT}`;
    case 'not-loaded':
      return 'Le corpus n’a pas pu être chargé : rechargez la page. Si le problème persiste, revenez aux données de démonstration dans les paramètres.';
    case 'unexpected':
    default:
      return f.layer === 'import'
        ? `Import impossible (erreur inattendue : ${(f.detail ?? '').slice(0, 120)}). Rechargez la page et recommencez ; si l’erreur revient, signalez-la avec ce message. ${KEPT}`
        : `Erreur inattendue (${f.layer}) : rechargez la page. (${(f.detail ?? '').slice(0, 120)})`;
  }
}

/** The line shown after a successful import. */
export function importDoneText(
  counts: { answer: number; chunks: number }, refused: number, links: { droppedUrls?: number; offDomainServices?: number; offDomainFiches?: number } = {},
): string {
  const { droppedUrls = 0, offDomainServices = 0, offDomainFiches = 0 } = links;
  return `${counts.answer} fiches importées (${counts.chunks} passages)${refused ? `, ${refused} fichier(s) refusé(s)` : ''}`
    + `${droppedUrls ? `, ${droppedUrls} lien(s) non https retiré(s)` : ''}`
    + `${offDomainServices ? `, ${offDomainServices} démarche(s) en ligne hors des sites publics signalée(s)` : ''}`
    + `${offDomainFiches ? `, ${offDomainFiches} adresse(s) de fiche hors des sites publics retirée(s)` : ''}.`;
}

/** An error caught at the UI edge: French for a coded failure, else its own text (a model's, already French). */
export function describeFailure(err: unknown, layer: FailureLayer): string {
  const failure = toFailure(err, layer);
  return failure.code === 'unexpected' ? String((err as Error)?.message ?? err) : failureText(failure);
}

/** An avis whose kept text still holds possible names the agent has not decided on. */
export const KEEP_TEXT_UNREVIEWED = 'Relisez le texte conservé : masquez les mots surlignés ou confirmez que ce ne sont pas des noms de personne, puis enregistrez.';
