/** The formats a document may have, by what its bytes say. */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** HEIF brands of still images (HEIC and its sequences and the generic image brands). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The media type from the leading bytes (magic numbers), never from a file name or a declared
 * Content-Type, which the sender chooses. Anything else is `null` and refused.
 */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const size = b.readUInt32BE(0);
    const end = Math.min(size, b.length);
    // The major brand, then the compatible brands after the minor version.
    const brands = [b.subarray(8, 12).toString('latin1')];
    for (let at = 16; at + 4 <= end; at += 4) brands.push(b.subarray(at, at + 4).toString('latin1'));
    if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'image/heic';
  }
  return null;
}

export const EXTENSION_OF: Readonly<Record<DocumentMediaType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
};
