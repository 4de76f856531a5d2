import { describe, expect, it } from 'vitest';
import { runImport, type ImportOutcome, type ImportWorker } from '../../src/corpus/importRun';
import * as Comlink from 'comlink';
import { AppError } from '../../src/errors/appFailure';
import { carryFailures } from '../../src/errors/failureTransfer';
import { failureText } from '../../src/errors/failureText';

/** A Worker as the page sees it: events it can fire, and whether it was terminated. */
class FakeWorker extends EventTarget implements ImportWorker {
  terminated = 0;
  terminate(): void {
    this.terminated++;
  }
  crash(message: string): void {
    const event = new Event('error', { cancelable: true });
    Object.assign(event, { message });
    this.dispatchEvent(event);
  }
}

const never = () => new Promise<ImportOutcome>(() => {});

describe('an import worker always settles, in French, and is always stopped', () => {
  it('a worker crash (out of memory) becomes import/worker-crashed, the worker terminated', async () => {
    const worker = new FakeWorker();
    const pending = runImport(worker, never);
    worker.crash('Uncaught RangeError: Array buffer allocation failed');
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, failure: { layer: 'import', code: 'worker-crashed' } });
    expect(worker.terminated).toBe(1);
    if (!outcome.ok) expect(failureText(outcome.failure)).toMatch(/mémoire .* Fermez les autres onglets, puis recommencez\. Le corpus installé est conservé\./);
  });

  it('cancel terminates the worker at once, whatever it is doing', async () => {
    const worker = new FakeWorker();
    const abort = new AbortController();
    const pending = runImport(worker, never, abort.signal);
    abort.abort();
    expect(await pending).toMatchObject({ ok: false, failure: { code: 'cancelled' } });
    expect(worker.terminated).toBe(1);
  });

  it('a rejected call keeps the code it crossed the worker boundary with', async () => {
    const worker = new FakeWorker();
    // A real comlink link (a MessageChannel), the failure handler on both ends as in the app.
    carryFailures();
    const { port1, port2 } = new MessageChannel();
    Comlink.expose({ importDila: async () => { throw new AppError('import', 'too-many-entries', { entries: 50_000, max: 20_000 }); } }, port1);
    const remote = Comlink.wrap<{ importDila(): Promise<ImportOutcome> }>(port2);
    const outcome = await runImport(worker, () => remote.importDila()).finally(() => { port1.close(); port2.close(); });
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'too-many-entries', details: { entries: 50_000, max: 20_000 } } });
    if (!outcome.ok) expect(failureText(outcome.failure)).toMatch(/50\u202f000 fichiers|50 000 fichiers/);
  });

  it('the worker’s own outcome wins, and it is terminated after', async () => {
    const worker = new FakeWorker();
    const ok = { ok: false, failure: { layer: 'import', code: 'no-valid-fiche', details: { files: 2 } }, report: [] } as ImportOutcome;
    expect(await runImport(worker, async () => ok)).toBe(ok);
    worker.crash('late');
    expect(worker.terminated).toBe(1);
  });
});
