export * from './people.migrations';
export * from './people.module';
export * from './people.view';
export { PeopleDirectory, findRecipients, maskEmail, type Person, type RecipientFilter } from './people-directory/people-directory';
