import type { ComptoirDb } from './db';
import type { DeskInfo } from '../print/printSheet';

const KEY = 'desk';
export const DESK_LIMITS = { name: 120, address: 300 } as const;

/** The France Services desk printed at the foot of the citizen's sheet (Paramètres). */
export async function deskInfo(db: ComptoirDb): Promise<DeskInfo> {
  const stored = (await db.settings.get(KEY))?.value as Partial<DeskInfo> | undefined;
  return { name: typeof stored?.name === 'string' ? stored.name : '', address: typeof stored?.address === 'string' ? stored.address : '' };
}

export async function saveDeskInfo(db: ComptoirDb, info: DeskInfo): Promise<DeskInfo> {
  const clean = {
    name: info.name.trim().slice(0, DESK_LIMITS.name),
    address: info.address.split('\n').map((l) => l.trim()).filter(Boolean).join('\n').slice(0, DESK_LIMITS.address),
  };
  await db.settings.put({ key: KEY, value: clean });
  return clean;
}
