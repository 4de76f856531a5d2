import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import { AppError } from '../../src/errors/appFailure';
import { failureText } from '../../src/errors/failureText';
import { formatCodeHash, hashCode } from '../../src/kiosk/codeHash';
import { saveKioskSettings } from '../../src/kiosk/kioskPolicy';
import { initialView, ModelController, type ModelDeps, type ModelSettings } from '../../src/llm/modelController';
import { ScriptedEngine } from '../../src/lab/scriptedEngine';
import { ComptoirDb } from '../../src/storage/db';
import { historySettings, saveHistorySettings, saveTurn } from '../../src/storage/history';
import { saveFeedback } from '../../src/storage/feedback';
import { dropExpired } from '../../src/storage/retention';
import { searchFeedbackRecord } from '../../src/feedback/searchFeedback';
import { ConversationController, initialConversationView, type ConversationDeps } from '../../src/ui/conversationController';
import { CorpusController, initialCorpusView, type CorpusDeps } from '../../src/ui/corpusController';
import { EmbedderController, initialEmbedderView, type EmbedderDeps } from '../../src/ui/embedderController';
import { initialKioskView, KioskController } from '../../src/ui/kiosk/kioskController';
import { startPage } from '../../src/ui/startup';
import type { EmbedderInfo } from '../../workers/embed.worker';
import type { CorpusInfo, SearchApi } from '../../workers/search.worker';

const db = () => new ComptoirDb(`page-${Math.random()}`);
const NO_KIOSK_FILE: typeof fetch = async () => new Response('', { status: 404 });

function info(id: string): EmbedderInfo {
  return { id, dims: 32, sha256: 'ab'.repeat(32), executionProvider: 'wasm', threads: 1, crossOriginIsolated: false, from: 'http://x/models/', loadMs: 5 };
}

/** The embedder's browser parts, scripted: each start is recorded and settles when the test says (or at once). */
function embedderDeps(d: ComptoirDb, atOnce = false) {
  const starts: { id: string; allowHub: boolean; stopped: boolean; progress(p: { done: number; total: number }): void; settle(err?: Error): void }[] = [];
  const actions: string[] = [];
  const deps: EmbedderDeps = {
    db: d,
    start(id, allowHub, onProgress) {
      let settle!: (err?: Error) => void;
      const ready = new Promise<EmbedderInfo>((resolve, reject) => {
        settle = (err) => (err ? reject(err) : resolve(info(id)));
      });
      const run = { id, allowHub, stopped: false, progress: (p: { done: number; total: number }) => onProgress({ ...p, key: id, state: 'running' }), settle };
      starts.push(run);
      if (atOnce) settle();
      return { ready, stop: () => void (run.stopped = true) };
    },
    embedding: async (action) => void actions.push(action),
  };
  return { deps, starts, actions };
}

function modelDeps(settings: Partial<ModelSettings>, kiosk = false): ModelDeps {
  return {
    loadSettings: async () => settings,
    saveSettings: async () => {},
    probe: async () => ({ gpu: { webgpu: false, shaderF16: false, maxBufferSize: 0, maxStorageBufferBindingSize: 0 }, cpu: { cores: 4, crossOriginIsolated: true, deviceMemoryGB: 8 } }),
    modelsOnOrigin: async () => [],
    createEngine: async () => new ScriptedEngine({ reply: () => 'Réponse [1].' }),
    deleteCached: async () => {},
    kiosk,
    origin: 'http://127.0.0.1:4173',
  };
}

/** The page's start-up with real controllers on one database, and a page where no screen is mounted. */
async function startedPage(d: ComptoirDb, options: { settings?: Partial<ModelSettings>; kioskBuild?: boolean } = {}) {
  const embedding = embedderDeps(d, true);
  const embedder = new EmbedderController(initialEmbedderView(), embedding.deps);
  const model = new ModelController(initialView(), modelDeps(options.settings ?? {}, options.kioskBuild));
  const kiosk = new KioskController(initialKioskView(), { db: d, baseUri: 'http://127.0.0.1:4173/', forcedByBuild: options.kioskBuild ?? false, fetch: NO_KIOSK_FILE });
  let loads = 0;
  let updates = 0;
  await startPage({ session: { load: async () => void loads++ }, model, kiosk, embedder, update: { start: () => void updates++ }, stored: { dropExpired: () => dropExpired(d) } });
  return { embedder, model, kiosk, starts: embedding.starts, loads, updates };
}

