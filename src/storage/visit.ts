import type { ComptoirDb } from './db';
import { forgetFeedbackText } from './feedback';
import { clearConversation } from './history';

/** « Nouvel usager » on disk: stored turns and any unkept text in the avis. */
export async function clearVisit(db: ComptoirDb): Promise<void> {
  await clearConversation(db);
  await forgetFeedbackText(db);
}
