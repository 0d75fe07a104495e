import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { SIGN_IN_OBSERVER } from '@fund/auth';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { DeactivatePersonController } from './deactivate-person/deactivate-person.controller';
import { ListPeopleController } from './list-people/list-people.controller';
import { PeopleDirectory } from './people-directory/people-directory';
import { PEOPLE_COMPONENT, PEOPLE_MIGRATIONS } from './people.migrations';

/** Global so the auth guard, declared in AuthModule, finds the sign-in observer. */
@Global()
@Module({
  controllers: [ListPeopleController, DeactivatePersonController],
  providers: [PeopleDirectory, { provide: SIGN_IN_OBSERVER, useExisting: PeopleDirectory }],
  exports: [PeopleDirectory, SIGN_IN_OBSERVER],
})
export class PeopleModule implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, PEOPLE_COMPONENT, PEOPLE_MIGRATIONS);
  }
}
