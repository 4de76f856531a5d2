import { tick } from 'svelte';
import type { Audience } from '../corpus/model';
import type { ModelController } from '../llm/modelController';
import type { ComptoirDb } from '../storage/db';
import type { CorpusController } from './corpusController';
import { ConversationController, initialConversationView, type ConversationView, type TurnView } from './conversationController';

export type { ConversationController, TurnView } from './conversationController';

/** Raw turns: each change replaces the array, and what a turn holds goes to the workers as is. */
class ConversationState implements ConversationView {
  private static readonly initial = initialConversationView();
  turns = $state.raw<TurnView[]>(ConversationState.initial.turns);
  selected = $state<ConversationView['selected']>();
  visit = $state(ConversationState.initial.visit);
  audience = $state<Audience>(ConversationState.initial.audience);
}

/** The page's conversation (src/ui/conversationController.ts) over reactive state. */
export function createConversation(session: CorpusController, model: ModelController, db: ComptoirDb, storeTurns: () => boolean): ConversationController {
  return new ConversationController(new ConversationState(), { search: session.search, model, db, rendered: tick, storeTurns });
}
