import { answerQuestion } from '../rag/answerPipeline';
import { WllamaEngine } from '../llm/engines/wllamaEngine';

/**
 * What the browser tests reach from the page in the test build only (VITE_COMPTOIR_TEST_ENGINE=1):
 * the CPU engine's client and the answer pipeline, to drive the real worker and engine directly.
 */
export const testHarness = { WllamaEngine, answerQuestion };
export type TestHarness = typeof testHarness;
