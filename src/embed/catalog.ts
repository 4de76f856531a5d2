/**
 * Embedding models the app knows how to run (onnxruntime-web, `tokenizer.json`). Sizes are the
 * int8 ONNX exports' download sizes; scores are the published MTEB French retrieval figures
 * (Alloprof nDCG@10 / BSARD recall@100 / Syntec nDCG@10) as gathered in the field notes. A model
 * folder `models/<id>/` holds `model.onnx` (or the file named here), `tokenizer.json` and, for
 * models we write ourselves, `embedder.json` (the same fields as an entry, read over the catalog).
 */
export type Pooling = 'mean' | 'cls' | 'none';
/** 'text': raw text to the tokenizer; 'french-terms': the French analyzer's terms (see analysedText.ts). */
export type EmbedInput = 'text' | 'french-terms';

export interface EmbedderSpec {
  id: string;
  label: string;
  dims: number;
  /** Tokens per input, special tokens included; longer inputs are cut. */
  maxLength: number;
  /** 'none': the graph already returns one vector per input. */
  pooling: Pooling;
  normalize: boolean;
  prefixes: { query: string; passage: string };
  input: EmbedInput;
  /** ONNX file name in the model folder. */
  modelFile: string;
  /** Graph output holding the token states (or the pooled vector when pooling is 'none'). */
  output: string;
  /** Download (MB). */
  sizeMB: number;
  params: number;
  licence: string;
  scores?: { alloprof: number; bsard: number; syntec: number };
  /** The public hub repository, used only when an administrator allows downloads. */
  hubUrl?: string;
  notes: string;
}

const XENOVA = 'https://huggingface.co/Xenova/';

export const EMBEDDER_CATALOG: readonly EmbedderSpec[] = [
  {
    id: 'multilingual-e5-small', label: 'multilingual-e5-small (int8)', dims: 384, maxLength: 512, pooling: 'mean', normalize: true,
    prefixes: { query: 'query: ', passage: 'passage: ' }, input: 'text', modelFile: 'onnx/model_quantized.onnx', output: 'last_hidden_state',
    sizeMB: 118, params: 117_653_760, licence: 'MIT', scores: { alloprof: 0.274, bsard: 0.527, syntec: 0.735 },
    hubUrl: `${XENOVA}multilingual-e5-small`, notes: 'Par défaut : petit, rapide, multilingue.',
  },
  {
    id: 'multilingual-e5-base', label: 'multilingual-e5-base (int8)', dims: 768, maxLength: 512, pooling: 'mean', normalize: true,
    prefixes: { query: 'query: ', passage: 'passage: ' }, input: 'text', modelFile: 'onnx/model_quantized.onnx', output: 'last_hidden_state',
    sizeMB: 279, params: 278_043_648, licence: 'MIT', scores: { alloprof: 0.344, bsard: 0.554, syntec: 0.829 },
    hubUrl: `${XENOVA}multilingual-e5-base`, notes: 'Meilleur en français, 2,4× plus lourd.',
  },
  {
    id: 'granite-embedding-107m-multilingual', label: 'Granite Embedding 107M multilingue (int8)', dims: 384, maxLength: 512, pooling: 'cls', normalize: true,
    prefixes: { query: '', passage: '' }, input: 'text', modelFile: 'onnx/model_quantized.onnx', output: 'last_hidden_state',
    sizeMB: 110, params: 107_000_000, licence: 'Apache-2.0', scores: { alloprof: 0.389, bsard: 0.536, syntec: 0.797 },
    hubUrl: 'https://huggingface.co/onnx-community/granite-embedding-107m-multilingual', notes: 'Même taille que e5-small, meilleur sur Alloprof.',
  },
  {
    id: 'Solon-embeddings-mini', label: 'Solon-embeddings mini (français)', dims: 768, maxLength: 512, pooling: 'mean', normalize: true,
    prefixes: { query: 'query : ', passage: '' }, input: 'text', modelFile: 'onnx/model_quantized.onnx', output: 'last_hidden_state',
    sizeMB: 120, params: 117_000_000, licence: 'MIT', scores: { alloprof: 0.453, bsard: 0.595, syntec: 0.787 },
    notes: 'Encodeur français ; pas d’export ONNX officiel : à convertir soi-même.',
  },
  {
    id: 'comptoir-corpus-static', label: 'Vecteurs du corpus (statique, appris sur les fiches)', dims: 256, maxLength: 4096, pooling: 'none', normalize: true,
    prefixes: { query: '', passage: '' }, input: 'french-terms', modelFile: 'model.onnx', output: 'sentence_embedding',
    sizeMB: 2, params: 0, licence: 'Licence Ouverte 2.0 (appris sur les fiches DILA)',
    notes: 'Construit par npm run models:corpus à partir du corpus livré ; aucun téléchargement.',
  },
];

export function embedderSpec(id: string): EmbedderSpec | undefined {
  return EMBEDDER_CATALOG.find((m) => m.id === id);
}

export const DEFAULT_EMBEDDER = 'multilingual-e5-small';
