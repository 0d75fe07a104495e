import { ApiProperty } from '@nestjs/swagger';
import { CommandPosition, type ErrorExample, type ErrorExamples } from '@fund/platform';
import type { FundRequestStatus } from './fund-request.decider';

export const FUND_REQUEST_STATUSES = ['submitted', 'info_requested', 'approved', 'disbursed', 'closed', 'denied', 'withdrawn', 'expired'] as const satisfies readonly Exclude<
  FundRequestStatus,
  'none'
>[];

/** What every fund-request command answers (with the request's new version as ETag). */
export class FundRequestCommandResult extends CommandPosition {
  @ApiProperty({ format: 'uuid' })
  readonly requestId!: string;

  @ApiProperty({ enum: FUND_REQUEST_STATUSES, enumName: 'FundRequestStatus', description: 'the status after the command' })
  readonly status!: Exclude<FundRequestStatus, 'none'>;

  @ApiProperty({ type: [String], description: 'the types of the events the command recorded, in order', example: ['VoteCast', 'FundRequestApproved'] })
  readonly events!: readonly string[];
}

export class SubmittedFundRequest extends CommandPosition {
  @ApiProperty({ format: 'uuid' })
  readonly requestId!: string;

  @ApiProperty({ enum: FUND_REQUEST_STATUSES, enumName: 'FundRequestStatus' })
  readonly status!: Exclude<FundRequestStatus, 'none'>;

  @ApiProperty({ description: 'true when the request went the expedited path (one on-call approval, ratified later)' })
  readonly expedited!: boolean;
}

export class RecordedDisbursement extends FundRequestCommandResult {
  @ApiProperty({ format: 'uuid' })
  readonly disbursementId!: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'cents paid; null when this retry recorded nothing new' })
  readonly amountCents!: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'when the receipt is due; null for donated stock' })
  readonly receiptDueOn!: string | null;
}

const TEXTS_OR_REDACTED = [
  { type: 'array', items: { type: 'string' }, nullable: true },
  { type: 'string', enum: ['redacted'] },
];

/** The narrative and notes of a request, decrypted for the people entitled to them. */
export class NarrativeView {
  @ApiProperty({ format: 'uuid' })
  readonly requestId!: string;

  @ApiProperty({ oneOf: TEXTS_OR_REDACTED, description: 'the texts; "redacted" once shredded; null when none was given' })
  readonly narrative!: readonly string[] | 'redacted' | null;

  @ApiProperty({ oneOf: TEXTS_OR_REDACTED, description: 'the answers to council questions, the same way' })
  readonly notes!: readonly string[] | 'redacted' | null;
}

export class ShreddedNarrative extends CommandPosition {
  @ApiProperty({ format: 'uuid' })
  readonly requestId!: string;

  @ApiProperty({ description: 'false when there was nothing left to shred' })
  readonly shredded!: boolean;

  @ApiProperty({ enum: ['redacted'] })
  readonly narrative!: 'redacted';
}

const example = (code: string, message: string): ErrorExample => [code, message];

export const REQUEST_NOT_FOUND = example('FUND_REQUEST.NOT_FOUND', 'No such fund request');
export const WRONG_STATUS = example('FUND_REQUEST.WRONG_STATUS', 'A closed request cannot be paid');

/** Every command on an existing request: it may not exist (or be another organization's), or be in the wrong status. */
export const REQUEST_COMMAND_ERRORS: ErrorExamples = {
  404: [REQUEST_NOT_FOUND],
  422: [WRONG_STATUS],
};
