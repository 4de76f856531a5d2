import encodeQR from 'qr';

/** A QR code as dark modules, quiet zone included (the SVG's viewBox is 0 0 size size). */
export interface QrCode {
  size: number;
  /** SVG path drawing every dark module as a unit square, in module coordinates. */
  path: string;
}

/** Modules of white border around the code: the standard asks for 4 so phones find it. */
export const QR_QUIET_ZONE = 4;

/**
 * Encodes a link locally (no network: the desk may be offline). Medium error correction keeps
 * the code readable on a worn print-out without making long service-public.fr URLs too dense.
 */
export function qrCode(text: string): QrCode {
  const modules = encodeQR(text, 'raw', { ecc: 'medium', border: QR_QUIET_ZONE });
  return { size: modules.length, path: modulesPath(modules) };
}

/** One horizontal run per row segment: a few hundred path commands instead of a rect per module. */
export function modulesPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      parts.push(`M${start} ${y}h${x - start + 1}v1h-${x - start + 1}z`);
    }
  });
  return parts.join('');
}
