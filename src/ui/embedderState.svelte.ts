import * as Comlink from 'comlink';
import type { EmbeddingProgress } from '../embed/corpusEmbedding';
import { toFailure, type Failure } from '../errors/appFailure';
import { ComptoirDb } from '../storage/db';
import { clearSetting, readSetting, writeSetting } from '../settings/storedSettings';
import type { EmbedApi, EmbedderInfo } from '../../workers/embed.worker';
import type { CorpusSession } from './corpusSession.svelte';

/**
 * The embedding model of the page: which one the agent chose (remembered), its worker,
 * its state, the background embedding of the corpus. Search never waits on it: the search worker
 * uses its vectors only once the whole corpus has them.
 */
export class EmbedderState {
  status = $state<'off' | 'loading' | 'ready' | 'error'>('off');
  info = $state<EmbedderInfo | undefined>();
  failure = $state<Failure | undefined>();
  progress = $state<EmbeddingProgress | undefined>();
  chosen = $state<string | undefined>();
  private worker?: Worker;
  private readonly db = new ComptoirDb();

  constructor(private readonly session: CorpusSession) {}

  /** Loads the model chosen earlier, if any (at start-up, in the background). */
  async restore(allowHub = false): Promise<void> {
    const saved = await readSetting(this.db, 'embedder');
    if (saved && this.status === 'off') await this.use(saved.id, allowHub);
  }

  /** Loads `models/<id>/` from this server; from the public hub only when `allowHub` (administrator, not kiosk). */
  async use(id: string, allowHub = false): Promise<void> {
    this.stopWorker();
    this.chosen = id;
    this.status = 'loading';
    this.failure = undefined;
    this.progress = undefined;
    await writeSetting(this.db, 'embedder', { id });
    const worker = new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    const remote = Comlink.wrap<EmbedApi>(worker);
    try {
      const info = await remote.load({ baseUrl: document.baseURI, id, allowHub });
      const channel = new MessageChannel();
      await remote.connect(Comlink.transfer(channel.port1, [channel.port1]));
      await this.session.search.useEmbedder(
        Comlink.transfer(channel.port2, [channel.port2]),
        { id: info.id, sha256: info.sha256, dims: info.dims },
        Comlink.proxy((p: EmbeddingProgress) => (this.progress = p)),
      );
      this.info = info;
      this.status = 'ready';
    } catch (err) {
      this.failure = toFailure(err, 'embed');
      this.status = 'error';
      this.stopWorker();
    }
  }

  async turnOff(): Promise<void> {
    await clearSetting(this.db, 'embedder');
    await this.session.search.embedding('stop');
    this.stopWorker();
    this.status = 'off';
    this.info = undefined;
    this.progress = undefined;
    this.chosen = undefined;
  }

  pause(): Promise<void> {
    return this.session.search.embedding('pause');
  }

  resume(): Promise<void> {
    return this.session.search.embedding('resume');
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}

let shared: EmbedderState | undefined;

/** One embedder per page, shared by the panels that show it. */
export function embedderFor(session: CorpusSession): EmbedderState {
  shared ??= new EmbedderState(session);
  return shared;
}
