/** A GGUF file refused before or after loading, with the LlmFailure code it maps to. */
export class GgufError extends Error {
  constructor(readonly code: 'not-found' | 'corrupt' | 'checksum', message: string) {
    super(message);
    this.name = code === 'not-found' ? 'NotFoundError' : code === 'checksum' ? 'GGUFChecksumError' : 'InvalidGGUFError';
  }
}

/**
 * The first bytes of a model file: "GGUF", then a version this engine reads (2 or 3), a tensor
 * count and a metadata count. An HTML page, an empty file or another format fails here, before
 * the engine spends time and memory on it.
 */
export function checkGgufHeader(head: Uint8Array, url = ''): { version: number; tensors: number; keys: number } {
  if (head.length === 0) throw new GgufError('corrupt', `invalid GGUF: empty file ${url}`.trim());
  const text = new TextDecoder().decode(head.slice(0, 16)).trimStart().toLowerCase();
  if (text.startsWith('<!doctype') || text.startsWith('<html')) throw new GgufError('not-found', `404 Not Found: ${url} answered with an HTML page`);
  if (head.length < 24 || head[0] !== 0x47 || head[1] !== 0x47 || head[2] !== 0x55 || head[3] !== 0x46) {
    throw new GgufError('corrupt', `invalid GGUF: bad magic in ${url || 'file'}`);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(4, true);
  if (version < 2 || version > 3) throw new GgufError('corrupt', `invalid GGUF: unsupported version ${version}`);
  const tensors = Number(view.getBigUint64(8, true));
  const keys = Number(view.getBigUint64(16, true));
  if (tensors === 0 || keys === 0) throw new GgufError('corrupt', `invalid GGUF: ${tensors} tensors, ${keys} metadata keys`);
  return { version, tensors, keys };
}
