import { constants, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** Deflated bytes (method 8) or stored bytes (method 0). */
  data: Uint8Array;
  method?: 0 | 8;
  /** The inflated size the headers claim: a zip bomb lies here. */
  declaredSize: number;
}

/** A zip written field by field, so a test can make its headers lie (CRC left at 0: not checked). */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method ?? 8, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method ?? 8, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const dirSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + dirSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * `megabytes` MB of `fill` as one raw deflate stream, without ever holding or compressing them:
 * one fully flushed (non-final, byte-aligned, self-contained) block of 1 MB repeated, then a
 * final empty block.
 */
export function deflatedRepeat(megabytes: number, fill = 0x20): Uint8Array {
  const block = deflateRawSync(new Uint8Array(1 << 20).fill(fill), { finishFlush: constants.Z_FULL_FLUSH });
  const out = new Uint8Array(block.length * megabytes + 2);
  for (let i = 0; i < megabytes; i++) out.set(block, i * block.length);
  out.set([0x03, 0x00], block.length * megabytes);
  return out;
}
