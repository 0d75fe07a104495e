import { UnreadableDocument, type RemovedMetadata, type Stripped } from './unreadable';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP14 = 0xee;

/** Markers that stand alone (no length): restart markers, TEM. */
const standalone = (m: number) => (m >= 0xd0 && m <= 0xd7) || m === 0x01;

function startsWith(segment: Buffer, text: string): boolean {
  return segment.length >= text.length && segment.subarray(0, text.length).toString('latin1') === text;
}

/**
 * Which application segments survive, by allow-list: JFIF (pixel density), the ICC colour
 * profile and Adobe's colour-transform flag are needed to show the picture faithfully and say
 * nothing about where or by whom it was taken. Everything else goes: APP1 (EXIF with GPS, camera
 * make and model, serial numbers, the embedded thumbnail; XMP with author and location), APP13
 * (IPTC: by-line, city), vendor segments (APP2 MPF, APP12 Ducky...), and comments.
 */
function keep(marker: number, segment: Buffer): RemovedMetadata | null {
  if (marker === APP0) return startsWith(segment, 'JFIF\0') ? null : 'other_metadata';
  if (marker === APP2) return startsWith(segment, 'ICC_PROFILE\0') ? null : 'other_metadata';
  if (marker === APP14) return startsWith(segment, 'Adobe') ? null : 'other_metadata';
  if (marker === 0xe1) return startsWith(segment, 'Exif\0') ? 'exif' : startsWith(segment, 'http://ns.adobe.com/') ? 'xmp' : 'other_metadata';
  if (marker === 0xed) return 'iptc';
  if (marker > APP0 && marker <= 0xef) return 'other_metadata';
  if (marker === COM) return 'comment';
  return null;
}

/**
 * Rewrites a JPEG without its metadata segments, leaving the compressed image untouched
 * (lossless: no re-encoding). Walks every segment, the entropy-coded data after each SOS
 * included, so progressive images with several scans are handled; stops at the first EOI, so
 * bytes appended after the image (secondary MPF images, vendor trailers) are dropped too.
 */
export function stripJpeg(input: Buffer): Stripped {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) throw new UnreadableDocument('not a JPEG stream');
  const out: Buffer[] = [input.subarray(0, 2)];
  const removed = new Set<RemovedMetadata>();
  let at = 2;
  for (;;) {
    if (at >= input.length) throw new UnreadableDocument('the JPEG ends before its end-of-image marker');
    if (input[at] !== 0xff) throw new UnreadableDocument(`expected a JPEG marker at byte ${at}`);
    while (input[at] === 0xff && input[at + 1] === 0xff) at++; // fill bytes
    const marker = input[at + 1];
    if (marker === undefined) throw new UnreadableDocument('the JPEG ends inside a marker');
    if (marker === EOI) {
      out.push(input.subarray(at, at + 2));
      if (at + 2 < input.length) removed.add('trailing_data');
      break;
    }
    if (standalone(marker)) {
      out.push(input.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (at + 4 > input.length) throw new UnreadableDocument('the JPEG ends inside a segment header');
    const length = input.readUInt16BE(at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > input.length) throw new UnreadableDocument(`a JPEG segment at byte ${at} runs past the end`);
    const dropped = keep(marker, input.subarray(at + 4, end));
    if (dropped) removed.add(dropped);
    else out.push(input.subarray(at, end));
    at = end;
    if (marker === SOS) {
      // Entropy-coded data: runs to the next marker that is neither stuffing (FF00) nor a restart.
      const start = at;
      while (at + 1 < input.length && !(input[at] === 0xff && input[at + 1] !== 0x00 && !(input[at + 1]! >= 0xd0 && input[at + 1]! <= 0xd7) && input[at + 1] !== 0xff)) at++;
      out.push(input.subarray(start, at));
    }
  }
  return { bytes: Buffer.concat(out), removed: [...removed] };
}
