import { UnreadableDocument, type RemovedMetadata, type Stripped } from './unreadable';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Chunks that draw the picture (and its colours, transparency, pixel density, APNG frames).
 * Everything else is dropped: eXIf (EXIF with GPS), tEXt/zTXt/iTXt (author, comments, XMP in
 * iTXt), tIME, and any private chunk, whose meaning we cannot vouch for.
 */
const KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'cHRM', 'gAMA', 'iCCP', 'sBIT', 'sRGB', 'cICP', 'mDCv', 'cLLi', 'bKGD', 'hIST', 'pHYs', 'sPLT', 'acTL', 'fcTL', 'fdAT']);

function kindOf(type: string, data: Buffer): RemovedMetadata {
  if (type === 'eXIf') return 'exif';
  if (type === 'iTXt' && data.subarray(0, 17).toString('latin1') === 'XML:com.adobe.xmp') return 'xmp';
  if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') return 'text';
  return 'other_metadata';
}

/** Rewrites a PNG keeping only the chunks that draw it; the image data is copied as is. */
export function stripPng(input: Buffer): Stripped {
  if (input.length < 8 || !input.subarray(0, 8).equals(SIGNATURE)) throw new UnreadableDocument('not a PNG stream');
  const out: Buffer[] = [SIGNATURE];
  const removed = new Set<RemovedMetadata>();
  let at = 8;
  for (;;) {
    if (at + 12 > input.length) throw new UnreadableDocument('the PNG ends before its IEND chunk');
    const length = input.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > input.length) throw new UnreadableDocument(`a PNG chunk at byte ${at} runs past the end`);
    const type = input.subarray(at + 4, at + 8).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw new UnreadableDocument(`a PNG chunk at byte ${at} has no valid type`);
    if (KEEP.has(type)) out.push(input.subarray(at, end));
    else removed.add(kindOf(type, input.subarray(at + 8, at + 8 + length)));
    at = end;
    if (type === 'IEND') break;
  }
  if (at < input.length) removed.add('trailing_data');
  return { bytes: Buffer.concat(out), removed: [...removed] };
}
