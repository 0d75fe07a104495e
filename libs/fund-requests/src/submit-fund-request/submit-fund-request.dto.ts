import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '@fund/protocols';
import { SURVIVOR_REFERENCE } from '@fund/organizations';
import {
  AGE_BANDS,
  CITIZENSHIP,
  DEMOGRAPHIC_COUNTIES,
  GENDERS,
  PAYMENT_METHODS,
  TRAFFICKING_TYPES,
  URGENCIES,
  type Demographics,
  type PaymentMethod,
  type Urgency,
} from '../vocabulary';
import { ScreenedText } from '@fund/privacy';

const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of: ${values.join(', ')}` });

export class DemographicsDto implements Partial<Demographics> {
  @ApiPropertyOptional({ enum: AGE_BANDS })
  @IsOptional()
  @IsIn(AGE_BANDS, oneOf('demographics.ageBand', AGE_BANDS))
  ageBand?: (typeof AGE_BANDS)[number];

  @ApiPropertyOptional({ enum: DEMOGRAPHIC_COUNTIES })
  @IsOptional()
  @IsIn(DEMOGRAPHIC_COUNTIES, oneOf('demographics.county', DEMOGRAPHIC_COUNTIES))
  county?: Demographics['county'];

  @ApiPropertyOptional({ enum: TRAFFICKING_TYPES })
  @IsOptional()
  @IsIn(TRAFFICKING_TYPES, oneOf('demographics.traffickingType', TRAFFICKING_TYPES))
  traffickingType?: Demographics['traffickingType'];

  @ApiPropertyOptional({ enum: CITIZENSHIP })
  @IsOptional()
  @IsIn(CITIZENSHIP, oneOf('demographics.citizenship', CITIZENSHIP))
  citizenship?: Demographics['citizenship'];

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS, oneOf('demographics.gender', GENDERS))
  gender?: Demographics['gender'];
}

export class SubmitFundRequestDto {
  @ApiProperty({ example: 'SR-7KQ4-M2XP-9D3H', description: 'A reference the fund issued to your organization (POST /survivor-references)' })
  @IsString()
  @Matches(SURVIVOR_REFERENCE, { message: 'survivorReference must be a reference issued by the fund, like SR-7KQ4-M2XP-9D3H' })
  survivorReference!: string;

  @ApiProperty({ enum: EXPENSE_CATEGORIES })
  @IsIn(EXPENSE_CATEGORIES, oneOf('category', EXPENSE_CATEGORIES))
  category!: ExpenseCategory;

  @ApiProperty({ example: 12000, description: 'Integer cents' })
  @IsInt({ message: 'amountCents must be a whole number of cents' })
  @Min(1, { message: 'amountCents must be at least 1' })
  @Max(100_000_000, { message: 'amountCents must be at most 100000000' })
  amountCents!: number;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS, oneOf('paymentMethod', PAYMENT_METHODS))
  paymentMethod!: PaymentMethod;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES, oneOf('urgency', URGENCIES))
  urgency!: Urgency;

  @ApiProperty({ example: '2026-11-30', description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'neededBy must be a date like 2026-11-30' })
  neededBy!: string;

  @ApiPropertyOptional({ type: DemographicsDto, description: 'Optional, banded; omitted fields are "not collected"' })
  @IsOptional()
  @IsObject({ message: 'demographics must be an object' })
  @ValidateNested()
  @Type(() => DemographicsDto)
  demographics?: DemographicsDto;

  @ApiPropertyOptional({ description: 'What the need is, without names, contact details, dates or places. Stored encrypted; shredded on schedule.' })
  @IsOptional()
  @IsString({ message: 'narrative must be text' })
  @MinLength(1, { message: 'narrative must not be empty when given' })
  @MaxLength(2000, { message: 'narrative must be at most 2000 characters' })
  @ScreenedText('text')
  narrative?: string;
}
