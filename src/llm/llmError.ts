import type { LlmFailure } from './llmErrors';

/** A load or generation failure, already mapped to a French message and a next step. */
export class LlmError extends Error {
  constructor(readonly failure: LlmFailure) {
    super(failure.message);
    this.name = 'LlmError';
  }
}
