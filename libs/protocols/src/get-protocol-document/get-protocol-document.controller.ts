import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { etag } from '@fund/platform';
import { GetProtocolQuery } from '../get-protocol/get-protocol.query';
import { renderProtocolDocument } from '../protocol-document';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolDocumentController {
  constructor(private readonly queries: QueryBus) {}

  /** The same read as GET /protocols/:version, rendered for people. */
  @Get(':version/document')
  @Allow('provider', 'council', 'coordinator', 'auditor', 'funder')
  @ApiProduces('text/markdown')
  async document(@Param('version') version: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const view = await this.queries.execute(new GetProtocolQuery(version));
    // Set here, not with @Header: that would also label a JSON error body as Markdown.
    res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
    res.setHeader('ETag', etag(view.streamVersion));
    res.setHeader('Content-Disposition', `inline; filename="protocol-${view.version}.md"`);
    return renderProtocolDocument(view);
  }
}
