import { answerQuestion } from '../rag/answerPipeline';
import { LabWllamaEngine } from './labWllamaEngine';

/**
 * What the browser tests and benches reach from the page in the test build only
 * (VITE_COMPTOIR_TEST_ENGINE=1): the CPU engine's client with its lab options and the answer
 * pipeline, to drive the real worker and engine directly.
 */
export const testHarness = { LabWllamaEngine, answerQuestion };
export type TestHarness = typeof testHarness;