describe('start-up (src/ui/startup.ts): every stored choice comes back without any screen', () => {
  it('deletes the avis and kept turns past their retention period, with no screen opened', async () => {
    const d = db();
    await saveHistorySettings(d, { enabled: true, retentionDays: 7 });
    const day = 86_400_000;
    await saveTurn(d, { id: 'old', at: new Date(Date.now() - 30 * day).toISOString(), question: 'ancienne question', answer: 'ancienne réponse' });
    await saveTurn(d, { id: 'new', at: new Date(Date.now() - day).toISOString(), question: 'question récente', answer: 'réponse récente' });
    const avis = searchFeedbackRecord({
      mode: 'search-only', rating: 'up', reasons: ['passages utiles'], shownFicheIds: ['F1153'], answeringFicheId: 'F1153',
      comment: '', question: 'carte perdue', keepQuestion: false,
    });
    await saveFeedback(d, avis, new Date(Date.now() - 2 * 365 * day));
    await saveFeedback(d, avis);
    await startedPage(d);
    expect((await d.turns.toArray()).map((t) => t.id)).toEqual(['new']);
    expect(await d.feedback.count()).toBe(1);
  });

  it('a locked kiosk loads the embedder its administrator chose, from this server only', async () => {
    const d = db();
    await saveKioskSettings(d, 'guichet-4821', { enabled: true, idleSeconds: 120 });
    // Chosen in Paramètres on an earlier day.
    await new EmbedderController(initialEmbedderView(), embedderDeps(d, true).deps).use('multilingual-e5-small');
    const page = await startedPage(d, { settings: { allowHub: true } });
    expect(page.kiosk.active).toBe(true);
    expect(page.kiosk.view.unlocked).toBe(false);
    expect(page.starts.map(({ id, allowHub }) => ({ id, allowHub }))).toEqual([{ id: 'multilingual-e5-small', allowHub: true }]);
    expect(page.embedder.view).toMatchObject({ status: 'ready', chosen: 'multilingual-e5-small', info: { id: 'multilingual-e5-small' } });
    expect(page.model.view.settings.allowHub).toBe(true);
    expect(page.loads).toBe(1);
    expect(page.updates).toBe(1);
  });

  it('a kiosk build never asks the hub for the embedder, whatever the stored setting says', async () => {
    const d = db();
    await new EmbedderController(initialEmbedderView(), embedderDeps(d, true).deps).use('multilingual-e5-base');
    const page = await startedPage(d, { settings: { allowHub: true }, kioskBuild: true });
    expect(page.starts.map(({ id, allowHub }) => ({ id, allowHub }))).toEqual([{ id: 'multilingual-e5-base', allowHub: false }]);
    expect(page.kiosk.active).toBe(true);
  });

  it('starts no embedder when none was chosen, or after it was turned off', async () => {
    const d = db();
    expect((await startedPage(d)).starts).toEqual([]);
    const earlier = new EmbedderController(initialEmbedderView(), embedderDeps(d, true).deps);
    await earlier.use('multilingual-e5-small');
    await earlier.turnOff();
    const page = await startedPage(d);
    expect(page.starts).toEqual([]);
    expect(page.embedder.view.status).toBe('off');
  });
});

describe('embedder controller', () => {
  it('remembers the choice, shows the corpus progress, and turns a load failure into French', async () => {
    const d = db();
    const { deps, starts, actions } = embedderDeps(d);
    const embedder = new EmbedderController(initialEmbedderView(), deps);
    const use = embedder.use('multilingual-e5-small');
    await expect.poll(() => starts.length).toBe(1);
    expect(embedder.view.status).toBe('loading');
    expect(await embedder.saved()).toBe('multilingual-e5-small');
    starts[0]!.progress({ done: 32, total: 100 });
    starts[0]!.settle();
    await use;
    expect(embedder.view).toMatchObject({ status: 'ready', progress: { done: 32, total: 100 } });

    const other = embedder.use('multilingual-e5-base');
    await expect.poll(() => starts.length).toBe(2);
    expect(starts[0]!.stopped).toBe(true);
    starts[1]!.settle(new AppError('embed', 'missing-file'));
    await other;
    expect(embedder.view.status).toBe('error');
    expect(failureText(embedder.view.failure!)).toMatch(/introuvable.*La recherche continue/);
    expect(starts[1]!.stopped).toBe(true);

    await embedder.pause();
    await embedder.turnOff();
    expect(actions).toEqual(['pause', 'stop']);
    expect(embedder.view).toMatchObject({ status: 'off', chosen: undefined, info: undefined, progress: undefined });
    expect(await embedder.saved()).toBeUndefined();
  });

  it('a load overtaken by a newer choice changes nothing on screen', async () => {
    const { deps, starts } = embedderDeps(db());
    const embedder = new EmbedderController(initialEmbedderView(), deps);
    const first = embedder.use('multilingual-e5-small');
    await expect.poll(() => starts.length).toBe(1);
    const second = embedder.use('multilingual-e5-base');
    await expect.poll(() => starts.length).toBe(2);
    starts[1]!.settle();
    await second;
    starts[0]!.settle(new AppError('embed', 'corrupt-model'));
    await first;
    expect(embedder.view).toMatchObject({ status: 'ready', chosen: 'multilingual-e5-base', info: { id: 'multilingual-e5-base' } });
    expect(embedder.view.failure).toBeUndefined();
  });
});

