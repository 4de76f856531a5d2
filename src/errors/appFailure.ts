/**
 * The one failure vocabulary of every layer. A failure is a layer, a code from that layer's closed
 * list and, for some codes, typed details (figures and names the French text needs); `detail`
 * keeps the original text for the diagnostic line. Code throws `AppError`; what crosses a
 * worker boundary is the same `AppError`, rebuilt by one comlink transfer handler
 * (`failureTransfer.ts`); the French text of every code is in one table (`failureText.ts`).
 *
 * A bare `Error` stays only for a programmer's mistake that never reaches the agent.
 */
export const FAILURE_CODES = {
  /** The embedded bundle and the search index and vectors read at start. */
  corpus: [
    'bundle-missing', 'bundle-format', 'bundle-unreachable', 'index-format', 'index-mismatch', 'out-of-memory', 'unexpected',
  ],
  /** IndexedDB. */
  storage: ['quota', 'storage-unavailable', 'unexpected'],
  /** A DILA archive and the worker that reads it. */
  import: [
    'not-zip', 'zip-damaged', 'zip64', 'too-many-entries', 'too-large', 'no-file', 'no-valid-fiche',
    'worker-crashed', 'out-of-memory', 'cancelled', 'declined', 'unexpected',
  ],
  /** One file of an import refused (a line of the import report). */
  fiche: [
    'not-xml', 'empty', 'file-too-large', 'entry-no-header', 'entry-truncated', 'entry-method', 'entry-corrupt',
    'encoding', 'not-utf8', 'malformed', 'too-deep', 'no-root', 'not-publication', 'service', 'bad-id', 'no-title',
    'structure-too-deep', 'unexpected',
  ],
  /** The search worker. */
  search: ['not-loaded', 'worker-crashed', 'out-of-memory', 'cancelled', 'unexpected'],
  /** The embedding model and its vectors. */
  embed: [
    'missing-file', 'corrupt-model', 'corrupt-tokenizer', 'bad-config', 'checksum', 'run-failed', 'not-loaded',
    'vectors-format', 'vectors-mismatch', 'unexpected',
  ],
  /** A language model: loading, running, its files. */
  model: [
    'no-webgpu', 'no-shader-f16', 'device-lost', 'quota', 'not-found', 'corrupt', 'checksum', 'context-window',
    'unknown-model', 'read-failed', 'not-loaded', 'aborted', 'hub-blocked', 'unexpected',
  ],
  /** The kiosk's administrator code. */
  kiosk: ['code-too-short', 'wrong-code', 'no-code', 'locked', 'not-configured', 'unexpected'],
  /** What the agent typed or kept, refused before it is saved. */
  feedback: ['text-unreviewed', 'save-failed'],
} as const;

export type FailureLayer = keyof typeof FAILURE_CODES;
export type CodeOf<L extends FailureLayer> = (typeof FAILURE_CODES)[L][number];
export type FailureCode = CodeOf<FailureLayer>;
/** `layer/code`, the key of the French table. */
export type FailureKey = { [L in FailureLayer]: `${L}/${CodeOf<L>}` }[FailureLayer];

/** The details a code carries; codes not named here carry none. */
export interface FailureDetails {
  'corpus/bundle-missing': { file: string; status?: number };
  'corpus/bundle-format': { file: string };
  'corpus/bundle-unreachable': { file: string };
  'storage/quota': { neededBytes?: number };
  'import/not-zip': { file?: string };
  'import/too-many-entries': { entries: number; max: number };
  'import/too-large': { max: number };
  'import/no-file': { files: number };
  'import/no-valid-fiche': { files: number };
  'import/declined': { before: number; after: number };
  'fiche/file-too-large': { bytes: number; over?: boolean };
  'fiche/entry-method': { method: number };
  'fiche/encoding': { encoding: string };
  'fiche/malformed': { reason: string };
  'fiche/too-deep': { max: number };
  'fiche/not-publication': { root: string };
  'fiche/bad-id': { id: string };
  'model/quota': { neededMB?: number };
  'model/no-shader-f16': { f32Twin?: string };
  'kiosk/code-too-short': { min: number };
  'kiosk/locked': { waitSeconds: number };
  /** `invalid`: why the deployment's kiosk.json could not be read. */
  'kiosk/not-configured': { invalid?: string };
}

export type DetailsOf<K extends string> = K extends keyof FailureDetails ? FailureDetails[K] : Record<string, never>;

// Each key of FailureDetails is a code of its layer.
type Unknown = Exclude<keyof FailureDetails, FailureKey>;
const detailsKeysAreCodes: [Unknown] extends [never] ? true : Unknown = true;
void detailsKeysAreCodes;

/** The layers with an `unexpected` code (what `toFailure` gives for anything it does not know). */
export type UnexpectedLayer = { [L in FailureLayer]: 'unexpected' extends CodeOf<L> ? L : never }[FailureLayer];

/** A failure as plain data, typed details per code. */
export type Failure = {
  [K in FailureKey]: K extends `${infer L}/${infer C}`
    ? { layer: L; code: C; details?: DetailsOf<K>; detail?: string }
    : never;
}[FailureKey];

/** A failure as data, typed like `new AppError` (for a result or a report line that is not thrown). */
export function failure<L extends FailureLayer, C extends CodeOf<L>>(layer: L, code: C, details?: DetailsOf<`${L}/${C}`>, detail?: string): Failure {
  return { layer, code, details, detail } as Failure;
}

export class AppError<L extends FailureLayer = FailureLayer, C extends CodeOf<L> = CodeOf<L>> extends Error {
  readonly failure: Failure;

  constructor(layer: L, code: C, details?: DetailsOf<`${L}/${C}`>, detail?: string) {
    super(`${layer}/${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'AppError';
    this.failure = failure(layer, code, details, detail);
  }

  /** The same failure again, rebuilt from its data (after it crossed a worker boundary). */
  static of(failure: Failure): AppError {
    return new AppError(failure.layer, failure.code as never, failure.details as never, failure.detail);
  }
}

/** A failure of `layer` with `code`, when `err` is one. */
export function isFailure<L extends FailureLayer>(err: unknown, layer: L, code?: CodeOf<L>): err is AppError<L> {
  return err instanceof AppError && err.failure.layer === layer && (code === undefined || err.failure.code === code);
}

export function failureKey(f: Failure): FailureKey {
  return `${f.layer}/${f.code}` as FailureKey;
}

/** The original text of anything thrown, for a failure's `detail`. */
export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Any thrown value as a `Failure` of `layer`: our own failures kept, the browser's own failures
 * recognised by their names (storage quota, memory, abort).
 */
export function toFailure(err: unknown, layer: UnexpectedLayer): Failure {
  if (err instanceof AppError) return err.failure;
  const name = (err as { name?: string } | undefined)?.name ?? '';
  const text = errorText(err);
  // Dexie wraps the DOMException but keeps its name (and `inner`).
  const inner = (err as { inner?: { name?: string } } | undefined)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError' || /QuotaExceeded|quota/i.test(text)) {
    return layer === 'model' ? { layer, code: 'quota', detail: text } : { layer: 'storage', code: 'quota', detail: text };
  }
  if (/Maximum call stack|allocation failed|Invalid array length|out of memory|Invalid typed array length/i.test(text)) {
    if (layer === 'corpus' || layer === 'import' || layer === 'search') return { layer, code: 'out-of-memory', detail: text };
  }
  if (name === 'AbortError' && (layer === 'import' || layer === 'search')) return { layer, code: 'cancelled', detail: text };
  return { layer, code: 'unexpected', detail: text } as Failure;
}
