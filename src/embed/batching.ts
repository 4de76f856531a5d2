/**
 * Inputs grouped into batches of similar length (sorted by token count) so padding stays small,
 * each batch within a token budget (batch × padded length) that bounds memory. Results go back
 * in input order.
 */
export interface EncodedInput {
  ids: number[];
}

export function planBatches(inputs: readonly EncodedInput[], maxBatch: number, tokenBudget: number): number[][] {
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[a]!.ids.length - inputs[b]!.ids.length || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    const len = inputs[i]!.ids.length;
    // Sorted ascending, so this input sets the batch's padded length.
    if (current.length && (current.length >= maxBatch || (current.length + 1) * len > tokenBudget)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
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
