/**
 * What web-llm (or the browser under it) says when a model cannot load or run — it arrives from
 * the worker as a string, never an Error — turned into a French message with what to do. The
 * patterns are the messages of web-llm 0.2.86 and Chromium, as recorded in tests/unit/llmErrors.
 */
export type LlmErrorCode =
  | 'no-webgpu' | 'no-shader-f16' | 'device-lost' | 'quota' | 'not-found' | 'corrupt' | 'context-window'
  | 'unknown-model' | 'read-failed' | 'aborted' | 'unknown';

export interface LlmFailure {
  code: LlmErrorCode;
  /** French, for the agent. */
  message: string;
  /** What the app offers next. */
  action: 'search-only' | 'use-f32' | 'smaller-model' | 'free-space' | 'reinstall' | 'retry-fewer-passages' | 'none';
  /** The original text, for the diagnostic panel. */
  detail: string;
}

interface Rule {
  code: LlmErrorCode;
  test: RegExp;
  action: LlmFailure['action'];
  message: (detail: string, ctx: MapContext) => string;
}

export interface MapContext {
  /** Size of the model the browser refused to store, when the caller knows it. */
  neededMB?: number;
  f32Twin?: string;
}

const RULES: Rule[] = [
  {
    code: 'context-window', action: 'retry-fewer-passages',
    test: /ContextWindowSizeExceededError|exceed context window size|kv_cache_full|exceeds the available context size/i,
    message: () => 'La question et ses sources dépassent la taille que le modèle accepte : nouvel essai avec moins de passages.',
  },
  {
    code: 'no-shader-f16', action: 'use-f32',
    test: /ShaderF16SupportError|shader-f16|\bf16\b.*(extension|enable)|(extension|enable).*\bf16\b/i,
    message: (_, c) => `La carte graphique ne gère pas les calculs en demi-précision (shader-f16) : utilisez la version q4f32 de ce modèle${c.f32Twin ? ` (${c.f32Twin})` : ''}.`,
  },
  {
    code: 'no-webgpu', action: 'search-only',
    test: /WebGPUNotAvailableError|WebGPUNotFoundError|Unable to find a compatible GPU|Cannot find adapter|navigator\.gpu|WebGPU is not supported/i,
    message: () => 'Navigateur sans WebGPU : mode recherche seule. Utilisez un Chrome ou Edge récent, avec l’accélération matérielle activée.',
  },
  {
    code: 'device-lost', action: 'smaller-model',
    test: /DeviceLostError|device was lost|device lost|out of memory|OutOfMemory|Failed to allocate|allocation failed/i,
    message: () => 'La carte graphique a manqué de mémoire : fermez les autres onglets ou choisissez un modèle plus petit. La conversation est conservée.',
  },
  {
    code: 'quota', action: 'free-space',
    test: /QuotaExceededError|quota (has been )?exceeded|exceeded the quota|storage quota/i,
    // Said from the failure: `estimate()` can report gigabytes free beside a write it refused.
    message: (_, c) => c.neededMB !== undefined
      ? `Espace de stockage insuffisant : le navigateur a refusé d’enregistrer ce modèle (${(c.neededMB / 1024).toFixed(1)} Go) sur ce poste (disque presque plein, ou limite qu’il fixe à ce site). Libérez de l’espace ou choisissez un modèle plus petit.`
      : 'Espace de stockage insuffisant pour ce modèle : libérez de l’espace ou choisissez un modèle plus petit.',
  },
  {
    code: 'unknown-model', action: 'reinstall',
    test: /ModelNotFoundError|Cannot find model record|MissingModelWasmError/i,
    message: () => 'Ce modèle n’est pas décrit dans le catalogue de Comptoir : choisissez-en un autre.',
  },
  {
    // Before 'corrupt': a file the browser could not read is not a damaged file, and must not be
    // uninstalled for it (wllama: « File read failed: NotReadableError »). No button: the message
    // says what to do, and the GPU model the error panel offers for 'smaller-model' is no answer here.
    code: 'read-failed', action: 'none',
    test: /NotReadableError|File read failed/i,
    message: () => 'Le navigateur n’a pas pu lire le fichier du modèle en mémoire : fermez les autres onglets puis réessayez, ou choisissez un modèle plus petit. Le modèle installé n’a pas été modifié.',
  },
  {
    // Before the generic 'corrupt': the file is whole but not the one its folder recorded.
    code: 'corrupt', action: 'reinstall',
    test: /GGUFChecksumError|sha256 mismatch|sha256\.json/i,
    message: () => 'Le fichier du modèle ne correspond pas à l’empreinte enregistrée dans son dossier (sha256.json) : la copie est abîmée ou a été modifiée, il n’a pas été utilisé. Recopiez le dossier du modèle, vérifiez-le avec « npm run models:check », puis réessayez.',
  },
  {
    code: 'corrupt', action: 'reinstall',
    test: /CompileError|BufferSource argument is empty|WebAssembly|SyntaxError|\bJSON\b|IntegrityError|Invalid (model|config)|tokenizer|InvalidGGUF|invalid GGUF|llama_model_load|failed to load model|truncated/i,
    message: () => 'Les fichiers du modèle sont incomplets ou abîmés : réinstallez-le (dossier models/ ou téléchargement).',
  },
  {
    code: 'not-found', action: 'reinstall',
    test: /\b404\b|Not Found|NotFoundError|Failed to fetch|NetworkError|Request failed|Cache.*add|net::ERR|Load failed/i,
    message: () => 'Fichiers du modèle introuvables : vérifiez que le dossier du modèle est bien copié dans models/ (ou que le téléchargement est autorisé).',
  },
  {
    code: 'aborted', action: 'none',
    test: /AbortError|aborted|interrupted/i,
    message: () => 'Chargement annulé.',
  },
];

export function mapLlmError(error: unknown, ctx: MapContext = {}): LlmFailure {
  const detail = typeof error === 'string' ? error : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  for (const rule of RULES) {
    if (rule.test.test(detail)) return { code: rule.code, message: rule.message(detail, ctx), action: rule.action, detail };
  }
  return { code: 'unknown', message: `Le modèle a rencontré une erreur : mode recherche seule. (${detail.slice(0, 160)})`, action: 'search-only', detail };
}
