import type { ComptoirDb } from '../../storage/db';
import { initialKioskView, KioskController } from './kioskController';

export type { KioskController } from './kioskController';

/** The page's kiosk state (src/ui/kiosk/kioskController.ts) over a $state view. */
export function createKiosk(db: ComptoirDb): KioskController {
  const view = $state(initialKioskView());
  return new KioskController(view, { db, baseUri: document.baseURI, forcedByBuild: import.meta.env.VITE_COMPTOIR_KIOSK === '1' });
}
