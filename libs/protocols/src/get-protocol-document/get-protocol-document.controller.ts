import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { GetProtocolQuery } from '../get-protocol/get-protocol.query';
import { renderProtocolDocument } from '../protocol-document';
import { PROTOCOL_INVALID_VERSION, PROTOCOL_NOT_FOUND } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolDocumentController {
  constructor(private readonly queries: QueryBus) {}

  /** The same read as GET /protocols/:version, rendered for people. */
  @Get(':version/document')
  @Allow('provider', 'council', 'coordinator', 'auditor', 'funder')
  @ApiOperation({ summary: "Read a protocol version as a Markdown document", description: "The same read as GET /protocols/{version}, rendered for people." })
  @ApiResponse({ status: 200, description: 'the protocol rendered for people', content: { 'text/markdown': { schema: { type: 'string' } } } })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION], 404: [PROTOCOL_NOT_FOUND] })
  async document(@Param('version') version: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const view = await this.queries.execute(new GetProtocolQuery(version));
    // Set here, not with @Header: that would also label a JSON error body as Markdown.
    res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
    res.setHeader('ETag', etag(view.streamVersion));
    res.setHeader('Content-Disposition', `inline; filename="protocol-${view.version}.md"`);
    return renderProtocolDocument(view);
  }
}
