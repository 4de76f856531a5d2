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
