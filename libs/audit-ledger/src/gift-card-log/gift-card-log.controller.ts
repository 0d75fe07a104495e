import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { EventStore, LogPosition, RecordedEvent } from '@fund/event-sourcing';
import { EVENT_STORE, RecordAccess } from '@fund/platform';
import { XLSX_CONTENT_TYPE } from '../export-ledger/ledger-xlsx';
import { buildGiftCardLog, feedsGiftCardLog, GIFT_CARD_LOG_COLUMNS, GIFT_CARD_STATUSES, giftCardLogCells, RECEIPT_STATUSES, type GiftCardLogRow } from './gift-card-log';
import { writeGiftCardLogXlsx } from './gift-card-log.xlsx';

class GiftCardVarianceView {
  @ApiProperty() readonly countId!: string;
  @ApiProperty({ example: '2026-11-30' }) readonly countedOn!: string;
  @ApiProperty({ example: 'office-safe' }) readonly custodian!: string;
  @ApiProperty({ enum: ['missing', 'unexpected'] }) readonly finding!: 'missing' | 'unexpected';
  @ApiProperty({ description: 'a second coordinator approved writing the missing card off' }) readonly adjusted!: boolean;
}

class GiftCardLogRowView {
  @ApiProperty() readonly serial!: string;
  @ApiProperty() readonly itemId!: string;
  @ApiProperty() readonly kind!: string;
  @ApiProperty() readonly category!: string;
  @ApiProperty({ type: 'integer' }) readonly faceValueCents!: number;
  @ApiProperty({ enum: ['donated', 'purchased'] }) readonly source!: 'donated' | 'purchased';
  @ApiProperty({ type: 'string', nullable: true, description: 'the donation or purchase id' }) readonly sourceId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the vendor (purchased cards)' }) readonly payeeId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly paidOn!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the coordinator who recorded the purchase' }) readonly purchasedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'who put the card in stock (for a purchase: the second coordinator)' }) readonly receivedBy!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'the day the card came in; null while on order' }) readonly inDate!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly custodian!: string | null;
  @ApiProperty({ enum: GIFT_CARD_STATUSES }) readonly status!: string;
  @ApiProperty({ type: 'string', nullable: true }) readonly outDate!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'issued, sold, or the write-off reason' }) readonly outReason!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly requestId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly disbursementId!: string | null;
  @ApiProperty({ enum: RECEIPT_STATUSES, nullable: true }) readonly receiptStatus!: string | null;
  @ApiProperty({ type: [GiftCardVarianceView] }) readonly variances!: readonly GiftCardVarianceView[];
}

export class GiftCardLogView {
  @ApiProperty({ example: '2026-12-07', description: 'the day receipts still due are judged overdue against' }) readonly asOf!: string;
  @ApiProperty({ type: [GiftCardLogRowView] }) readonly cards!: readonly GiftCardLogRowView[];
}

const PAGE = 1000;

/**
 * The gift-card log for auditors, on screen (JSON), as CSV (one clean table) and as XLSX. Built
 * on request from the event log (ADR 0019): it reads the stock, purchase, count and request
 * streams in global order, so it is never behind a projection.
 */
@ApiTags('audit ledger')
@ApiBearerAuth()
@Controller('ledger/gift-cards')
export class GiftCardLogController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Allow('auditor', 'coordinator')
  @ApiOperation({
    summary: 'The gift-card log',
    description: 'One row per card or pass serial: face value, donated or purchased (vendor, paid on), in date, custodian, out date, the request and its receipt status, and the counts that found it missing or unexpected.',
  })
  @ApiOkResponse({ type: GiftCardLogView })
  async log(): Promise<GiftCardLogView> {
    return this.build();
  }

  @Get('export.csv')
  @Allow('auditor', 'coordinator')
  @RecordAccess('gift-card-log.export')
  @ApiOperation({ summary: 'The gift-card log as CSV', description: 'Exactly one header row, then one row per serial; variances in one cell as countId:finding:countedOn[:adjusted].' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: `a CSV attachment: the header row (${GIFT_CARD_LOG_COLUMNS.length} columns), then one row per serial`, content: { 'text/csv': { schema: { type: 'string' } } } })
  async csv(@Res() res: Response): Promise<void> {
    const { asOf, cards } = await this.build();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="gift-card-log-${asOf}.csv"`);
    const table = [[...GIFT_CARD_LOG_COLUMNS], ...cards.map(giftCardLogCells)];
    await pipeline(Readable.from(table).pipe(stringify()), res);
  }

  @Get('export.xlsx')
  @Allow('auditor', 'coordinator')
  @RecordAccess('gift-card-log.export')
  @ApiOperation({ summary: 'The gift-card log as XLSX', description: 'The CSV table on a Log sheet (face values as dollars), with an About sheet saying when it was made.' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an XLSX attachment', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async xlsx(@Res() res: Response): Promise<void> {
    const generatedAt = new Date().toISOString();
    const { asOf, cards } = await this.build();
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="gift-card-log-${asOf}.xlsx"`);
    const about = [
      ['Generated at', generatedAt],
      ['Receipts judged as of', asOf],
      ['What it is', 'Every gift card and pass serial the fund received or bought, from purchase or donation to hand-over or write-off.'],
    ] as const;
    await writeGiftCardLogXlsx(about, cards, res);
  }

  private async build(): Promise<{ asOf: string; cards: GiftCardLogRow[] }> {
    const events: RecordedEvent[] = [];
    let after: LogPosition | undefined;
    for (;;) {
      const page = await this.store.readAll({ ...(after ? { after } : {}), limit: PAGE });
      for (const e of page) if (feedsGiftCardLog(e.streamId)) events.push(e);
      if (page.length < PAGE) break;
      after = page.at(-1)!.position;
    }
    const asOf = new Date().toISOString().slice(0, 10);
    return { asOf, cards: buildGiftCardLog(events, asOf) };
  }
}
