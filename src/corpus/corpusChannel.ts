/**
 * Every tab (and worker) of Comptoir learns when the installed corpus changes, so a
 * tab left open never searches a corpus another tab replaced.
 */
const NAME = 'comptoir-corpus';

export interface CorpusChange {
  type: 'corpus-changed';
  /** The imported corpus now active; undefined: back to the embedded bundle. */
  id: string | undefined;
}

export function announceCorpusChange(id: string | undefined): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(NAME);
  channel.postMessage({ type: 'corpus-changed', id } satisfies CorpusChange);
  channel.close();
}

/** Calls `listener` on each change announced by another context; returns the unsubscribe. */
export function onCorpusChange(listener: (change: CorpusChange) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (event: MessageEvent<CorpusChange>) => {
    if (event.data?.type === 'corpus-changed') listener(event.data);
  };
  return () => channel.close();
}
