import { Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, UuidParam } from '@fund/platform';
import { DOCUMENT_LIMITS, DocumentsService, type DocumentLimits } from '../documents.service';
import { AttachedDocumentView, DOCUMENT_ERRORS } from '../document.view';
import { UploadDocumentQueryDto } from './upload-document.dto';
import { UPLOAD_CONTENT_TYPES, readUploadBody } from './read-body';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('fund-requests')
export class UploadDocumentController {
  constructor(
    private readonly documents: DocumentsService,
    @Inject(DOCUMENT_LIMITS) private readonly limits: DocumentLimits,
  ) {}

  @Post(':requestId/documents')
  @HttpCode(201)
  @Allow('provider', 'coordinator')
  @ApiOperation({
    summary: 'Attach a receipt, invoice or quote to a fund request',
    description:
      'The body is the file itself (PDF, JPEG, PNG or HEIC, judged from its bytes; at most DOCUMENT_MAX_BYTES, 10 MB by default). ' +
      'Location, author and device metadata (EXIF with GPS, XMP, IPTC, PNG text chunks, PDF document info) is removed before it is stored; a file that cannot be cleaned is refused. ' +
      "The bytes are encrypted with the request's data key, so shredding the request destroys them. No file name is taken or kept.",
  })
  @ApiConsumes(...UPLOAD_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 201, type: AttachedDocumentView })
  @ApiErrors({
    404: [DOCUMENT_ERRORS.requestNotFound, DOCUMENT_ERRORS.unknownDisbursement],
    422: [DOCUMENT_ERRORS.unsupportedType, DOCUMENT_ERRORS.tooLarge, DOCUMENT_ERRORS.empty, DOCUMENT_ERRORS.unreadable, DOCUMENT_ERRORS.tooMany, DOCUMENT_ERRORS.requestShredded],
  })
  async upload(
    @UuidParam('requestId') requestId: string,
    @Query() query: UploadDocumentQueryDto,
    @Ctx() ctx: CommandContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttachedDocumentView> {
    const body = await readUploadBody(req, res, this.limits.maxBytes);
    return this.documents.attach(requestId, { kind: query.kind ?? 'receipt', disbursementId: query.disbursementId ?? null, body }, ctx);
  }
}
