import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, toFailure } from '../../src/errors/appFailure';
import { failureText } from '../../src/errors/failureText';
import { carryFailures } from '../../src/errors/failureTransfer';

/** A worker and the page, as comlink sees them: the two ends of a MessageChannel. */
function link<T extends object>(api: T): { remote: Comlink.Remote<T>; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port1);
  const remote = Comlink.wrap<T>(port2);
  return { remote, close: () => { remote[Comlink.releaseProxy](); port1.close(); port2.close(); } };
}

const api = {
  async tooMany(): Promise<void> {
    throw new AppError('import', 'too-many-entries', { entries: 50_000, max: 20_000 }, 'central directory');
  },
  async locked(): Promise<void> {
    throw new AppError('kiosk', 'locked', { waitSeconds: 90 });
  },
  async plain(): Promise<void> {
    throw new TypeError('e is not a constructor');
  },
  /** Calls back into the page, whose callback fails with a failure of its own. */
  async callBack(cb: () => Promise<void>): Promise<string> {
    try {
      await cb();
      return 'no failure';
    } catch (err) {
      return err instanceof AppError ? `${err.failure.layer}/${err.failure.code}` : `other: ${String(err)}`;
    }
  },
};

describe('a failure crosses a worker boundary as the same typed AppError', () => {
  let close = () => {};
  afterEach(() => close());

  it('keeps layer, code, details and detail, and its French text', async () => {
    carryFailures();
    carryFailures(); // twice is harmless (the page and a module may both call it)
    const linked = link(api);
    close = linked.close;
    const err = await linked.remote.tooMany().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).failure).toEqual({
      layer: 'import', code: 'too-many-entries', details: { entries: 50_000, max: 20_000 }, detail: 'central directory',
    });
    expect(failureText((err as AppError).failure)).toMatch(/50\u202f000 fichiers|50 000 fichiers/);
    const locked = await linked.remote.locked().catch((e: unknown) => e);
    expect(failureText(toFailure(locked, 'kiosk'))).toBe('Trop d’essais incorrects : attendez 2 min avant de réessayer.');
  });

  it('any other error still arrives as comlink sends it (name and message)', async () => {
    carryFailures();
    const linked = link(api);
    close = linked.close;
    const err = await linked.remote.plain().catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(AppError);
    expect(err).toMatchObject({ name: 'TypeError', message: 'e is not a constructor' });
    expect(toFailure(err, 'import')).toMatchObject({ layer: 'import', code: 'unexpected', detail: 'TypeError: e is not a constructor' });
  });

  it('works the other way too: a page callback’s failure reaches the worker typed', async () => {
    carryFailures();
    const linked = link(api);
    close = linked.close;
    const answer = await linked.remote.callBack(Comlink.proxy(async () => {
      throw new AppError('import', 'cancelled');
    }));
    expect(answer).toBe('import/cancelled');
  });
});
