import {
  checkKioskCode, DEFAULT_KIOSK, kioskSettings, localCode, saveKioskSettings, type KioskSettings,
} from '../../kiosk/kioskPolicy';
import { failure } from '../../errors/appFailure';
import { describeFailure, failureText } from '../../errors/failureText';
import { loadDeploymentCode, type DeploymentCode } from '../../kiosk/deploymentCode';
import type { ComptoirDb } from '../../storage/db';
import { historySettings, saveHistorySettings } from '../../storage/history';

/** What the kiosk screens show; the reactive shell passes a $state object, tests a plain one. */
export interface KioskView {
  settings: KioskSettings;
  unlocked: boolean;
  /**
   * Whether this PC's kiosk settings have been read: until then the screen may be a kiosk, and
   * Paramètres stays closed (a page opened at #parametres would otherwise show it for a moment).
   */
  settled: boolean;
  /** The code decided at deployment (kiosk.json), read at start. */
  deployment?: DeploymentCode;
}

export function initialKioskView(): KioskView {
  return { settings: { ...DEFAULT_KIOSK }, unlocked: false, settled: false };
}

export interface KioskDeps {
  db: ComptoirDb;
  /** Where kiosk.json sits (the page's base URI). */
  baseUri: string;
  /** A kiosk build (VITE_COMPTOIR_KIOSK=1) is a kiosk whatever the settings say. */
  forcedByBuild: boolean;
  fetch?: typeof fetch;
}

/**
 * Whether the screen is a kiosk, and whether an administrator has unlocked its settings. Plain
 * TypeScript, tested in Node; src/ui/kiosk/kioskState.svelte.ts is its reactive shell.
 */
export class KioskController {
  readonly forcedByBuild: boolean;

  constructor(readonly view: KioskView, private readonly deps: KioskDeps) {
    this.forcedByBuild = deps.forcedByBuild;
  }

  get active(): boolean {
    return this.forcedByBuild || this.view.settings.enabled;
  }

  /** Whether Paramètres may open: not before the kiosk settings are read, then when not a kiosk or unlocked. */
  get settingsOpen(): boolean {
    return this.view.settled && (!this.active || this.view.unlocked);
  }

  private get deploymentCode() {
    return this.view.deployment?.state === 'configured' ? this.view.deployment.code : undefined;
  }

  get hasCode(): boolean {
    return Boolean(this.deploymentCode || (!this.forcedByBuild && localCode(this.view.settings)));
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
    return failureText(failure('kiosk', 'not-configured', this.view.deployment?.state === 'invalid' ? { invalid: this.view.deployment.detail } : undefined));
  }

  async init(): Promise<void> {
    const { db } = this.deps;
    try {
      this.view.settings = await kioskSettings(db);
      this.view.deployment = await loadDeploymentCode(this.deps.baseUri, db, this.deps.fetch).catch(() => ({ state: 'missing' as const }));
      if (this.active) await this.forgetHistory();
    } finally {
      // Settled even when the database cannot be read: the defaults (no kiosk, or the build's) stand.
      this.view.settled = true;
    }
  }

  /** Returns a French error, or undefined once unlocked. */
  async unlock(code: string): Promise<string | undefined> {
    if (this.mustConfigure) return this.configureText;
    try {
      if (!(await checkKioskCode(this.deps.db, code, this.deploymentCode))) return failureText(failure('kiosk', 'wrong-code'));
      this.view.settings = await kioskSettings(this.deps.db);
      this.view.unlocked = true;
      return undefined;
    } catch (err) {
      return describeFailure(err, 'kiosk');
    }
  }

  lock(): void {
    this.view.unlocked = false;
  }

  async save(code: string, change: { enabled: boolean; idleSeconds: number }): Promise<string | undefined> {
    if (this.mustConfigure) return this.configureText;
    try {
      this.view.settings = await saveKioskSettings(this.deps.db, code, change, this.deploymentCode);
      if (this.active) await this.forgetHistory();
      return undefined;
    } catch (err) {
      return describeFailure(err, 'kiosk');
    }
  }

  /** History is never stored on a kiosk. */
  private async forgetHistory(): Promise<void> {
    const history = await historySettings(this.deps.db);
    if (history.enabled) await saveHistorySettings(this.deps.db, { ...history, enabled: false });
  }
}
