import { describe, expect, it } from 'vitest';
import { ModelBytes, readBody } from '../../src/llm/modelFiles/modelBytes';

/** Parts of uneven sizes (empty ones too), as a download's chunks arrive. */
function parts(sizes: number[]): Uint8Array[] {
  let n = 0;
  return sizes.map((size) => Uint8Array.from({ length: size }, () => n++ % 251));
}

const bytesOf = async (b: { arrayBuffer(): Promise<ArrayBuffer> }) => [...new Uint8Array(await b.arrayBuffer())];

describe('ModelBytes: a model in memory, read as wllama reads a Blob', () => {
  const sizes = [7, 0, 64, 1, 300, 5, 0, 129];
  const blob = new Blob(parts(sizes) as BlobPart[]);
  const bytes = ModelBytes.of(parts(sizes));

  it('gives the same bytes as a Blob for any range, across part boundaries and nested slices', async () => {
    expect(bytes.size).toBe(blob.size);
    const ranges: [number, number][] = [[0, 64], [5, 9], [7, 8], [70, 71], [71, 400], [0, 506], [500, 600], [-10, -2], [300, 200], [0, 0]];
    for (let i = 0; i < 40; i++) {
      const a = Math.floor(Math.random() * 520);
      ranges.push([a, a + Math.floor(Math.random() * 200)]);
    }
    for (const [a, b] of ranges) {
      expect(await bytesOf(bytes.slice(a, b)), `${a}..${b}`).toEqual(await bytesOf(blob.slice(a, b)));
      expect(bytes.slice(a, b).size).toBe(blob.slice(a, b).size);
    }
    expect(await bytesOf(bytes.slice(10, 400).slice(60, 300))).toEqual(await bytesOf(blob.slice(10, 400).slice(60, 300)));
    expect(await bytesOf(bytes)).toEqual(await bytesOf(blob));
  });

  it('returns a fresh buffer on every read, so that wllama may transfer it without emptying the model', async () => {
    const first = await bytes.slice(0, 64).arrayBuffer();
    structuredClone(first, { transfer: [first] });
    expect(first.byteLength).toBe(0);
    expect(await bytesOf(bytes.slice(0, 64))).toEqual(await bytesOf(blob.slice(0, 64)));
  });

  it('streams the whole file in fresh chunks no bigger than asked', async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of bytes.stream(100) as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(chunks.every((c) => c.byteLength <= 100 && c.byteOffset === 0 && c.buffer.byteLength === c.byteLength)).toBe(true);
    expect(chunks.flatMap((c) => [...c])).toEqual(await bytesOf(blob));
    expect(await bytesOf(new Response(bytes.stream()))).toEqual(await bytesOf(blob));
  });

  it('drops its bytes on release, for every slice of it, and refuses a later read', async () => {
    const own = ModelBytes.of(parts(sizes));
    const slice = own.slice(10, 400);
    expect(own.held).toBe(blob.size);
    expect(await bytesOf(slice)).toEqual(await bytesOf(blob.slice(10, 400)));
    own.release();
    expect(own.held).toBe(0);
    expect(slice.held).toBe(0);
    expect(own.size).toBe(blob.size);
    await expect(slice.arrayBuffer()).rejects.toThrow(/after release/);
    expect(bytes.held).toBe(blob.size);
  });

  it('reads a response body with its progress', async () => {
    const seen: number[] = [];
    const read = await readBody(new Response(blob).body!, (n) => seen.push(n));
    expect(read.size).toBe(blob.size);
    expect(seen.at(-1)).toBe(blob.size);
    expect(await bytesOf(read)).toEqual(await bytesOf(blob));
  });
});
