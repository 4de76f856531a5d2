import { transferHandlers, type TransferHandler } from 'comlink';
import { AppError, type Failure } from './appFailure';

type Thrown = { value: unknown };
type Serialized = { failure: Failure; stack?: string } | { other: unknown };

const INSTALLED = Symbol.for('comptoir.failureTransfer');

/**
 * Comlink's own 'throw' handler keeps only an Error's name, message and stack. This one carries an
 * `AppError` whole (layer, code, details, detail), so a failure thrown in a worker arrives in the
 * page as the same typed `AppError`; anything else goes through comlink's handler as before.
 * Called once in the page and in each worker (both ends of a link need it).
 */
export function carryFailures(): void {
  const builtin = transferHandlers.get('throw') as TransferHandler<Thrown, unknown> & { [INSTALLED]?: true };
  if (!builtin || builtin[INSTALLED]) return;
  const handler: TransferHandler<Thrown, Serialized> & { [INSTALLED]: true } = {
    [INSTALLED]: true,
    canHandle: (value): value is Thrown => builtin.canHandle(value),
    serialize(thrown) {
      if (thrown.value instanceof AppError) return [{ failure: thrown.value.failure, stack: thrown.value.stack }, []];
      const [other, transferables] = builtin.serialize(thrown);
      return [{ other }, transferables];
    },
    deserialize(serialized) {
      if ('failure' in serialized) {
        const error = AppError.of(serialized.failure);
        if (serialized.stack) error.stack = serialized.stack;
        throw error;
      }
      return builtin.deserialize(serialized.other);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}
