import { AppError } from '../../errors/appFailure';

/**
 * Bytes of an XML file to text. Honors the encoding the XML declaration names (DILA writes
 * UTF-8, but a re-saved file may say ISO-8859-1); undeclared bytes must be valid UTF-8, or the
 * file is refused rather than imported with garbled accents.
 */
export function decodeXml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared);
    } catch {
      throw new AppError('fiche', 'encoding', { encoding: declared });
    }
    return decoder.decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('fiche', 'not-utf8');
  }
}
