/**
 * Every failure of the corpus, storage, import and search layers carries a code; the
 * French text the agent reads is written in one place, `src/ui/failureText.ts` (as `LlmFailure`
 * does for models). A `Failure` is plain data so it crosses a worker boundary intact (comlink
 * keeps only the message of an Error).
 */
export type FailureLayer = 'corpus' | 'storage' | 'import' | 'search';

export type FailureCode =
  // corpus: the embedded bundle
  | 'bundle-missing' | 'bundle-format' | 'bundle-unreachable'
  // storage: IndexedDB
  | 'quota' | 'storage-unavailable'
  // import: the archive and the worker that reads it
  | 'not-zip' | 'zip-damaged' | 'zip64' | 'too-many-entries' | 'too-large' | 'no-file' | 'no-valid-fiche'
  | 'worker-crashed' | 'out-of-memory' | 'cancelled' | 'declined'
  // search
  | 'not-loaded'
  // anything else, with its original text in `detail`
  | 'unexpected';

export interface Failure {
  layer: FailureLayer;
  code: FailureCode;
  /** Figures and names the French text needs (bytes, counts, file). */
  details?: Record<string, string | number>;
  /** The original text, for the diagnostic line; never shown alone. */
  detail?: string;
}

export class AppError extends Error {
  readonly failure: Failure;

  constructor(layer: FailureLayer, code: FailureCode, details?: Record<string, string | number>, detail?: string) {
    super(`${layer}/${code}${details ? ` ${JSON.stringify(details)}` : ''}${detail ? `: ${detail}` : ''}`);
    this.name = 'AppError';
    this.failure = { layer, code, details, detail };
  }
}

const CODED = /^(corpus|storage|import|search)\/([a-z0-9-]+)(?: (\{.*?\}))?(?:: (.*))?$/s;

/** Any thrown value as a `Failure` of `layer`: our own codes kept, the browser's recognised. */
export function toFailure(err: unknown, layer: FailureLayer): Failure {
  if (err instanceof AppError) return err.failure;
  const failure = (err as { failure?: Failure } | undefined)?.failure;
  if (failure?.layer && failure.code) return failure;
  const name = (err as { name?: string } | undefined)?.name ?? '';
  const message = typeof err === 'string' ? err : String((err as { message?: unknown } | undefined)?.message ?? err);
  // An AppError that crossed a worker boundary arrives as its message only: read the code back.
  const coded = CODED.exec(message);
  if (coded) {
    let details: Failure['details'];
    try {
      details = coded[3] ? (JSON.parse(coded[3]) as Failure['details']) : undefined;
    } catch {
      details = undefined;
    }
    return { layer: coded[1] as FailureLayer, code: coded[2] as FailureCode, details, detail: coded[4] };
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  // Dexie wraps the DOMException but keeps its name (and `inner`).
  const inner = (err as { inner?: { name?: string } } | undefined)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError' || /QuotaExceeded|quota/i.test(text)) {
    return { layer: 'storage', code: 'quota', detail: text };
  }
  if (/Maximum call stack|allocation failed|Invalid array length|out of memory|Invalid typed array length/i.test(text)) {
    return { layer, code: 'out-of-memory', detail: text };
  }
  if (name === 'AbortError') return { layer, code: 'cancelled', detail: text };
  return { layer, code: 'unexpected', detail: text };
}
