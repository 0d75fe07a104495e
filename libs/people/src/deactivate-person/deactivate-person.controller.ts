import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Allow, CurrentActor } from '@fund/auth';
import type { Actor } from '@fund/event-sourcing';
import { ApiErrors } from '@fund/platform';
import { PeopleDirectory } from '../people-directory/people-directory';
import { PersonView } from '../people.view';

export class UserIdParam {
  @ApiProperty({ example: 'council-7' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/, { message: 'userId must be a user id' })
  userId!: string;
}

const NOT_FOUND = { 404: [['PEOPLE.NOT_FOUND', 'No one with this user id has signed in']] } as const;

@ApiTags('people')
@Controller('people/:userId')
export class DeactivatePersonController {
  constructor(private readonly people: PeopleDirectory) {}

  @Post('deactivate')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: 'Deactivate a person', description: 'They are notified of nothing more until reactivated; signing in again does not reactivate them.' })
  @ApiErrors(NOT_FOUND)
  @ApiOkResponse({ type: PersonView })
  deactivate(@Param() p: UserIdParam, @CurrentActor() actor: Actor): Promise<PersonView> {
    return this.people.setActive(p.userId, false, actor.userId, new Date());
  }

  @Post('reactivate')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: 'Reactivate a person', description: 'They are notified again, from now on.' })
  @ApiErrors(NOT_FOUND)
  @ApiOkResponse({ type: PersonView })
  reactivate(@Param() p: UserIdParam, @CurrentActor() actor: Actor): Promise<PersonView> {
    return this.people.setActive(p.userId, true, actor.userId, new Date());
  }
}
