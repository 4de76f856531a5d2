/**
 * What the « Transparence » panel shows, computed without the DOM: request counts by origin,
 * licences of what runs, sizes in French.
 */

export interface RequestCounts {
  thisOrigin: number;
  others: number;
  /** Other origins seen (each once): must stay empty. */
  otherOrigins: string[];
}

/** Splits request URLs into this origin and the others; data: and blob: never touch the network. */
export function countRequests(urls: Iterable<string>, origin: string): RequestCounts {
  const counts: RequestCounts = { thisOrigin: 0, others: 0, otherOrigins: [] };
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw, origin);
    } catch {
      continue;
    }
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') continue;
    if (url.origin === origin) counts.thisOrigin++;
    else {
      counts.others++;
      if (!counts.otherOrigins.includes(url.origin)) counts.otherOrigins.push(url.origin);
    }
  }
  return counts;
}

/**
 * What the page can neither see nor stop, said where the request count is shown (the count could
 * otherwise read as a guarantee). The kiosk's browser policies that cover them are in README.
 */
export const PAGE_LIMITS: readonly string[] = [
  'Les connexions WebRTC (appels audio ou vidéo entre navigateurs) échappent à la politique de sécurité du contenu et à ce compteur : '
    + 'Comptoir n’en ouvre aucune ; sur une borne, les stratégies du navigateur (WebRtcIPHandling) et le pare-feu les bloquent.',
  'Les liens des fiches s’ouvrent dans un nouvel onglet, hors de cette page : ils mènent aux adresses des fiches, jamais à une adresse faite de la question. '
    + 'Sur une borne, une liste d’adresses autorisées (URLAllowlist) limite où l’on peut aller.',
  'Ce que font les extensions du navigateur, les autres onglets ou logiciels du poste, un texte collé ailleurs après « Copier », une feuille imprimée ou enregistrée en PDF.',
];

export const CORPUS_LICENCE = 'Licence Ouverte 2.0 (Etalab) — fiches « Vos droits et démarches » de la DILA (service-public.fr)';

/** Licences of the catalog's model families, as their publishers state them. */
const MODEL_LICENCES: [RegExp, string][] = [
  [/^Qwen2\.5-3B/i, 'Qwen Research License (usage non commercial)'],
  [/^Qwen/i, 'Apache 2.0 (Alibaba Qwen)'],
  [/^Llama-3\.2/i, 'Llama 3.2 Community License (Meta)'],
  [/^Phi-3\.5/i, 'MIT (Microsoft)'],
  [/^gemma/i, 'Gemma Terms of Use (Google)'],
  [/^SmolLM2/i, 'Apache 2.0 (Hugging Face)'],
  [/^(Mistral|Ministral)/i, 'Apache 2.0 (Mistral AI)'],
];

export function modelLicence(modelId: string | undefined): string {
  if (!modelId) return '—';
  return MODEL_LICENCES.find(([re]) => re.test(modelId))?.[1] ?? 'voir la fiche du modèle';
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return 'inconnu';
  const units = ['o', 'Ko', 'Mo', 'Go'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: unit ? 1 : 0 })} ${units[unit]}`;
}
