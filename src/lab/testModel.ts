import type { CpuModel } from '../llm/catalogs/cpuModels';

/**
 * The tiny real model of the test fixtures, offered only by the test build
 * (VITE_COMPTOIR_TEST_ENGINE=1), qualify and the benches; never in a release build.
 */
export const TEST_CPU_MODEL: CpuModel = {
  id: 'stories260K', label: 'stories260K (modèle de test)', paramsB: 0.00026, quantization: 'Q4_K_M',
  // Trained on 512 tokens; llama.cpp runs it on a longer context (nonsense either way), so our real prompts fit.
  file: 'stories260K.gguf', fileMB: 1.2, contextWindow: 2048,
  architecture: { arch: 'llama', layers: 5, hidden: 64, heads: 8, kvHeads: 4, ffn: 172, vocab: 512, tiedEmbeddings: false, ropeTheta: 1e4, contextTrain: 512, tokenizer: 'llama2' },
  licence: 'MIT', hubUrl: '', rank: 99, notes: 'Écrit des histoires en anglais : pour les tests seulement.', testOnly: true,
};
