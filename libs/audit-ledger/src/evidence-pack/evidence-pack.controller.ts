import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '@fund/auth';
import type { Actor } from '@fund/event-sourcing';
import { ApiErrors, ReadsFrom, RecordAccess, UuidParam } from '@fund/platform';
import { AUDIT_LEDGER } from '../ledger.migrations';
import { EvidencePackService } from './evidence-pack.service';

@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('fund-requests')
export class EvidencePackController {
  constructor(private readonly evidence: EvidencePackService) {}

  @Get(':requestId/disbursements/:disbursementId/evidence-pack')
  @Allow('auditor', 'coordinator')
  @RecordAccess('fund-request.evidence-pack')
  @ApiOperation({
    summary: 'The evidence pack of one payment (ZIP)',
    description:
      "Everything an auditor samples for a payment: the request's facts (no narrative, no survivor reference), the votes and the protocol version with its rules, " +
      'the reservation, the payment with payee and reference or the card serials, the receipt (with its document) or the attestation, the ledger entries with ' +
      'their hashes and the proof that they are in the verified chain, and a manifest of SHA-256 digests. Every download is recorded in the access log.',
  })
  @ApiProduces('application/zip')
  @ApiResponse({ status: 200, description: 'a ZIP attachment', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors({ 404: [['EVIDENCE.PAYMENT_NOT_FOUND', 'No such payment on a fund request']] })
  async download(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    const pack = await this.evidence.pack(requestId, disbursementId, actor, new Date());
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="evidence-${disbursementId}.zip"`);
    // Loaded on first use, like the reports' archive writer.
    const { default: archiver } = await import('archiver');
    const zip = archiver('zip', { zlib: { level: 6 } });
    const done = new Promise<void>((resolve, reject) => {
      res.on('finish', resolve);
      zip.on('error', reject);
    });
    zip.pipe(res);
    for (const file of pack.files) zip.append(file.content, { name: file.name, date: new Date(0) });
    await zip.finalize();
    await done;
  }
}
