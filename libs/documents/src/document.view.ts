import { ApiProperty } from '@nestjs/swagger';
import { CommandPosition, type ErrorExample } from '@fund/platform';
import { DOCUMENT_KINDS, type DocumentKind } from './document.events';
import { DOCUMENT_MEDIA_TYPES, type DocumentMediaType } from './sniff';

const REMOVED = ['exif', 'xmp', 'iptc', 'comment', 'text', 'document_info', 'trailing_data', 'other_metadata', 'embedded_image_metadata'];

/** A document's metadata: never its name, never its content. */
export class DocumentView {
  @ApiProperty({ format: 'uuid' })
  readonly documentId!: string;

  @ApiProperty({ enum: DOCUMENT_KINDS, enumName: 'DocumentKind' })
  readonly kind!: DocumentKind;

  @ApiProperty({ enum: DOCUMENT_MEDIA_TYPES, enumName: 'DocumentMediaType', description: 'the type read from the bytes' })
  readonly mediaType!: DocumentMediaType;

  @ApiProperty({ type: 'integer', description: 'bytes as stored, after metadata was removed' })
  readonly sizeBytes!: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the payment it documents; null when it documents the request' })
  readonly disbursementId!: string | null;

  @ApiProperty({ type: [String], enum: REMOVED, description: 'the kinds of metadata removed before storage (location, author, device); never their values' })
  readonly removedMetadata!: readonly string[];

  @ApiProperty({ format: 'date-time' })
  readonly uploadedAt!: string;
}

export class AttachedDocumentView extends CommandPosition {
  @ApiProperty({ format: 'uuid' })
  readonly documentId!: string;

  @ApiProperty({ enum: DOCUMENT_KINDS, enumName: 'DocumentKind' })
  readonly kind!: DocumentKind;

  @ApiProperty({ enum: DOCUMENT_MEDIA_TYPES, enumName: 'DocumentMediaType' })
  readonly mediaType!: DocumentMediaType;

  @ApiProperty({ type: 'integer' })
  readonly sizeBytes!: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  readonly disbursementId!: string | null;

  @ApiProperty({ type: [String], enum: REMOVED, description: 'the kinds of metadata removed before storage' })
  readonly removedMetadata!: readonly string[];
}

export class DocumentListView {
  @ApiProperty({ format: 'uuid' })
  readonly requestId!: string;

  @ApiProperty({ description: "false once the request's data key was shredded: the documents are listed but can no longer be downloaded" })
  readonly readable!: boolean;

  @ApiProperty({ type: [DocumentView] })
  readonly documents!: readonly DocumentView[];
}

const example = (code: string, message: string, details?: Record<string, unknown>): ErrorExample => (details ? [code, message, details] : [code, message]);

export const DOCUMENT_ERRORS = {
  requestNotFound: example('FUND_REQUEST.NOT_FOUND', 'No such fund request'),
  documentNotFound: example('DOCUMENT.NOT_FOUND', 'No such document on this request'),
  unknownDisbursement: example('FUND_REQUEST.UNKNOWN_DISBURSEMENT', 'No such disbursement on this request', { field: 'disbursementId' }),
  unsupportedType: example('DOCUMENT.UNSUPPORTED_TYPE', 'A document must be a PDF, JPEG, PNG or HEIC file (judged from its bytes, not its name or declared type)', {
    field: 'body',
    allowed: [...DOCUMENT_MEDIA_TYPES],
  }),
  tooLarge: example('DOCUMENT.TOO_LARGE', 'A document is at most 10485760 bytes', { field: 'body', maxBytes: 10485760 }),
  empty: example('DOCUMENT.EMPTY', 'The document is empty', { field: 'body' }),
  unreadable: example('DOCUMENT.UNREADABLE', 'This application/pdf file cannot be cleaned of its metadata, so it is not stored: the PDF is encrypted or password-protected', {
    field: 'body',
    mediaType: 'application/pdf',
  }),
  tooMany: example('DOCUMENT.TOO_MANY', 'A request holds at most 20 documents', { max: 20 }),
  requestShredded: example('DOCUMENT.REQUEST_SHREDDED', "This request's data key was destroyed; nothing more can be attached to it"),
  shredded: example('DOCUMENT.SHREDDED', "This document was destroyed with the request's data key"),
} as const;
