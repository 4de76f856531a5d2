import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

export interface SourceEntry {
  name: string;
  data?: Uint8Array;
  /** Why the entry could not be read (too large, corrupt); `data` is then absent. */
  error?: string;
  /** How many bytes of the archive had been read when this entry came out (for progress). */
  offset?: number;
}

/** Feeding fflate's streaming reader in slices keeps memory at one entry, not the whole archive. */
const SLICE = 1 << 20;

/**
 * Yields the files of a zip archive one at a time. A corrupt entry is reported as such and
 * reading goes on; an archive that is not a zip at all yields nothing and throws.
 */
export function* zipEntries(zip: Uint8Array, maxEntryBytes: number): Generator<SourceEntry> {
  if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b) {
    throw new Error("ce fichier n'est pas une archive zip");
  }
  const ready: SourceEntry[] = [];
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/')) return;
    const parts: Uint8Array[] = [];
    let size = 0;
    let failed = false;
    file.ondata = (err, data, final) => {
      if (failed) return;
      if (err) {
        failed = true;
        ready.push({ name: file.name, error: `entrée zip illisible (${err.message})` });
        return;
      }
      size += data.length;
      if (size > maxEntryBytes) {
        failed = true;
        ready.push({ name: file.name, error: `fichier trop volumineux (plus de ${formatBytes(maxEntryBytes)})` });
        file.terminate();
        return;
      }
      parts.push(data);
      if (final) ready.push({ name: file.name, data: concat(parts, size) });
    };
    if (file.originalSize !== undefined && file.originalSize > maxEntryBytes) {
      failed = true;
      ready.push({ name: file.name, error: `fichier trop volumineux (${formatBytes(file.originalSize)})` });
      return;
    }
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let offset = 0; offset < zip.length; offset += SLICE) {
    const end = Math.min(offset + SLICE, zip.length);
    try {
      unzip.push(zip.subarray(offset, end), end === zip.length);
    } catch (err) {
      yield* ready.splice(0).map((e) => ({ ...e, offset: end }));
      throw new Error(`archive zip endommagée : ${(err as Error).message}`);
    }
    for (const entry of ready.splice(0)) yield { ...entry, offset: end };
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1).replace('.', ',')} Mo` : `${Math.ceil(n / 1024)} Ko`;
}
