import { deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import piexif from 'piexifjs';
import { PNG } from 'pngjs';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';

/**
 * Documents as a phone or a scanner makes them, carrying where and by whom they were made, for
 * tests that prove none of it is stored. Every fixture carries the same identifying values, so
 * one list of fingerprints finds any of them in any stored or downloaded bytes.
 */
export const FIXTURE_AUTHOR = 'Jane Fixture-Author';
export const FIXTURE_CAMERA_MAKE = 'FixtureCam Make';
export const FIXTURE_CAMERA_MODEL = 'FixtureCam Z9';
/** 43° 39' 12.345" N, 70° 15' 54.321" W, as EXIF rationals. */
const LATITUDE = [[43, 1], [39, 1], [12345, 1000]];
const LONGITUDE = [[70, 1], [15, 1], [54321, 1000]];
const XMP_LOCATION = '43,39.2058N';

function rationals(values: number[][], littleEndian = false): Buffer {
  const b = Buffer.alloc(values.length * 8);
  values.forEach(([n, d], i) => {
    if (littleEndian) {
      b.writeUInt32LE(n!, i * 8);
      b.writeUInt32LE(d!, i * 8 + 4);
    } else {
      b.writeUInt32BE(n!, i * 8);
      b.writeUInt32BE(d!, i * 8 + 4);
    }
  });
  return b;
}

/** Byte strings whose presence means metadata survived: the GPS values, author, camera. */
export const METADATA_FINGERPRINTS: readonly { readonly name: string; readonly bytes: Buffer }[] = [
  { name: 'GPS latitude (EXIF rationals)', bytes: rationals(LATITUDE) },
  { name: 'GPS longitude (EXIF rationals)', bytes: rationals(LONGITUDE) },
  { name: 'GPS latitude (XMP)', bytes: Buffer.from(XMP_LOCATION) },
  { name: 'author', bytes: Buffer.from(FIXTURE_AUTHOR) },
  { name: 'camera make', bytes: Buffer.from(FIXTURE_CAMERA_MAKE) },
  { name: 'camera model', bytes: Buffer.from(FIXTURE_CAMERA_MODEL) },
  { name: 'EXIF header', bytes: Buffer.from('Exif\0\0MM\0\x2a', 'latin1') },
];

/** The fingerprints found in some bytes (an empty list when clean). */
export function metadataFound(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes);
  return METADATA_FINGERPRINTS.filter((f) => b.includes(f.bytes)).map((f) => f.name);
}

const XMP = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"><dc:creator><rdf:Seq><rdf:li>${FIXTURE_AUTHOR}</rdf:li></rdf:Seq></dc:creator><exif:GPSLatitude>${XMP_LOCATION}</exif:GPSLatitude><tiff:Make>${FIXTURE_CAMERA_MAKE}</tiff:Make></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** The EXIF block a phone writes: camera, author, and where the picture was taken. */
function exifBlock(): string {
  return piexif.dump({
    '0th': { [piexif.ImageIFD.Make!]: FIXTURE_CAMERA_MAKE, [piexif.ImageIFD.Model!]: FIXTURE_CAMERA_MODEL, [piexif.ImageIFD.Artist!]: FIXTURE_AUTHOR },
    Exif: { [piexif.ExifIFD.DateTimeOriginal!]: '2026:11:02 18:04:11' },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef!]: 'N',
      [piexif.GPSIFD.GPSLatitude!]: LATITUDE,
      [piexif.GPSIFD.GPSLongitudeRef!]: 'W',
      [piexif.GPSIFD.GPSLongitude!]: LONGITUDE,
    },
  });
}

/** RGBA pixels of a small picture (a gradient, so a decoder has something to check). */
export function fixturePixels(width = 32, height = 24): { width: number; height: number; data: Buffer } {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x * 8, y * 10, 128, 255], (y * width + x) * 4);
  return { width, height, data };
}

function xmpSegment(): Buffer {
  const payload = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(XMP, 'utf8')]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A real JPEG (it decodes) with EXIF (GPS, make, model, artist), an XMP packet and a comment. */
