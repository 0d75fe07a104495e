import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@fund/auth';
import { PeopleDirectory } from '../people-directory/people-directory';
import { PeopleView } from '../people.view';
import { ListPeopleDto } from './list-people.dto';

@ApiTags('people')
@Controller('people')
export class ListPeopleController {
  constructor(private readonly people: PeopleDirectory) {}

  @Get()
  @Allow('coordinator')
  @ApiOperation({ summary: 'People who have signed in', description: 'Staff only, never survivors: role, organization, email from their token, last sign-in, active or not.' })
  @ApiOkResponse({ type: PeopleView })
  async list(@Query() q: ListPeopleDto): Promise<PeopleView> {
    return { items: await this.people.list({ ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 }) };
  }
}
