import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { QUESTION_CODES, type QuestionCode } from '../vocabulary';

export class RequestInformationDto {
  @ApiProperty({ enum: QUESTION_CODES, description: 'What the council needs to know, as a code (no free text)' })
  @IsIn(QUESTION_CODES, { message: `questionCode must be one of: ${QUESTION_CODES.join(', ')}` })
  questionCode!: QuestionCode;
}