export function jpegWithGps(comment: string = FIXTURE_AUTHOR): Buffer {
  const plain = Buffer.from(jpeg.encode(fixturePixels(), 90).data);
  const withExif = Buffer.from(piexif.insert(exifBlock(), plain.toString('latin1')), 'latin1');
  const text = Buffer.from(comment, 'utf8');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]), text]);
  // XMP and a comment after the EXIF segment, where cameras and editors put them.
  const afterSoi = withExif.subarray(2);
  return Buffer.concat([withExif.subarray(0, 2), xmpSegment(), com, afterSoi]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A real PNG (it decodes) with eXIf (GPS), tEXt (author), zTXt, and XMP in iTXt, before and after the image data. */
export function pngWithMetadata(): Buffer {
  const png = PNG.sync.write(Object.assign(new PNG({ width: 32, height: 24 }), { data: fixturePixels().data }));
  const exif = Buffer.from(exifBlock(), 'latin1').subarray(6); // eXIf holds the TIFF stream without the "Exif\0\0" prefix
  const iend = png.length - 12;
  const extra = [
    pngChunk('eXIf', exif),
    pngChunk('tEXt', Buffer.from(`Author\0${FIXTURE_AUTHOR}`, 'latin1')),
    pngChunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.from(`Taken with ${FIXTURE_CAMERA_MAKE}`))])),
    pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(XMP, 'utf8')])),
  ];
  // After IHDR (8 + 25 bytes), as writers do.
  return Buffer.concat([png.subarray(0, 33), ...extra, png.subarray(33, iend), png.subarray(iend)]);
}

/** A PDF as a scanner app writes it: document info, an XMP stream, and a phone photo with EXIF GPS on its page. */
export async function pdfWithMetadata(subject = 'Receipt'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setSubject(subject);
  doc.setAuthor(FIXTURE_AUTHOR);
  doc.setCreator(FIXTURE_CAMERA_MAKE);
  doc.setProducer(FIXTURE_CAMERA_MODEL);
  doc.setTitle('Receipt');
  const image = await doc.embedJpg(new Uint8Array(jpegWithGps())) // a copy: pdf-lib reads the whole ArrayBuffer, not the Buffer's slice of the pool;
  const page = doc.addPage([200, 200]);
  page.drawImage(image, { x: 10, y: 10, width: 64, height: 48 });
  page.drawText('Total 12.50', { x: 10, y: 150, size: 12 });
  const xmp = doc.context.stream(XMP, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('en'));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function fullBox(type: string, version: number, ...parts: Buffer[]): Buffer {
  return box(type, Buffer.from([version, 0, 0, 0]), ...parts);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The stand-in for a coded picture in the HEIC fixture (no HEVC encoder here); checked byte for byte. */
export const HEIC_FIXTURE_PICTURE = Buffer.from('HEVC-CODED-PICTURE-STAND-IN-'.repeat(8), 'latin1');

/**
 * A HEIC container laid out as phones write it (ftyp, meta with hdlr/pitm/iinf/iloc, mdat) with a
 * picture item, an EXIF item (GPS, make, artist) and an XMP item in mdat. The picture's bytes are
 * a stand-in: no pure-JS HEVC codec exists, so tests check them byte for byte instead of decoding.
 */
export function heicWithExif(): Buffer {
  const exif = Buffer.concat([u32(6), Buffer.from(exifBlock(), 'latin1')]);
  const xmp = Buffer.from(XMP, 'utf8');
  const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1'));
  const infe = (id: number, type: string, rest: Buffer = Buffer.from([0])) => fullBox('infe', 2, u16(id), u16(0), Buffer.from(type, 'latin1'), rest);
  const iinf = fullBox('iinf', 0, u16(3), infe(1, 'hvc1'), infe(2, 'Exif'), infe(3, 'mime', Buffer.from('\0application/rdf+xml\0', 'latin1')));
  const hdlr = fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0]));
  const pitm = fullBox('pitm', 0, u16(1));
  // iloc v0, offset and length 4 bytes, no base offset; offsets filled in once the layout is known.
  const ilocFor = (offsets: number[]) =>
    fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(3), ...[HEIC_FIXTURE_PICTURE, exif, xmp].map((part, i) => Buffer.concat([u16(i + 1), u16(0), u16(1), u32(offsets[i]!), u32(part.length)])));
  const metaFor = (offsets: number[]) => fullBox('meta', 0, hdlr, pitm, iinf, ilocFor(offsets));
  const before = ftyp.length + metaFor([0, 0, 0]).length + 8;
  const offsets = [before, before + HEIC_FIXTURE_PICTURE.length, before + HEIC_FIXTURE_PICTURE.length + exif.length];
  return Buffer.concat([ftyp, metaFor(offsets), box('mdat', HEIC_FIXTURE_PICTURE, exif, xmp)]);
}
