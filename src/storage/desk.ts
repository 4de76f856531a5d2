import { readSetting, writeSetting, type DeskInfo, type SettingsDb } from '../settings/storedSettings';

export const DESK_LIMITS = { name: 120, address: 300 } as const;

/** The France Services desk printed at the foot of the citizen's sheet (Paramètres). */
export function deskInfo(db: SettingsDb): Promise<DeskInfo> {
  return readSetting(db, 'desk');
}

export async function saveDeskInfo(db: SettingsDb, info: DeskInfo): Promise<DeskInfo> {
  const clean = {
    name: info.name.trim().slice(0, DESK_LIMITS.name),
    address: info.address.split('\n').map((l) => l.trim()).filter(Boolean).join('\n').slice(0, DESK_LIMITS.address),
  };
  await writeSetting(db, 'desk', clean);
  return clean;
}