describe('kiosk controller', () => {
  it('keeps Paramètres closed until the kiosk settings are read, then opens it only off kiosk or unlocked', async () => {
    const d = db();
    await saveKioskSettings(d, 'guichet-4821', { enabled: true, idleSeconds: 120 });
    const kiosk = new KioskController(initialKioskView(), { db: d, baseUri: 'http://127.0.0.1:4173/', forcedByBuild: false, fetch: NO_KIOSK_FILE });
    // Before the stored mode is read the screen looks like a desk: Paramètres must not open yet.
    expect(kiosk.active).toBe(false);
    expect(kiosk.settingsOpen).toBe(false);
    await kiosk.init();
    expect(kiosk.active).toBe(true);
    expect(kiosk.settingsOpen).toBe(false);
    expect(await kiosk.unlock('guichet-4821')).toBeUndefined();
    expect(kiosk.settingsOpen).toBe(true);

    const desk = new KioskController(initialKioskView(), { db: db(), baseUri: 'http://127.0.0.1:4173/', forcedByBuild: false, fetch: NO_KIOSK_FILE });
    await desk.init();
    expect(desk.settingsOpen).toBe(true);
  });

  it('reads the stored mode and the deployment code at start, and a kiosk stores no history', async () => {
    const d = db();
    await saveHistorySettings(d, { enabled: true, retentionDays: 7 });
    const code = formatCodeHash(await hashCode('borne-4821-ok', 1000));
    const kioskFile: typeof fetch = async () => new Response(JSON.stringify({ adminCode: code }), { headers: { 'content-type': 'application/json' } });
    const kiosk = new KioskController(initialKioskView(), { db: d, baseUri: 'http://127.0.0.1:4173/', forcedByBuild: true, fetch: kioskFile });
    expect(kiosk.mustConfigure).toBe(true);
    await kiosk.init();
    expect(kiosk.active).toBe(true);
    expect(kiosk.codeFromDeployment).toBe(true);
    expect(kiosk.mustConfigure).toBe(false);
    expect((await historySettings(d)).enabled).toBe(false);
    expect(await kiosk.unlock('borne-4821-ko')).toMatch(/incorrect/i);
    expect(kiosk.view.unlocked).toBe(false);
    expect(await kiosk.unlock('borne-4821-ok')).toBeUndefined();
    expect(kiosk.view.unlocked).toBe(true);
    kiosk.lock();
    expect(kiosk.view.unlocked).toBe(false);
  });

  it('a kiosk build without kiosk.json says Administration must be configured', async () => {
    const kiosk = new KioskController(initialKioskView(), { db: db(), baseUri: 'http://127.0.0.1:4173/', forcedByBuild: true, fetch: NO_KIOSK_FILE });
    await kiosk.init();
    expect(kiosk.view.deployment).toEqual({ state: 'missing' });
    expect(await kiosk.unlock('anything-at-all')).toBe(kiosk.configureText);
    expect(await kiosk.save('anything-at-all', { enabled: false, idleSeconds: 60 })).toBe(kiosk.configureText);
  });
});

