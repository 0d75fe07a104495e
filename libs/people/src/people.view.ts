import { ApiProperty } from '@nestjs/swagger';
import { HUMAN_ROLES } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';

export class PersonView {
  @ApiProperty({ example: 'council-7' }) readonly userId!: string;
  @ApiProperty({ enum: HUMAN_ROLES }) readonly role!: Role;
  @ApiProperty({ example: 'org-b' }) readonly organizationId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'from the token; where notifications go', example: 'member@agency.example' }) readonly email!: string | null;
  @ApiProperty({ format: 'date-time' }) readonly firstSignInAt!: string;
  @ApiProperty({ format: 'date-time', description: 'when the newest token seen was issued' }) readonly lastSignInAt!: string;
  @ApiProperty({ description: 'a deactivated person is notified of nothing' }) readonly active!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly deactivatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the coordinator who deactivated them' }) readonly deactivatedBy!: string | null;
}

export class PeopleView {
  @ApiProperty({ type: [PersonView] }) readonly items!: readonly PersonView[];
}
