/** What the page knows about how it is served (read once at start). */
export interface ServingFacts {
  secure: boolean;
  isolated: boolean;
  /** The address as the agent sees it (`http://10.0.0.5:8080`). */
  origin: string;
}

export interface ServingNotice {
  level: 'error' | 'warning';
  title: string;
  /** What the browser turns off, one line each. */
  lost: string[];
  /** What to do, and who does it. */
  action: string;
}

/**
 * Served over plain HTTP from another machine, the page is not a secure context: the browser
 * turns off the service worker, WebGPU and cross-origin isolation without a word. The agent
 * must read that here, plainly, rather than a « WebGPU indisponible » that blames the PC.
 */
export function servingNotice(facts: ServingFacts): ServingNotice | undefined {
  if (!facts.secure) {
    return {
      level: 'error',
      title: `Comptoir est servi sans HTTPS (${facts.origin}) : le navigateur en coupe une partie`,
      lost: [
        'pas de fonctionnement hors ligne : sans réseau, Comptoir ne s’ouvre plus sur ce poste ;',
        'pas de réponses rédigées sur la carte graphique (WebGPU) ;',
        'des réponses sur le processeur sur un seul cœur, donc bien plus lentes.',
      ],
      action: 'La recherche dans les fiches fonctionne. Le site doit être servi en HTTPS (adresse en https://) : transmettez ce message à votre service informatique (guide de déploiement de Comptoir).',
    };
  }
  if (!facts.isolated) {
    return {
      level: 'warning',
      title: 'Le serveur n’envoie pas les en-têtes d’isolation de Comptoir',
      lost: ['les réponses sur le processeur n’utilisent qu’un cœur, donc bien plus lentes.'],
      action: 'Le serveur doit envoyer Cross-Origin-Opener-Policy et Cross-Origin-Embedder-Policy sur chaque fichier : transmettez ce message à votre service informatique (deploy/nginx/comptoir.conf, npm run deploy:check).',
    };
  }
  return undefined;
}
