import { UnreadableDocument, type RemovedMetadata, type Stripped } from './unreadable';

interface Box {
  readonly type: string;
  /** Start of the box's payload (after size and type, and the large size if any). */
  readonly body: number;
  readonly end: number;
}

function boxes(b: Buffer, from: number, to: number): Box[] {
  const found: Box[] = [];
  let at = from;
  while (at < to) {
    if (at + 8 > to) throw new UnreadableDocument(`a HEIF box header at byte ${at} runs past its parent`);
    let size = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) throw new UnreadableDocument('a HEIF large box runs past its parent');
      const large = b.readBigUInt64BE(at + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnreadableDocument('a HEIF box is too large');
      size = Number(large);
      body = at + 16;
    } else if (size === 0) size = to - at;
    const end = at + size;
    if (size < body - at || end > to) throw new UnreadableDocument(`a HEIF ${type} box at byte ${at} runs past its parent`);
    found.push({ type, body, end });
    at = end;
  }
  return found;
}

function readUInt(b: Buffer, at: number, bytes: number): number {
  if (bytes === 0) return 0;
  if (bytes === 4) return b.readUInt32BE(at);
  if (bytes === 8) {
    const v = b.readBigUInt64BE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnreadableDocument('a HEIF offset is too large');
    return Number(v);
  }
  if (bytes === 2) return b.readUInt16BE(at);
  throw new UnreadableDocument(`a HEIF field of ${bytes} bytes is not allowed`);
}

function cString(b: Buffer, at: number, end: number): [string, number] {
  const zero = b.indexOf(0, at);
  if (zero < 0 || zero >= end) throw new UnreadableDocument('a HEIF item name is not terminated');
  return [b.subarray(at, zero).toString('utf8'), zero + 1];
}

/** Item ids of metadata items (EXIF; XMP is a `mime` item of type application/rdf+xml). */
function metadataItems(b: Buffer, iinf: Box): Map<number, RemovedMetadata> {
  const version = b[iinf.body]!;
  const first = iinf.body + 4 + (version === 0 ? 2 : 4);
  const items = new Map<number, RemovedMetadata>();
  for (const infe of boxes(b, first, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const v = b[infe.body]!;
    if (v < 2) throw new UnreadableDocument('a HEIF item information entry of version 0 or 1 is not supported');
    let at = infe.body + 4;
    const id = v === 2 ? b.readUInt16BE(at) : b.readUInt32BE(at);
    at += (v === 2 ? 2 : 4) + 2;
    const type = b.subarray(at, at + 4).toString('latin1');
    at += 4;
    if (type === 'Exif') items.set(id, 'exif');
    else if (type === 'mime') {
      const [, afterName] = cString(b, at, infe.end);
      const [contentType] = cString(b, afterName, infe.end);
      if (contentType.startsWith('application/rdf+xml')) items.set(id, 'xmp');
    }
  }
  return items;
}

/** Byte ranges in the file of the given items, from the item location box. */
function extentsOf(b: Buffer, iloc: Box, ids: ReadonlySet<number>, idat: Box | undefined): [number, number][] {
  const version = b[iloc.body]!;
  let at = iloc.body + 4;
  const offsetSize = b[at]! >> 4;
  const lengthSize = b[at]! & 0x0f;
  const baseOffsetSize = b[at + 1]! >> 4;
  const indexSize = version === 1 || version === 2 ? b[at + 1]! & 0x0f : 0;
  at += 2;
  const count = version < 2 ? b.readUInt16BE(at) : b.readUInt32BE(at);
  at += version < 2 ? 2 : 4;
  const ranges: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? b.readUInt16BE(at) : b.readUInt32BE(at);
    at += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) {
      method = b.readUInt16BE(at) & 0x0f;
      at += 2;
    }
    at += 2; // data reference index
    const base = readUInt(b, at, baseOffsetSize);
    at += baseOffsetSize;
    const extents = b.readUInt16BE(at);
    at += 2;
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const offset = readUInt(b, at, offsetSize);
      at += offsetSize;
      const length = readUInt(b, at, lengthSize);
      at += lengthSize;
      if (!ids.has(id)) continue;
      if (method === 2) throw new UnreadableDocument('HEIF metadata stored by item reference is not supported');
      if (length === 0) throw new UnreadableDocument('HEIF metadata running to the end of the file is not supported');
      const origin = method === 1 ? (idat?.body ?? -1) : 0;
      if (origin < 0) throw new UnreadableDocument('HEIF metadata in an idat box that does not exist');
      const start = origin + base + offset;
      const limit = method === 1 ? idat!.end : b.length;
      if (start + length > limit) throw new UnreadableDocument('HEIF metadata runs past the end of the file');
      ranges.push([start, start + length]);
    }
    if (at > iloc.end) throw new UnreadableDocument('the HEIF item location box runs past its end');
  }
  return ranges;
}

/**
 * Cleans a HEIC/HEIF still image in place: the bytes of every EXIF and XMP item are overwritten
 * with zeros, so the file keeps its length and every offset in it stays valid, and the image
 * items (and their thumbnails) are untouched, so it decodes as before. Rewriting the boxes to
 * remove the items would mean recomputing every offset in the item location box; zeroing gets
 * the same privacy (no GPS, author or camera bytes remain) with nothing to get wrong there.
 * Image sequences and live photos (a `moov` box, with its own metadata tracks) are refused.
 */
export function stripHeic(input: Buffer): Stripped {
  const top = boxes(input, 0, input.length);
  if (top[0]?.type !== 'ftyp') throw new UnreadableDocument('not a HEIF file');
  if (top.some((box) => box.type === 'moov')) throw new UnreadableDocument('HEIF image sequences and live photos are not accepted: send a still image');
  const meta = top.filter((box) => box.type === 'meta');
  if (meta.length !== 1) throw new UnreadableDocument('a HEIF file has exactly one meta box');
  const children = boxes(input, meta[0]!.body + 4, meta[0]!.end);
  const iinf = children.find((box) => box.type === 'iinf');
  const iloc = children.find((box) => box.type === 'iloc');
  const idat = children.find((box) => box.type === 'idat');
  if (!iinf || !iloc) throw new UnreadableDocument('a HEIF file without item information or locations');
  const output = Buffer.from(input);
  const removed = new Set<RemovedMetadata>();
  const items = metadataItems(input, iinf);
  for (const [start, end] of extentsOf(input, iloc, new Set(items.keys()), idat)) output.fill(0, start, end);
  for (const kind of items.values()) removed.add(kind);
  // Top-level boxes that carry no picture: XMP or vendor data in `uuid` boxes, free text in `udta`.
  for (const box of top) {
    if (box.type === 'uuid' || box.type === 'udta') {
      output.fill(0, box.body, box.end);
      removed.add('other_metadata');
    }
  }
  return { bytes: output, removed: [...removed] };
}
