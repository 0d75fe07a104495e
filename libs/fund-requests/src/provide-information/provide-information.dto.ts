import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ScreenedText } from '@fund/privacy';

export class ProvideInformationDto {
  @ApiPropertyOptional({ description: 'The answer, without identifying details. Stored encrypted with the narrative.' })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MinLength(1, { message: 'note must not be empty when given' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  @ScreenedText('text')
  note?: string;
}
