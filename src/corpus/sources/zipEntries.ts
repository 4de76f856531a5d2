import { Inflate } from 'fflate';
import { AppError } from '../../errors/appFailure';

export interface SourceEntry {
  name: string;
  data?: Uint8Array;
  /** Why the entry could not be read (too large, corrupt); `data` is then absent. */
  error?: string;
  /** How many bytes of the archive had been read when this entry came out (for progress). */
  offset?: number;
}

export interface ZipLimits {
  /** Largest single file once inflated. */
  maxEntryBytes: number;
  /** All files together once inflated: the import stops as soon as this is passed. */
  maxTotalBytes: number;
  maxEntries: number;
}

/**
 * The three-audience DILA data is ~7,600 files and ~90 MB of XML; these bounds leave
 * room for growth and stop a zip bomb or a junk archive long before the tab runs out of memory.
 */
export const IMPORT_LIMITS: ZipLimits = { maxEntryBytes: 3 << 20, maxTotalBytes: 256 << 20, maxEntries: 20_000 };

/** Compressed bytes handed to the inflater at a time: one slice inflates to at most ~16 MB. */
const SLICE = 16 << 10;

/**
 * Yields the files of a zip archive one at a time, read through its central directory (a loop,
 * no recursion per entry) and inflated in slices so every bound is checked while inflating: a
 * file whose header lies about its size is stopped at the cap, not after. A damaged entry is
 * reported and reading goes on; an archive that is not a zip, or past the bounds, throws an
 * `AppError` of the import layer.
 */
export function* zipEntries(zip: Uint8Array, limits: ZipLimits = IMPORT_LIMITS): Generator<SourceEntry> {
  if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b) throw new AppError('import', 'not-zip');
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfCentralDirectory(view);
  if (end < 0) throw new AppError('import', 'zip-damaged', undefined, 'no end of central directory');
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirStart = view.getUint32(end + 16, true);
  if (count === 0xffff || dirStart === 0xffffffff || dirSize === 0xffffffff) throw new AppError('import', 'zip64');
  if (count > limits.maxEntries) throw new AppError('import', 'too-many-entries', { entries: count, max: limits.maxEntries });
  if (dirStart + dirSize > zip.length) throw new AppError('import', 'zip-damaged', undefined, 'central directory out of bounds');

  // First the whole directory (a plain loop): the bounds declared there are checked before a
  // byte is inflated; what inflating finds is checked again as it goes.
  const decoder = new TextDecoder();
  const files: DirectoryEntry[] = [];
  let declaredTotal = 0;
  let at = dirStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== 0x02014b50) {
      throw new AppError('import', 'zip-damaged', undefined, `central directory entry ${i}`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    const entry = {
      name,
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      declared: view.getUint32(at + 24, true),
      local: view.getUint32(at + 42, true),
    };
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (name.endsWith('/')) continue;
    files.push(entry);
    if (entry.declared <= limits.maxEntryBytes) declaredTotal += entry.declared;
  }
  if (declaredTotal > limits.maxTotalBytes) throw new AppError('import', 'too-large', { max: limits.maxTotalBytes });

  let total = 0;
  for (const file of files) {
    const entry = readEntry(zip, view, file, limits, limits.maxTotalBytes - total);
    if (entry.data) total += entry.data.length;
    yield { ...entry, offset: Math.min(zip.length, file.local + file.packed) };
  }
}

interface DirectoryEntry {
  name: string;
  method: number;
  packed: number;
  declared: number;
  local: number;
}

function readEntry(zip: Uint8Array, view: DataView, e: DirectoryEntry, limits: ZipLimits, budget: number): SourceEntry {
  const tooLarge = (n: number) => ({ name: e.name, error: `fichier trop volumineux (${n > limits.maxEntryBytes ? 'plus de ' : ''}${formatBytes(Math.min(n, limits.maxEntryBytes + 1))})` });
  if (e.declared > limits.maxEntryBytes) return { name: e.name, error: `fichier trop volumineux (${formatBytes(e.declared)})` };
  if (e.local + 30 > zip.length || view.getUint32(e.local, true) !== 0x04034b50) return { name: e.name, error: 'entrée zip illisible (en-tête absent)' };
  const start = e.local + 30 + view.getUint16(e.local + 26, true) + view.getUint16(e.local + 28, true);
  if (start + e.packed > zip.length) return { name: e.name, error: 'entrée zip illisible (archive tronquée)' };
  const packed = zip.subarray(start, start + e.packed);
  if (e.method === 0) {
    if (packed.length > limits.maxEntryBytes) return tooLarge(packed.length);
    if (packed.length > budget) throw new AppError('import', 'too-large', { max: limits.maxTotalBytes });
    return { name: e.name, data: packed.slice() };
  }
  if (e.method !== 8) return { name: e.name, error: `entrée zip illisible (méthode de compression ${e.method} non prise en charge)` };

  const parts: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= limits.maxEntryBytes && size <= budget) parts.push(chunk);
  });
  try {
    for (let offset = 0; offset < packed.length; offset += SLICE) {
      const stop = Math.min(offset + SLICE, packed.length);
      inflater.push(packed.subarray(offset, stop), stop === packed.length);
      // Checked after every slice: what a lying header hides never grows past one slice's worth.
      if (size > budget) throw new AppError('import', 'too-large', { max: limits.maxTotalBytes });
      if (size > limits.maxEntryBytes) return tooLarge(size);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    return { name: e.name, error: 'entrée zip illisible (données compressées corrompues)' };
  }
  return { name: e.name, data: concat(parts, size) };
}

/** The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KB comment. */
function findEndOfCentralDirectory(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
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
