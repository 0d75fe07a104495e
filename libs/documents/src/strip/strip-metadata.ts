import type { DocumentMediaType } from '../sniff';
import { stripHeic } from './heic';
import { stripJpeg } from './jpeg';
import { stripPdf } from './pdf';
import { stripPng } from './png';
import type { Stripped } from './unreadable';

/** Removes location, author and device metadata before anything is stored (ADR 0015). */
export async function stripMetadata(mediaType: DocumentMediaType, bytes: Buffer): Promise<Stripped> {
  switch (mediaType) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'application/pdf':
      return stripPdf(bytes);
    case 'image/heic':
      return stripHeic(bytes);
  }
}
