import {
  checkKioskCode, DEFAULT_KIOSK, kioskErrorText, kioskSettings, saveKioskSettings, setKioskCode, type KioskSettings,
} from '../../kiosk/kioskPolicy';
import type { ComptoirDb } from '../../storage/db';
import { historySettings, saveHistorySettings } from '../../storage/history';

/** Whether the screen is a kiosk, and whether an administrator has unlocked its settings. */
export class KioskState {
  settings = $state<KioskSettings>({ ...DEFAULT_KIOSK });
  unlocked = $state(false);
  /** A kiosk build (VITE_COMPTOIR_KIOSK=1) is a kiosk whatever the settings say. */
  readonly forcedByBuild = import.meta.env.VITE_COMPTOIR_KIOSK === '1';

  constructor(private readonly db: ComptoirDb) {}

  get active(): boolean {
    return this.forcedByBuild || this.settings.enabled;
  }

  get hasCode(): boolean {
    return Boolean(this.settings.codeHash);
  }

  async init(): Promise<void> {
    this.settings = await kioskSettings(this.db);
    if (this.active) await this.forgetHistory();
  }

  /** Returns a French error, or undefined once unlocked. A kiosk build's first unlock sets the code. */
  async unlock(code: string): Promise<string | undefined> {
    try {
      if (!this.hasCode) await setKioskCode(this.db, code);
      else if (!(await checkKioskCode(this.db, code))) return 'Code administrateur incorrect.';
      this.settings = await kioskSettings(this.db);
      this.unlocked = true;
      return undefined;
    } catch (err) {
      return kioskErrorText(err);
    }
  }

  lock(): void {
    this.unlocked = false;
  }

  async save(code: string, change: { enabled: boolean; idleSeconds: number }): Promise<string | undefined> {
    try {
      this.settings = await saveKioskSettings(this.db, code, change);
      if (this.active) await this.forgetHistory();
      return undefined;
    } catch (err) {
      return kioskErrorText(err);
    }
  }

  /** History is never stored on a kiosk. */
  private async forgetHistory(): Promise<void> {
    const history = await historySettings(this.db);
    if (history.enabled) await saveHistorySettings(this.db, { ...history, enabled: false });
  }
}
