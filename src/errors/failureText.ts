import { failureKey, toFailure, type DetailsOf, type Failure, type FailureKey, type UnexpectedLayer } from './appFailure';

/**
 * The one place where a failure becomes French for the agent, always with what to do next. One
 * entry per code of `FAILURE_CODES` (a missing one is a type error; tests/unit/failureText walks
 * them all).
 */
type Text<K extends FailureKey> = string | ((d: Partial<DetailsOf<K>>, detail: string) => string);

const mo = (bytes: number | undefined) => `${Math.ceil(Number(bytes ?? 0) / (1 << 20)).toLocaleString('fr-FR')} Mo`;
const size = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1).replace('.', ',')} Mo` : `${Math.ceil(n / 1024)} Ko`);
/** « 1 fiche », « 1 200 fiches ». */
export const fiches = (n: number | undefined) => `${Number(n ?? 0).toLocaleString('fr-FR')} fiche${Number(n) > 1 ? 's' : ''}`;
const count = (n: number | undefined) => Number(n ?? 0).toLocaleString('fr-FR');
const KEPT = 'Le corpus installé est conservé.';
const WITHOUT_EMBEDDER = 'La recherche continue sans lui.';

/** « 45 s », « 2 min », « 1 h 05 min ». */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.ceil(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

const TEXT: { [K in FailureKey]: Text<K> } = {
  'corpus/bundle-missing': (d) => `Les fiches de démonstration sont introuvables sur ce poste (${d.file ?? 'corpus'}). Demandez à l’administrateur de lancer « npm run corpus:build », puis rechargez la page.`,
  'corpus/bundle-format': 'Les fiches de démonstration sont dans un format que cette version ne lit pas. Demandez à l’administrateur de reconstruire le corpus (« npm run corpus:build »).',
  'corpus/bundle-unreachable': 'Le corpus n’a pas pu être téléchargé : le serveur local ne répond pas et ce poste n’en a pas encore de copie. Rechargez la page une fois le réseau revenu.',
  'corpus/index-format': 'L’index de recherche du corpus est tronqué ou d’une autre version : demandez à l’administrateur de reconstruire le corpus (« npm run corpus:build »), puis rechargez la page.',
  'corpus/index-mismatch': 'L’index de recherche ne correspond pas aux fiches du corpus : demandez à l’administrateur de reconstruire le corpus (« npm run corpus:build »), puis rechargez la page.',
  'corpus/out-of-memory': 'Mémoire insuffisante : fermez les autres onglets, puis rechargez la page.',
  'corpus/unexpected': (_, detail) => `Erreur inattendue (corpus) : rechargez la page. (${detail.slice(0, 120)})`,

  // What the browser refused, not what `estimate()` says is free (it can claim gigabytes free
  // beside a refused write of a few megabytes).
  'storage/quota': (d) => (d.neededBytes !== undefined
    ? `Espace de stockage insuffisant : le navigateur a refusé d’enregistrer ${mo(d.neededBytes)} de fiches sur ce poste (disque presque plein, ou limite qu’il fixe à ce site). Libérez de l’espace disque (ou supprimez un modèle), puis recommencez. ${KEPT}`
    : `Espace de stockage insuffisant. Libérez de l’espace disque (ou supprimez un modèle), puis recommencez. ${KEPT}`),
  'storage/storage-unavailable': 'Le stockage du navigateur est indisponible (navigation privée ou stockage bloqué) : le corpus de démonstration reste utilisé. Ouvrez Comptoir dans une fenêtre normale.',
  'storage/unexpected': (_, detail) => `Erreur inattendue (storage) : rechargez la page. (${detail.slice(0, 120)})`,

  'import/not-zip': (d) => `${d.file ? `« ${d.file} » n’est` : 'Ce fichier n’est'} pas une archive zip : choisissez le fichier vosdroits-latest.zip de la DILA. ${KEPT}`,
  'import/zip-damaged': `L’archive zip est endommagée ou incomplète : téléchargez-la de nouveau, puis recommencez. ${KEPT}`,
  'import/zip64': `Cette archive utilise le format zip64, que Comptoir ne lit pas : une archive DILA n’en a pas besoin, vérifiez le fichier choisi. ${KEPT}`,
  'import/too-many-entries': (d) => `L’archive contient ${count(d.entries)} fichiers, plus que les ${count(d.max)} qu’une archive DILA peut contenir : vérifiez le fichier choisi. ${KEPT}`,
  'import/too-large': (d) => `Une fois décompressée, l’archive dépasse ${mo(d.max)} (bien plus qu’une archive DILA) : import arrêté. Vérifiez le fichier choisi. ${KEPT}`,
  'import/no-file': `Aucun fichier trouvé dans l’archive : vérifiez le fichier choisi. ${KEPT}`,
  'import/no-valid-fiche': (d) => `Aucune fiche valide parmi ${d.files ?? 0} fichier(s) : vérifiez qu’il s’agit bien d’une archive « vos droits » de la DILA (voir le rapport). ${KEPT}`,
  'import/worker-crashed': `L’import s’est arrêté brutalement (mémoire du navigateur insuffisante ?). Fermez les autres onglets, puis recommencez. ${KEPT}`,
  'import/out-of-memory': `Mémoire insuffisante pour lire cette archive. Fermez les autres onglets, puis recommencez. ${KEPT}`,
  'import/cancelled': `Import annulé. ${KEPT}`,
  'import/declined': (d) => `Import abandonné : l’archive ne donnait que ${fiches(d.after)} contre ${fiches(d.before)} aujourd’hui. ${KEPT}`,
  'import/unexpected': (_, detail) => `Import impossible (erreur inattendue : ${detail.slice(0, 120)}). Rechargez la page et recommencez ; si l’erreur revient, signalez-la avec ce message. ${KEPT}`,

  // One line of the import report each: the file is not imported, the others are.
  'fiche/not-xml': 'ignoré : ce n’est pas un fichier XML',
  'fiche/empty': 'fichier vide',
  'fiche/file-too-large': (d) => `fichier trop volumineux (${d.over ? 'plus de ' : ''}${size(d.bytes ?? 0)})`,
  'fiche/entry-no-header': 'entrée zip illisible (en-tête absent)',
  'fiche/entry-truncated': 'entrée zip illisible (archive tronquée)',
  'fiche/entry-method': (d) => `entrée zip illisible (méthode de compression ${d.method} non prise en charge)`,
  'fiche/entry-corrupt': 'entrée zip illisible (données compressées corrompues)',
  'fiche/encoding': (d) => `encodage « ${d.encoding} » non pris en charge`,
  'fiche/not-utf8': 'octets non UTF-8 (encodage invalide)',
  'fiche/malformed': (d) => `XML mal formé : ${d.reason}`,
  'fiche/too-deep': (d) => `XML trop imbriqué (plus de ${d.max} niveaux d’éléments) : ce n’est pas une fiche DILA, fichier ignoré`,
  'fiche/no-root': 'XML sans élément racine',
  'fiche/not-publication': (d) => `racine <${d.root}> inattendue (attendu <Publication>)`,
  'fiche/service': 'service complémentaire (R), pas une fiche',
  'fiche/bad-id': (d) => `identifiant de fiche absent ou invalide (${d.id || 'vide'})`,
  'fiche/no-title': 'fiche sans titre',
  'fiche/structure-too-deep': 'structure du fichier trop profonde ou trop grande pour être lue : fichier ignoré',
  'fiche/unexpected': (_, detail) => `erreur de lecture : ${detail}`,

  'search/not-loaded': 'Le corpus n’a pas pu être chargé : rechargez la page. Si le problème persiste, revenez aux données de démonstration dans les paramètres.',
  'search/worker-crashed': 'Le moteur de recherche s’est arrêté (mémoire du navigateur insuffisante ?) : fermez les autres onglets, puis rechargez la page.',
  'search/out-of-memory': 'Mémoire insuffisante : fermez les autres onglets, puis rechargez la page.',
  'search/cancelled': 'Recherche interrompue : relancez la question.',
  'search/unexpected': (_, detail) => `Erreur inattendue (search) : rechargez la page. (${detail.slice(0, 120)})`,

  'embed/missing-file': `Un fichier du modèle de vecteurs est introuvable : réinstallez le modèle. ${WITHOUT_EMBEDDER}`,
  'embed/corrupt-model': `Le fichier du modèle de vecteurs est endommagé ou n’est pas un modèle ONNX : réinstallez-le. ${WITHOUT_EMBEDDER}`,
  'embed/corrupt-tokenizer': `Le fichier tokenizer.json du modèle de vecteurs est illisible : réinstallez le modèle. ${WITHOUT_EMBEDDER}`,
  'embed/bad-config': `La description du modèle de vecteurs est incomplète ou incohérente : réinstallez-le. ${WITHOUT_EMBEDDER}`,
  'embed/checksum': `Le modèle de vecteurs ne correspond pas à son empreinte (fichier modifié ou incomplet) : réinstallez-le. ${WITHOUT_EMBEDDER}`,
  'embed/run-failed': 'Le modèle de vecteurs a échoué pendant le calcul. La recherche continue avec les mots et les vecteurs du corpus.',
  'embed/not-loaded': 'Le modèle de vecteurs n’est pas encore chargé : la recherche utilise les vecteurs du corpus.',
  'embed/vectors-format': 'Le fichier des vecteurs du modèle livré avec le corpus est tronqué ou d’une autre version : demandez à l’administrateur de le refaire (« npm run corpus:embed »), puis rechargez la page.',
  'embed/vectors-mismatch': 'Les vecteurs du modèle livrés avec le corpus ont été calculés pour d’autres fiches ou un autre modèle : demandez à l’administrateur de les refaire (« npm run corpus:embed »), puis rechargez la page.',
  'embed/unexpected': `Le modèle de vecteurs n’a pas pu être utilisé. ${WITHOUT_EMBEDDER}`,

  'model/no-webgpu': 'Navigateur sans WebGPU : mode recherche seule. Utilisez un Chrome ou Edge récent, avec l’accélération matérielle activée.',
  'model/no-shader-f16': (d) => `La carte graphique ne gère pas les calculs en demi-précision (shader-f16) : utilisez la version q4f32 de ce modèle${d.f32Twin ? ` (${d.f32Twin})` : ''}.`,
  'model/device-lost': 'La carte graphique a manqué de mémoire : fermez les autres onglets ou choisissez un modèle plus petit. La conversation est conservée.',
  // Said from the failure: `estimate()` can report gigabytes free beside a write it refused.
  'model/quota': (d) => (d.neededMB !== undefined
    ? `Espace de stockage insuffisant : le navigateur a refusé d’enregistrer ce modèle (${(d.neededMB / 1024).toFixed(1)} Go) sur ce poste (disque presque plein, ou limite qu’il fixe à ce site). Libérez de l’espace ou choisissez un modèle plus petit.`
    : 'Espace de stockage insuffisant pour ce modèle : libérez de l’espace ou choisissez un modèle plus petit.'),
  'model/not-found': 'Fichiers du modèle introuvables : vérifiez que le dossier du modèle est bien copié dans models/ (ou que le téléchargement est autorisé).',
  'model/corrupt': 'Les fichiers du modèle sont incomplets ou abîmés : réinstallez-le (dossier models/ ou téléchargement).',
  'model/checksum': 'Le fichier du modèle ne correspond pas à l’empreinte enregistrée dans son dossier (sha256.json) : la copie est abîmée ou a été modifiée, il n’a pas été utilisé. Recopiez le dossier du modèle, vérifiez-le avec « npm run models:check », puis réessayez.',
  'model/context-window': 'La question et ses sources dépassent la taille que le modèle accepte : nouvel essai avec moins de passages.',
  'model/unknown-model': 'Ce modèle n’est pas décrit dans le catalogue de Comptoir : choisissez-en un autre.',
  'model/read-failed': 'Le navigateur n’a pas pu lire le fichier du modèle en mémoire : fermez les autres onglets puis réessayez, ou choisissez un modèle plus petit. Le modèle installé n’a pas été modifié.',
  'model/not-loaded': 'Aucun modèle n’est chargé : mode recherche seule. Choisissez un modèle dans les paramètres.',
  'model/aborted': 'Chargement annulé.',
  'model/hub-blocked': 'Le téléchargement des modèles est autorisé dans Comptoir, mais pas par le serveur : il a été démarré sans COMPTOIR_ALLOW_HUB=1, et le navigateur bloque donc le site des modèles. Redémarrez-le avec COMPTOIR_ALLOW_HUB=1 (ou ajoutez ce site à son en-tête Content-Security-Policy), ou copiez le dossier du modèle dans models/.',
  'model/unexpected': (_, detail) => `Le modèle a rencontré une erreur : mode recherche seule. (${detail.slice(0, 160)})`,

  'kiosk/code-too-short': (d) => `Le code administrateur doit compter au moins ${d.min} caractères.`,
  'kiosk/wrong-code': 'Code administrateur incorrect.',
  'kiosk/no-code': 'Aucun code administrateur n’est défini sur ce poste : définissez-en un.',
  'kiosk/locked': (d) => `Trop d’essais incorrects : attendez ${formatWait(d.waitSeconds ?? 0)} avant de réessayer.`,
  'kiosk/not-configured': (d) => 'Aucun code administrateur n’a été configuré pour cette borne : l’administrateur qui l’installe doit en fixer un '
    + '(fichier kiosk.json à côté de l’application, voir le guide d’installation). L’administration reste fermée en attendant.'
    + (d.invalid ? ` (kiosk.json présent mais illisible : ${d.invalid})` : ''),
  'kiosk/unexpected': (_, detail) => `Erreur inattendue du mode borne : rechargez la page. (${detail.slice(0, 120)})`,

  // An avis whose kept text still holds possible names the agent has not decided on.
  'feedback/text-unreviewed': 'Relisez le texte conservé : masquez les mots surlignés ou confirmez que ce ne sont pas des noms de personne, puis enregistrez.',
  'feedback/save-failed': (_, detail) => `L’avis n’a pas pu être enregistré sur ce poste${detail ? ` (${detail.slice(0, 120)})` : ''}. Réessayez.`,
};

/** The French text of a failure. */
export function failureText(f: Failure): string {
  const text = TEXT[failureKey(f)] as Text<FailureKey> | undefined;
  // Only data from an older or newer build can carry a code this table does not know.
  if (text === undefined) return failureText({ layer: 'search', code: 'unexpected', detail: failureKey(f) });
  return typeof text === 'string' ? text : text((f.details ?? {}) as never, f.detail ?? '');
}

/** Anything caught at the UI edge, in French: a failure of any layer as such, else an unexpected one of `layer`. */
export function describeFailure(err: unknown, layer: UnexpectedLayer): string {
  return failureText(toFailure(err, layer));
}
