import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from '../document.events';

/** The upload's few structured fields travel in the query: the body is the file itself. */
export class UploadDocumentQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS, enumName: 'DocumentKind', default: 'receipt' })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS, { message: `kind must be one of: ${DOCUMENT_KINDS.join(', ')}` })
  kind?: DocumentKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'the payment this document is for (a receipt or invoice); omit for the request as a whole (a quote)' })
  @IsOptional()
  @IsUUID('all', { message: 'disbursementId must be a UUID' })
  disbursementId?: string;
}
