import { browserOfflineDeps, missingForOffline, type OfflineDeps } from './offlineReady';

/**
 * « Prêt hors ligne »: shown once the page is controlled by the service worker and the corpus it
 * runs on is in the caches (src/ui/offlineReady.ts). Checked when the corpus loads and whenever
 * a service worker takes control.
 */
export class OfflineState {
  /** 'unsupported': no service worker here (plain HTTP from another PC, private mode…). */
  state = $state<'unsupported' | 'pending' | 'ready'>('pending');
  private files: readonly string[] | undefined;
  private checks = 0;

  constructor(private readonly deps: OfflineDeps = browserOfflineDeps()) {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
      this.state = 'unsupported';
      return;
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => void this.check());
  }

  /** The corpus now in use: its bundle files, or none for a corpus imported into IndexedDB. */
  corpus(files: readonly string[]): void {
    this.files = files;
    void this.check();
  }

  private async check(): Promise<void> {
    if (this.state === 'unsupported' || !this.files) return;
    const ticket = ++this.checks;
    const missing = await missingForOffline(this.deps, new URL('corpus/', document.baseURI).href, this.files);
    if (ticket === this.checks) this.state = missing && !missing.length ? 'ready' : 'pending';
  }
}
