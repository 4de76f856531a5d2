import { ComptoirDb } from '../storage/db';
import { dropExpired } from '../storage/retention';
import { AppUpdate } from './appUpdate.svelte';
import { createConversation } from './conversation.svelte';
import { createCorpusSession } from './corpusSession.svelte';
import { createEmbedder } from './embedderState.svelte';
import { createKiosk } from './kiosk/kioskState.svelte';
import { createModelState } from './modelState.svelte';
import { OfflineState } from './offlineState.svelte';

/**
 * Everything the page holds, made once at start (src/main.ts) and handed to the components:
 * one database connection for all of it, one search worker, one embedder, one model.
 */
export function createPage() {
  const db = new ComptoirDb();
  const session = createCorpusSession(db);
  const model = createModelState(db);
  const kiosk = createKiosk(db);
  const conversation = createConversation(session, model, db, () => !kiosk.active);
  return {
    db,
    session,
    model,
    conversation,
    kiosk,
    embedder: createEmbedder(db, session),
    update: new AppUpdate(() => conversation.busy),
    offline: new OfflineState(),
    stored: { dropExpired: () => dropExpired(db) },
  };
}

export type Page = ReturnType<typeof createPage>;