describe('corpus controller', () => {
  const corpusInfo = (corpusId: string) => ({ corpusId, imported: false, manifest: { counts: { answer: 3000 } } }) as unknown as CorpusInfo;

  function corpus(results: (() => Promise<unknown>)[]) {
    let calls = 0;
    const search = { load: () => results[Math.min(calls++, results.length - 1)]!() } as unknown as Remote<SearchApi>;
    const imports: { currentAnswers?: number }[] = [];
    const deps: CorpusDeps = {
      db: db(), search, baseUri: 'http://127.0.0.1:4173/', hasChannel: true,
      runImport: async (call) => {
        imports.push({ currentAnswers: call.currentAnswers });
        call.onProgress({ fraction: 0.5, files: 1, current: 'a.zip' });
        const go = await call.askDrop({ before: 3000, after: 10 } as never);
        return go
          ? { ok: true, manifest: { counts: { answer: 10, navigation: 0, empty: 0 } } as never, corpusId: 'c2', report: [], refused: 0 }
          : { ok: false, failure: { layer: 'import', code: 'cancelled' }, report: [] };
      },
    };
    return { controller: new CorpusController(initialCorpusView(), deps), imports, calls: () => calls };
  }

  it('shows only the latest load, and a crash of the search worker in French', async () => {
    let releaseFirst!: () => void;
    const first = new Promise<unknown>((resolve) => (releaseFirst = () => resolve({ ok: true, info: corpusInfo('old') })));
    const { controller } = corpus([() => first, async () => ({ ok: true, info: corpusInfo('new') })]);
    const slow = controller.load();
    await controller.load();
    releaseFirst();
    await slow;
    expect(controller.view.info?.corpusId).toBe('new');
    controller.crashed('out of memory');
    expect(controller.view.loadError).toMatch(/\S/);
    expect(controller.view.loadError).not.toBe('out of memory');
  });

  it('reloads when another tab installs a corpus, not for the one already shown', async () => {
    const { controller, calls } = corpus([async () => ({ ok: true, info: corpusInfo('c1') })]);
    await controller.load();
    controller.changed({ id: 'c1' } as never);
    expect(calls()).toBe(1);
    controller.changed({ id: 'c2' } as never);
    expect(calls()).toBe(2);
  });

  it('an import that would drop most of the corpus waits for the agent, and a refusal is said in French', async () => {
    const { controller, imports } = corpus([async () => ({ ok: true, info: corpusInfo('c1') })]);
    await controller.load();
    const run = controller.import({ kind: 'zip', name: 'a.zip', bytes: new Uint8Array(4) } as never);
    await expect.poll(() => controller.view.pendingDrop).toBeDefined();
    expect(controller.view.importing).toBe(true);
    expect(controller.view.progress?.fraction).toBe(0.5);
    controller.view.pendingDrop!.answer(false);
    await run;
    expect(imports).toEqual([{ currentAnswers: 3000 }]);
    expect(controller.view).toMatchObject({ importing: false, pendingDrop: undefined, outcome: { ok: false } });
    expect(controller.view.outcome?.message).toMatch(/annul/i);
  });
});

describe('conversation controller', () => {
  /** A search that finds nothing (no model call), answering when the test releases it. */
  function conversation() {
    const asked: { q: string; audiences: unknown }[] = [];
    const pending: (() => void)[] = [];
    const search = {
      search: (q: string, options: { audiences?: unknown }) => new Promise((resolve) => {
        asked.push({ q, audiences: options.audiences });
        pending.push(() => resolve({ status: 'ok', terms: [], hits: [], confidence: 0, verdict: 'off-topic', offTopic: 1, abstain: false, mode: 'lexical', suggestedAudience: null, otherHits: [] }));
      }),
      passagesFor: async () => [],
    } as unknown as ConversationDeps['search'];
    const d = db();
    const model = new ModelController(initialView(), modelDeps({}));
    let renders = 0;
    const controller = new ConversationController(initialConversationView(), { search, model, db: d, rendered: async () => void renders++, storeTurns: () => true });
    return { controller, asked, pending, d, renders: () => renders };
  }

  it('asks with the citizen’s audience, shows the turn searching then done, and times the first passage after rendering', async () => {
    const { controller, asked, pending, renders } = conversation();
    controller.view.audience = 'professionnels';
    const run = controller.ask('ouvrir une entreprise');
    await expect.poll(() => pending.length).toBe(1);
    expect(controller.busy).toBe(true);
    expect(controller.view.turns.map((t) => t.status)).toEqual(['searching']);
    pending[0]!();
    await run;
    expect(asked[0]!.audiences).toEqual(['professionnels']);
    const turn = controller.view.turns[0]!;
    expect(turn).toMatchObject({ status: 'done', audience: 'professionnels', answer: { mode: 'abstain' } });
    expect(turn.firstPassageMs).toBeGreaterThanOrEqual(0);
    expect(renders()).toBe(1);
    expect(controller.busy).toBe(false);
  });

  it('« Nouvel usager » waits for the question in flight, then leaves nothing of it and the audience back to particuliers', async () => {
    const { controller, pending, d } = conversation();
    controller.view.audience = 'associations';
    const run = controller.ask('subvention association');
    await expect.poll(() => pending.length).toBe(1);
    controller.open(controller.view.turns[0]!.id, 1);
    const wiped = controller.newCitizen();
    expect(controller.view.turns).toEqual([]);
    expect(controller.view.selected).toBeUndefined();
    pending[0]!();
    await Promise.all([run, wiped]);
    expect(controller.view).toMatchObject({ turns: [], visit: 1, audience: 'particuliers' });
    expect(await d.turns.count()).toBe(0);
  });
});
