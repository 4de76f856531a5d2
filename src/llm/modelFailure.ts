import { toFailure, type Failure } from '../errors/appFailure';

/** What only the page knows when a model fails: its size, its f32 twin, whether the hub is blocked. */
export interface FailureContext {
  /** Size of the model the browser refused to store. */
  neededMB?: number;
  f32Twin?: string;
  /** The files come from the model hub and this server's security policy does not let the page reach it. */
  hubBlocked?: boolean;
}

/** What the app offers next after a model failure. */
export type ModelAction = 'search-only' | 'use-f32' | 'smaller-model' | 'free-space' | 'reinstall' | 'retry-fewer-passages' | 'none';

/** Any failure of a model load or run, with the page's context added to it. */
export function modelFailure(err: unknown, ctx: FailureContext = {}): Failure {
  const f = toFailure(err, 'model');
  if (f.layer !== 'model') return f;
  if (f.code === 'quota' && ctx.neededMB !== undefined) return { ...f, details: { neededMB: ctx.neededMB } };
  if (f.code === 'no-shader-f16' && ctx.f32Twin) return { ...f, details: { f32Twin: ctx.f32Twin } };
  // Allowed in Paramètres, refused by the server's policy: the browser never reached the hub.
  if (f.code === 'not-found' && ctx.hubBlocked) return { ...f, code: 'hub-blocked' };
  return f;
}

/** The next step the error panel offers. No button where the text says what to do. */
export function modelAction(f: Failure | undefined): ModelAction {
  if (f?.layer !== 'model') return 'none';
  switch (f.code) {
    case 'context-window': return 'retry-fewer-passages';
    case 'no-shader-f16': return 'use-f32';
    case 'device-lost': return 'smaller-model';
    case 'quota': return 'free-space';
    case 'unknown-model': case 'corrupt': case 'checksum': case 'not-found': return 'reinstall';
    case 'no-webgpu': case 'not-loaded': case 'unexpected': return 'search-only';
    case 'read-failed': case 'aborted': case 'hub-blocked': return 'none';
  }
}
