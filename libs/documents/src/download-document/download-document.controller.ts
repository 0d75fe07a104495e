import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, RecordAccess, UuidParam } from '@fund/platform';
import { DocumentsService } from '../documents.service';
import { DOCUMENT_ERRORS } from '../document.view';
import { DOCUMENT_MEDIA_TYPES, EXTENSION_OF } from '../sniff';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('fund-requests')
export class DownloadDocumentController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':requestId/documents/:documentId')
  @Allow('provider', 'coordinator', 'auditor')
  @RecordAccess('fund-request.document', { when: 'answered' })
  @ApiOperation({
    summary: 'Download a document of a fund request',
    description: "Decrypted on demand for the request's own organization, coordinators and auditors; every download that answers is recorded in the access log. After shredding it answers DOCUMENT.SHREDDED.",
  })
  @ApiProduces(...DOCUMENT_MEDIA_TYPES)
  @ApiResponse({ status: 200, description: 'the document as stored (metadata removed)', schema: { type: 'string', format: 'binary' } })
  @ApiErrors({ 404: [DOCUMENT_ERRORS.requestNotFound, DOCUMENT_ERRORS.documentNotFound], 422: [DOCUMENT_ERRORS.shredded] })
  async download(
    @UuidParam('requestId') requestId: string,
    @UuidParam('documentId') documentId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { entry, bytes } = await this.documents.read(requestId, documentId, actor);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(bytes, {
      type: entry.mediaType,
      length: bytes.length,
      // A name we make up: the uploader's file name is never taken (it could name someone).
      disposition: `attachment; filename="${entry.kind}-${entry.documentId}.${EXTENSION_OF[entry.mediaType]}"`,
    });
  }
}
