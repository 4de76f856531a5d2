/**
 * A URL read from imported data (fiche URL, téléservice, cerfa, legal reference, link in a
 * passage) becomes a clickable link only if it is https. An unsigned zip could otherwise carry
 * `javascript:` or `data:` links, or send « Démarches en ligne » anywhere.
 */

/** Public-service domains: their addresses are trusted even when the passages do not quote them (src/rag/masking.ts), and their links are shown as public. */
const PUBLIC_DOMAINS = [
  'gouv.fr', 'service-public.fr', 'ameli.fr', 'caf.fr', 'msa.fr', 'francetravail.fr', 'pole-emploi.fr',
  'impots.gouv.fr', 'ants.gouv.fr', 'legifrance.gouv.fr', 'info-retraite.fr', 'lassuranceretraite.fr',
  'urssaf.fr', 'cnil.fr', 'defenseurdesdroits.fr', 'franceconnect.gouv.fr', 'mesdroitssociaux.gouv.fr',
];

export function isPublicServiceHost(host: string): boolean {
  return PUBLIC_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

/**
 * Public bodies whose téléservices the fiches link to, beyond the answer-masking list (State,
 * social security, EU, public agencies): a link elsewhere is shown as « hors service public ».
 */
const MORE_PUBLIC_DOMAINS = [
  'cnsa.fr', 'inc-conso.fr', 'insee.fr', 'europa.eu', 'banque-france.fr', 'telerecours.fr', 'net-entreprises.fr',
  'agirc-arrco.fr', 'caissedesdepots.fr', 'parcoursup.fr', 'francecompetences.fr', 'ademe.fr', 'secu-independants.fr',
  'fondsdegarantie.fr', 'atout-france.fr', 'infogreffe.fr', 'anil.org', 'guso.fr', 'dossierfacile.fr', 'education.fr',
  'cnaf.fr', 'assurance-maladie.fr', 'retraites.fr', 'enim.eu', 'demarches-simplifiees.fr', 'justice.fr', 'mon-enfant.fr', 'hadopi.fr',
  'ciep.fr', 'bpifrance-creation.fr',
];

export function isPublicServiceDomain(host: string): boolean {
  const h = host.toLowerCase();
  return isPublicServiceHost(h) || MORE_PUBLIC_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

export type DataUrlCheck =
  | { ok: true; url: string; publicService: boolean }
  | { ok: false; reason: string };

export function checkDataUrl(raw: string): DataUrlCheck {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `adresse illisible (${text.slice(0, 40)})` };
  }
  const publicService = isPublicServiceDomain(url.hostname);
  // Older fiches still say http:// for public-service sites, which all serve https.
  if (url.protocol === 'http:' && publicService) url.protocol = 'https:';
  if (url.protocol !== 'https:') return { ok: false, reason: `schéma ${url.protocol} refusé` };
  if (url.username || url.password) return { ok: false, reason: 'identifiants dans l’adresse refusés' };
  return { ok: true, url: url.href, publicService };
}

/**
 * Where a link really leads, as a reader can check it: its host (without « www. »), and whether
 * that is a public-service site. Never « service-public.fr » for another site.
 */
export function linkPlace(url: string): { host: string; publicService: boolean } {
  const host = new URL(url).hostname.toLowerCase();
  return { host: host.replace(/^www\./, ''), publicService: isPublicServiceDomain(host) };
}

/** The host to warn about when a stored link leads outside public-service sites, else undefined. */
export function offSiteHost(raw: string | undefined): string | undefined {
  const href = safeHref(raw);
  if (!href) return undefined;
  const place = linkPlace(href);
  return place.publicService ? undefined : place.host;
}

/** For links rendered from data already stored: the href, or undefined when it is not https. */
export function safeHref(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const check = checkDataUrl(raw);
  return check.ok ? check.url : undefined;
}
