/** A document whose structure we cannot walk: refused, because we could not clean it. */
export class UnreadableDocument extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnreadableDocument';
  }
}

/** What was cleaned out, by kind (never the values): shown to the uploader and recorded. */
export type RemovedMetadata = 'exif' | 'xmp' | 'iptc' | 'comment' | 'text' | 'document_info' | 'trailing_data' | 'other_metadata' | 'embedded_image_metadata';

export interface Stripped {
  readonly bytes: Buffer;
  readonly removed: readonly RemovedMetadata[];
}
