import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, UuidParam } from '@fund/platform';
import { DocumentsService } from '../documents.service';
import { DOCUMENT_ERRORS, DocumentListView } from '../document.view';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('fund-requests')
export class ListDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':requestId/documents')
  @Allow('provider', 'coordinator', 'auditor')
  @ApiOperation({ summary: "List a fund request's documents", description: 'Metadata only (kind, type, size, payment, upload time, what metadata was removed); never a name or any content.' })
  @ApiResponse({ status: 200, type: DocumentListView })
  @ApiErrors({ 404: [DOCUMENT_ERRORS.requestNotFound] })
  async list(@UuidParam('requestId') requestId: string, @CurrentActor() actor: Actor): Promise<DocumentListView> {
    const { readable, documents } = await this.documents.list(requestId, actor);
    return {
      requestId,
      readable,
      documents: documents.map(({ documentId, kind, mediaType, sizeBytes, disbursementId, removedMetadata, uploadedAt }) => ({ documentId, kind, mediaType, sizeBytes, disbursementId, removedMetadata, uploadedAt })),
    };
  }
}
