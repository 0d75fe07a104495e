import type { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { stripJpeg } from './jpeg';
import { UnreadableDocument, type RemovedMetadata, type Stripped } from './unreadable';

function isDctOnly(dict: PDFDict, lib: typeof import('pdf-lib'), dct: PDFName): boolean {
  const filter = dict.get(lib.PDFName.of('Filter'));
  if (filter === dct) return true;
  return filter instanceof lib.PDFArray && filter.size() === 1 && filter.get(0) === dct;
}

/**
 * Rewrites a PDF without its document information dictionary (author, title, creator tool,
 * dates), without any XMP metadata stream (the catalog's and every object's), without private
 * application data (PieceInfo), and with the metadata segments of embedded JPEG images removed
 * (a scanned receipt is often a phone photo with its EXIF GPS inside the PDF). The whole file is
 * re-serialised, so earlier incremental revisions are dropped too. Encrypted PDFs cannot be
 * walked and are refused.
 */
export async function stripPdf(input: Buffer): Promise<Stripped> {
  // Loaded on first use: only an upload of a PDF needs it, not every process that imports the app.
  const lib = await import('pdf-lib');
  const { EncryptedPDFError, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream } = lib;
  const METADATA = PDFName.of('Metadata');
  const PIECE_INFO = PDFName.of('PieceInfo');
  const DCT = PDFName.of('DCTDecode');
  let doc: PDFDocument;
  try {
    doc = await lib.PDFDocument.load(new Uint8Array(input), { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new UnreadableDocument('the PDF is encrypted or password-protected');
    throw new UnreadableDocument('the PDF cannot be parsed');
  }
  const removed = new Set<RemovedMetadata>();
  const { context } = doc;
  const info = context.trailerInfo.Info;
  if (info) {
    removed.add('document_info');
    context.trailerInfo.Info = undefined;
    if (info instanceof PDFRef) context.delete(info);
  }
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (!dict) continue;
    if (dict.get(PDFName.of('Type')) === METADATA) {
      // An XMP packet: nothing else may point at it once the references below are gone.
      context.delete(ref);
      removed.add('xmp');
      continue;
    }
    if (dict.has(METADATA)) {
      dict.delete(METADATA);
      removed.add('xmp');
    }
    if (dict.has(PIECE_INFO)) {
      dict.delete(PIECE_INFO);
      removed.add('other_metadata');
    }
    if (object instanceof PDFRawStream && isDctOnly(dict, lib, DCT)) {
      const image = stripJpeg(Buffer.from(object.contents));
      if (image.removed.length > 0) {
        dict.set(PDFName.of('Length'), PDFNumber.of(image.bytes.length));
        context.assign(ref, PDFRawStream.of(dict, new Uint8Array(image.bytes)));
        removed.add('embedded_image_metadata');
      }
    }
  }
  let bytes: Buffer;
  try {
    if (doc.getPageCount() === 0) throw new UnreadableDocument('the PDF has no pages');
    bytes = Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
  } catch (error) {
    throw error instanceof UnreadableDocument ? error : new UnreadableDocument('the PDF cannot be rewritten');
  }
  return { bytes, removed: [...removed] };
}
