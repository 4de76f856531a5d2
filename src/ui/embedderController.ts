import type { EmbeddingProgress } from '../embed/corpusEmbedding';
import { toFailure, type Failure } from '../errors/appFailure';
import { clearSetting, readSetting, writeSetting } from '../settings/storedSettings';
import type { ComptoirDb } from '../storage/db';
import type { EmbedderInfo } from '../../workers/embed.worker';

/** What the embedder panel shows; the reactive shell passes a $state object, tests a plain one. */
export interface EmbedderView {
  status: 'off' | 'loading' | 'ready' | 'error';
  info?: EmbedderInfo;
  failure?: Failure;
  progress?: EmbeddingProgress;
  /** The model the agent chose (remembered across reloads). */
  chosen?: string;
}

export function initialEmbedderView(): EmbedderView {
  return { status: 'off' };
}

/** One start of the embed worker on a model, already wired to the search worker once `ready` resolves. */
export interface EmbedderRun {
  ready: Promise<EmbedderInfo>;
  /** Terminates the worker (another model chosen, turned off, or the load failed). */
  stop(): void;
}

export interface EmbedderDeps {
  db: ComptoirDb;
  /** Starts the embed worker on `models/<id>/` (the hub only when `allowHub`) and hands it to the search worker. */
  start(id: string, allowHub: boolean, onProgress: (p: EmbeddingProgress) => void): EmbedderRun;
  /** The search worker's background embedding of the corpus. */
  embedding(action: 'pause' | 'resume' | 'stop'): Promise<void>;
}

/**
 * The embedding model of the page: which one the agent chose (remembered), its worker, its
 * state, the background embedding of the corpus. Search never waits on it: the search worker
 * uses its vectors only once the whole corpus has them. Plain TypeScript, tested in Node;
 * src/ui/embedderState.svelte.ts is its reactive shell, src/ui/startup.ts restores the choice.
 */
export class EmbedderController {
  private run?: EmbedderRun;
  /** Each use() gets a number: a load overtaken by a newer choice changes nothing on screen. */
  private uses = 0;

  constructor(readonly view: EmbedderView, private readonly deps: EmbedderDeps) {}

  /** The model chosen earlier, if any. */
  async saved(): Promise<string | undefined> {
    return (await readSetting(this.deps.db, 'embedder'))?.id;
  }

  /** Loads the model chosen earlier, if any (at start-up, in the background). */
  async restore(allowHub = false): Promise<void> {
    const id = await this.saved();
    if (id && this.view.status === 'off') await this.use(id, allowHub);
  }

  /** Loads `models/<id>/` from this server; from the public hub only when `allowHub` (administrator, not kiosk). */
  async use(id: string, allowHub = false): Promise<void> {
    const ticket = ++this.uses;
    const v = this.view;
    this.stop();
    v.chosen = id;
    v.status = 'loading';
    v.failure = undefined;
    v.progress = undefined;
    await writeSetting(this.deps.db, 'embedder', { id });
    const run = this.deps.start(id, allowHub, (p) => {
      if (ticket === this.uses) v.progress = p;
    });
    this.run = run;
    try {
      const info = await run.ready;
      if (ticket !== this.uses) return;
      v.info = info;
      v.status = 'ready';
    } catch (err) {
      if (ticket !== this.uses) return;
      v.failure = toFailure(err, 'embed');
      v.status = 'error';
      this.stop();
    }
  }

  async turnOff(): Promise<void> {
    this.uses++;
    const v = this.view;
    await clearSetting(this.deps.db, 'embedder');
    await this.deps.embedding('stop');
    this.stop();
    v.status = 'off';
    v.info = undefined;
    v.progress = undefined;
    v.chosen = undefined;
  }

  pause(): Promise<void> {
    return this.deps.embedding('pause');
  }

  resume(): Promise<void> {
    return this.deps.embedding('resume');
  }

  private stop(): void {
    this.run?.stop();
    this.run = undefined;
  }
}
