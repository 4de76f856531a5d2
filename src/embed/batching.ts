/**
 * Inputs grouped into batches of similar length (sorted by token count), each batch within a token
 * budget (batch × padded length) that bounds memory, and padded by at most `maxPadding` of its
 * real tokens: on the CPU a padded position costs as much as a real one (and attention grows with
 * the square of the padded length), while batching itself gains little there (docs/BENCH-EMBED.md),
 * so inputs of unlike lengths run apart. Results go back in input order.
 */
export interface EncodedInput {
  ids: number[];
}

export function planBatches(inputs: readonly EncodedInput[], maxBatch: number, tokenBudget: number, maxPadding = Infinity): number[][] {
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[a]!.ids.length - inputs[b]!.ids.length || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  let real = 0;
  for (const i of order) {
    const len = inputs[i]!.ids.length;
    // Sorted ascending, so this input sets the batch's padded length.
    const padded = (current.length + 1) * len;
    if (current.length && (current.length >= maxBatch || padded > tokenBudget || padded > (real + len) * (1 + maxPadding))) {
      batches.push(current);
      current = [];
      real = 0;
    }
    current.push(i);
    real += len;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Padded int64 tensors' data for one batch. */
export function padBatch(inputs: readonly EncodedInput[], padId: number): { ids: BigInt64Array; mask: BigInt64Array; seq: number } {
  const seq = Math.max(1, ...inputs.map((x) => x.ids.length));
  const ids = new BigInt64Array(inputs.length * seq).fill(BigInt(padId));
  const mask = new BigInt64Array(inputs.length * seq);
  inputs.forEach((x, b) => {
    x.ids.forEach((id, s) => {
      ids[b * seq + s] = BigInt(id);
      mask[b * seq + s] = 1n;
    });
  });
  return { ids, mask, seq };
}
