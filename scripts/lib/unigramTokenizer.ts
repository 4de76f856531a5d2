/**
 * A SentencePiece-style Unigram `tokenizer.json` of a given vocabulary size, laid out like
 * XLM-RoBERTa's (<s> 0, <pad> 1, </s> 2, <unk> 3, Metaspace "▁", <s> … </s> template, <mask>
 * last). Its French pieces are learnt from sample text by frequency (whole words, then word
 * pieces, then every character seen), scored by log frequency; the rest of the vocabulary is
 * filled with pieces from other scripts, as a 100-language vocabulary spends most of its entries
 * elsewhere. Used to give the e5-small-sized random model realistic token counts.
 */
import { Rng } from './encoderModel';

export interface UnigramOptions {
  vocabSize: number;
  /** Whole-word pieces ("▁mot") kept from the sample. */
  words: number;
  /** Word-piece substrings kept from the sample. */
  pieces: number;
  maxPieceLength?: number;
  seed?: number;
}

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];

export function unigramTokenizer(sample: Iterable<string>, opts: UnigramOptions): object {
  const wordCounts = new Map<string, number>();
  for (const text of sample) {
    for (const word of text.normalize('NFKC').split(/\s+/)) if (word) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  }
  const maxLen = opts.maxPieceLength ?? 8;
  const pieceCounts = new Map<string, number>();
  const chars = new Map<string, number>();
  for (const [word, n] of wordCounts) {
    const w = [...word];
    for (const c of w) chars.set(c, (chars.get(c) ?? 0) + n);
    for (let i = 0; i < w.length; i++) {
      for (let len = 2; len <= maxLen && i + len <= w.length; len++) {
        const p = (i === 0 ? '▁' : '') + w.slice(i, i + len).join('');
        pieceCounts.set(p, (pieceCounts.get(p) ?? 0) + n);
      }
    }
  }
  const scored = new Map<string, number>();
  const add = (piece: string, count: number) => {
    if (!scored.has(piece) && !SPECIALS.includes(piece)) scored.set(piece, count);
  };
  const top = <T>(m: Map<string, T>, n: number, key: (e: [string, T]) => number) => [...m].sort((a, b) => key(b) - key(a)).slice(0, n);
  for (const [w, n] of top(wordCounts, opts.words, (e) => e[1])) add(`▁${w}`, n);
  for (const [p, n] of top(pieceCounts, opts.pieces, (e) => e[1] * Math.sqrt([...e[0]].length))) add(p, n);
  add('▁', 1);
  for (const [c, n] of chars) {
    add(c, n);
    add(`▁${c}`, n);
  }
  const total = [...scored.values()].reduce((a, b) => a + b, 0);
  const vocab: [string, number][] = SPECIALS.map((t) => [t, 0]);
  for (const [p, n] of scored) {
    if (vocab.length >= opts.vocabSize - 1) break;
    vocab.push([p, Math.log(n / total)]);
  }
  // Filler: pieces in scripts the sample does not use (CJK, Cyrillic…), never matched by French.
  const rng = new Rng(opts.seed ?? 250);
  const seen = new Set(vocab.map((v) => v[0]));
  const floor = Math.log(1 / total) - 2;
  while (vocab.length < opts.vocabSize - 1) {
    const len = 1 + Math.floor((rng.next() + 1) * 2.5);
    let piece = '▁';
    for (let i = 0; i < len; i++) piece += String.fromCodePoint(0x4e00 + Math.floor((rng.next() + 1) * 10000));
    if (seen.has(piece)) continue;
    seen.add(piece);
    vocab.push([piece, floor - (rng.next() + 1) * 3]);
  }
  vocab.push(['<mask>', 0]);
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: content === '<mask>', rstrip: false, normalized: false, special: true });
  const token = (id: string, ids: number[]) => ({ id, ids, tokens: [id] });
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: [...SPECIALS.map((t, i) => special(i, t)), special(vocab.length - 1, '<mask>')],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: { '<s>': token('<s>', [0]), '</s>': token('</s>', [2]) },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  };
}

export const XLMR_TOKENIZER_CONFIG = { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', pad_token: '<pad>', mask_token: '<mask>', model_max_length: 512 };
