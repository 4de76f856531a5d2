import {
  checkKioskCode, DEFAULT_KIOSK, kioskSettings, localCode, saveKioskSettings, type KioskSettings,
} from '../../kiosk/kioskPolicy';
import { failure } from '../../errors/appFailure';
import { describeFailure, failureText } from '../../errors/failureText';
import { loadDeploymentCode, type DeploymentCode } from '../../kiosk/deploymentCode';
import type { ComptoirDb } from '../../storage/db';
import { historySettings, saveHistorySettings } from '../../storage/history';

/** Whether the screen is a kiosk, and whether an administrator has unlocked its settings. */
export class KioskState {
  settings = $state<KioskSettings>({ ...DEFAULT_KIOSK });
  unlocked = $state(false);
  /** The code decided at deployment (kiosk.json), read at start. */
  deployment = $state<DeploymentCode | undefined>();
  /** A kiosk build (VITE_COMPTOIR_KIOSK=1) is a kiosk whatever the settings say. */
  readonly forcedByBuild = import.meta.env.VITE_COMPTOIR_KIOSK === '1';

  constructor(private readonly db: ComptoirDb) {}

  get active(): boolean {
    return this.forcedByBuild || this.settings.enabled;
  }

  private get deploymentCode() {
    return this.deployment?.state === 'configured' ? this.deployment.code : undefined;
  }

  get hasCode(): boolean {
    return Boolean(this.deploymentCode || (!this.forcedByBuild && localCode(this.settings)));
  }

  /** The code is the deployment's: Paramètres neither sets nor changes it. */
  get codeFromDeployment(): boolean {
    return Boolean(this.deploymentCode);
  }

  /** A kiosk build without a deployment code: Administration stays closed (no first-come code). */
  get mustConfigure(): boolean {
    return this.forcedByBuild && !this.deploymentCode;
  }

  /** French, shown in the Administration dialog when the build has no code to check against. */
  get configureText(): string {
    return failureText(failure('kiosk', 'not-configured', this.deployment?.state === 'invalid' ? { invalid: this.deployment.detail } : undefined));
  }

  async init(): Promise<void> {
    this.settings = await kioskSettings(this.db);
    this.deployment = await loadDeploymentCode(document.baseURI, this.db).catch(() => ({ state: 'missing' as const }));
    if (this.active) await this.forgetHistory();
  }

  /** Returns a French error, or undefined once unlocked. */
  async unlock(code: string): Promise<string | undefined> {
    if (this.mustConfigure) return this.configureText;
    try {
      if (!(await checkKioskCode(this.db, code, this.deploymentCode))) return failureText(failure('kiosk', 'wrong-code'));
      this.settings = await kioskSettings(this.db);
      this.unlocked = true;
      return undefined;
    } catch (err) {
      return describeFailure(err, 'kiosk');
    }
  }

  lock(): void {
    this.unlocked = false;
  }

  async save(code: string, change: { enabled: boolean; idleSeconds: number }): Promise<string | undefined> {
    if (this.mustConfigure) return this.configureText;
    try {
      this.settings = await saveKioskSettings(this.db, code, change, this.deploymentCode);
      if (this.active) await this.forgetHistory();
      return undefined;
    } catch (err) {
      return describeFailure(err, 'kiosk');
    }
  }

  /** History is never stored on a kiosk. */
  private async forgetHistory(): Promise<void> {
    const history = await historySettings(this.db);
    if (history.enabled) await saveHistorySettings(this.db, { ...history, enabled: false });
  }
}
