/**
 * Embedder failures carry a code across the worker boundary (comlink keeps only an Error's
 * message, so the code leads the message as `embed/<code>: detail`) and become French text here.
 */
export type EmbedErrorCode = 'missing-file' | 'corrupt-model' | 'corrupt-tokenizer' | 'bad-config' | 'checksum' | 'run-failed' | 'not-loaded' | 'unknown';

export class EmbedError extends Error {
  constructor(readonly code: EmbedErrorCode, detail: string) {
    super(`embed/${code}: ${detail}`);
    this.name = 'EmbedError';
  }
}

export interface EmbedFailure {
  code: EmbedErrorCode;
  /** French, for the agent. */
  message: string;
  /** The original text, for the diagnostic panel. */
  detail: string;
}

const MESSAGES: Record<EmbedErrorCode, string> = {
  'missing-file': 'Un fichier du modèle de vecteurs est introuvable : réinstallez le modèle. La recherche continue sans lui.',
  'corrupt-model': 'Le fichier du modèle de vecteurs est endommagé ou n’est pas un modèle ONNX : réinstallez-le. La recherche continue sans lui.',
  'corrupt-tokenizer': 'Le fichier tokenizer.json du modèle de vecteurs est illisible : réinstallez le modèle. La recherche continue sans lui.',
  'bad-config': 'La description du modèle de vecteurs est incomplète ou incohérente : réinstallez-le. La recherche continue sans lui.',
  checksum: 'Le modèle de vecteurs ne correspond pas à son empreinte (fichier modifié ou incomplet) : réinstallez-le. La recherche continue sans lui.',
  'run-failed': 'Le modèle de vecteurs a échoué pendant le calcul. La recherche continue avec les mots et les vecteurs du corpus.',
  'not-loaded': 'Le modèle de vecteurs n’est pas encore chargé : la recherche utilise les vecteurs du corpus.',
  unknown: 'Le modèle de vecteurs n’a pas pu être utilisé. La recherche continue sans lui.',
};

export function embedFailure(err: unknown): EmbedFailure {
  const detail = err instanceof Error ? err.message : String(err);
  const code = /embed\/([a-z-]+):/.exec(detail)?.[1] as EmbedErrorCode | undefined;
  const known = code && code in MESSAGES ? code : 'unknown';
  return { code: known, message: MESSAGES[known], detail };
}
