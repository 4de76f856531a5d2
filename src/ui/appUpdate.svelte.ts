import { registerSW } from 'virtual:pwa-register';
import { IdleGate } from './idleGate';

/** How often an open tab asks the server for a new build (desks keep the tab open all day). */
const CHECK_EVERY_MS = 30 * 60 * 1000;

/**
 * The service worker's update flow as the agent sees it: a new build (app or corpus) installs in
 * the background and is announced; it replaces the running one only on the agent's click, and
 * neither that switch nor the reload it needs ever happens in the middle of an answer.
 */
export class AppUpdate {
  /** A new version is installed and waits for the agent's go-ahead. */
  available = $state(false);
  /** The agent asked for it; it waits for the answer in progress to end. */
  deferred = $state(false);
  private readonly gate: IdleGate;
  private updateSW?: () => Promise<void>;

  constructor(isBusy: () => boolean) {
    this.gate = new IdleGate(isBusy);
  }

  start(): void {
    if (!('serviceWorker' in navigator)) return;
    // The first visit's worker claims the page (clientsClaim): that first change of controller
    // is no update. A later one (this tab's click or another tab's) means the page now runs under
    // a new version's caches, so it reloads — when idle.
    let controlled = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (!controlled) {
        controlled = true;
        return;
      }
      this.gate.whenIdle(() => location.reload());
      this.deferred = this.gate.pending;
    });
    const update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.available = true),
      // Without this callback the library reloads at once, mid-answer included.
      onNeedReload: () => {},
      onRegisteredSW: (_url, registration) => {
        if (!registration) return;
        const check = () => void registration.update().catch(() => undefined);
        setInterval(check, CHECK_EVERY_MS);
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'visible') check();
        });
      },
    });
    this.updateSW = () => update();
  }

  /** The agent's click on « Mettre à jour ». */
  apply(): void {
    this.gate.whenIdle(() => void this.updateSW?.());
    this.deferred = this.gate.pending;
  }

  /** Call when an answer ends. */
  idle(): void {
    this.gate.idle();
    this.deferred = this.gate.pending;
  }
}
