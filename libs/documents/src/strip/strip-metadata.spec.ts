import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { HEIC_FIXTURE_PICTURE, fixturePixels, heicWithExif, jpegWithGps, metadataFound, pdfWithMetadata, pngWithMetadata } from '@fund/documents/testing';
import { sniffMediaType } from '../sniff';
import { stripMetadata } from './strip-metadata';
import { UnreadableDocument } from './unreadable';

describe('metadata stripped before storage', () => {
  it('the fixtures do carry GPS, author and camera (so the checks below mean something)', async () => {
    for (const bytes of [jpegWithGps(), pngWithMetadata(), await pdfWithMetadata(), heicWithExif()]) {
      expect(metadataFound(bytes)).toEqual(expect.arrayContaining(['GPS latitude (EXIF rationals)', 'GPS longitude (EXIF rationals)', 'author', 'camera make']));
    }
  });

  it('JPEG: EXIF (GPS, make, model, artist), XMP and comments are gone; the image decodes to the same pixels', async () => {
    const original = jpegWithGps();
    const { bytes, removed } = await stripMetadata('image/jpeg', original);
    expect(metadataFound(bytes)).toEqual([]);
    expect([...removed].sort()).toEqual(['comment', 'exif', 'xmp']);
    expect(sniffMediaType(bytes)).toBe('image/jpeg');
    const before = jpeg.decode(original, { useTArray: true });
    const after = jpeg.decode(bytes, { useTArray: true });
    expect([after.width, after.height]).toEqual([32, 24]);
    expect(Buffer.from(after.data).equals(Buffer.from(before.data))).toBe(true);
  });

  it('JPEG: bytes appended after the end of the image are dropped', async () => {
    const { bytes, removed } = await stripMetadata('image/jpeg', Buffer.concat([jpegWithGps(), Buffer.from('TRAILER with Jane Fixture-Author')]));
    expect(metadataFound(bytes)).toEqual([]);
    expect(removed).toContain('trailing_data');
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('PNG: eXIf, tEXt, zTXt and XMP in iTXt are gone; the image decodes to the same pixels', async () => {
    const { bytes, removed } = await stripMetadata('image/png', pngWithMetadata());
    expect(metadataFound(bytes)).toEqual([]);
    expect([...removed].sort()).toEqual(['exif', 'text', 'xmp']);
    const decoded = PNG.sync.read(bytes);
    expect([decoded.width, decoded.height]).toEqual([32, 24]);
    expect(decoded.data.equals(fixturePixels().data)).toBe(true);
  });

  it('PDF: document info, XMP and the EXIF of embedded photos are gone; the page and its image remain', async () => {
    const { bytes, removed } = await stripMetadata('application/pdf', await pdfWithMetadata());
    expect(metadataFound(bytes)).toEqual([]);
    expect([...removed].sort()).toEqual(['document_info', 'embedded_image_metadata', 'xmp']);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getAuthor()).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    const images = doc.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images).toHaveLength(1);
    const decoded = jpeg.decode((images[0]![1] as PDFRawStream).contents, { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([32, 24]);
  });

  it('PDF: an encrypted PDF cannot be cleaned and is refused', async () => {
    const encrypted = Buffer.from((await pdfWithMetadata()).toString('latin1').replace('/Root', '/Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>\n/Root'), 'latin1');
    await expect(stripMetadata('application/pdf', encrypted)).rejects.toThrow(UnreadableDocument);
  });

  it('HEIC: the EXIF and XMP items are zeroed in place; the picture item and every offset are untouched', async () => {
    const original = heicWithExif();
    expect(sniffMediaType(original)).toBe('image/heic');
    const { bytes, removed } = await stripMetadata('image/heic', original);
    expect(metadataFound(bytes)).toEqual([]);
    expect([...removed].sort()).toEqual(['exif', 'xmp']);
    expect(bytes.length).toBe(original.length);
    const at = original.indexOf(HEIC_FIXTURE_PICTURE);
    expect(bytes.subarray(at, at + HEIC_FIXTURE_PICTURE.length).equals(HEIC_FIXTURE_PICTURE)).toBe(true);
    // Only bytes of the metadata items changed: the boxes (ftyp, meta, iloc) are identical.
    expect(bytes.subarray(0, at).equals(original.subarray(0, at))).toBe(true);
  });

  it('HEIC: image sequences and live photos are refused with the rule', async () => {
    const withMovie = Buffer.concat([heicWithExif(), Buffer.from([0, 0, 0, 8, 0x6d, 0x6f, 0x6f, 0x76])]);
    await expect(stripMetadata('image/heic', withMovie)).rejects.toThrow(/image sequences and live photos/);
  });

  it('refuses what it cannot walk rather than store it uncleaned', async () => {
    const cut = jpegWithGps().subarray(0, 300);
    await expect(stripMetadata('image/jpeg', cut)).rejects.toThrow(UnreadableDocument);
    await expect(stripMetadata('image/png', pngWithMetadata().subarray(0, 100))).rejects.toThrow(UnreadableDocument);
    await expect(stripMetadata('application/pdf', Buffer.from('%PDF-1.7\nnot really'))).rejects.toThrow(UnreadableDocument);
    await expect(stripMetadata('image/heic', heicWithExif().subarray(0, 60))).rejects.toThrow(UnreadableDocument);
  });

  it('knows the type from the bytes only', () => {
    expect(sniffMediaType(Buffer.from('%PDF-1.4'))).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffMediaType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffMediaType(Buffer.from([0xff, 0xd8]))).toBeNull();
  });
});
