import { answerQuestion } from '../rag/answerPipeline';
import { describeFailure } from '../errors/failureText';
import { LabWllamaEngine } from './labWllamaEngine';

/**
 * What the browser tests and benches reach from the page in the test build only
 * (VITE_COMPTOIR_TEST_ENGINE=1): the CPU engine's client with its lab options and the answer
 * pipeline, to drive the real worker and engine directly; and the French a failure reads as.
 */
export const testHarness = { LabWllamaEngine, answerQuestion, describeFailure };
export type TestHarness = typeof testHarness;
